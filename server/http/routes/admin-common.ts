import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AuditRepository } from '../../data/repositories/audit.ts';
import { AppError } from '../../shared/errors.ts';

/**
 * The version a write is based on: the `If-Match` header (`"3"`, the ETag a read returned) or `version` in the
 * body or query. Required, so a client that forgot it never overwrites someone else's edit by accident.
 */
export function expectedVersion(req: Request): number {
  const header = req.get('if-match');
  const raw =
    header !== undefined
      ? header.replace(/^W\//, '').replace(/"/g, '')
      : ((req.body as { version?: unknown } | undefined)?.version ?? req.query['version']);
  const parsed = z.coerce.number().int().min(1).safeParse(raw);
  if (raw === undefined || raw === '' || !parsed.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Say which version you edited: If-Match: "<version>" or version.',
      {
        details: { issues: [{ field: 'version', message: 'expected the version the edit is based on' }] },
      },
    );
  }
  return parsed.data;
}

/** The body without the `version` field that `expectedVersion` read. */
export function withoutVersion(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { version: _version, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** Answers a versioned record with its ETag, so the next write can send it back in If-Match. */
export function sendVersioned(res: Response, record: { version: number }, status = 200): void {
  res.status(status).set('ETag', `"${record.version}"`).json(record);
}

/** Records who changed which admin record; the admin audit log lists these. */
export function auditAdmin(
  audit: AuditRepository,
  req: Request,
  action: string,
  target: { type: string; id: string | null },
  data?: unknown,
): Promise<unknown> {
  return audit.record({ actor: { type: 'user', id: req.staff?.userId ?? null }, action, target, data });
}
