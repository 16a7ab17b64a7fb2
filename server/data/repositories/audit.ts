import { toAuditEvent } from '../mappers.ts';
import type { AuditEventDoc, AuditParty } from '../models/audit-event.ts';
import type { Models } from '../models/index.ts';
import type { AuditEventRecord, Page, PageRequest } from '../records.ts';
import { DEFAULT_PAGE, skipOf } from './paging.ts';

export type AuditRepository = ReturnType<typeof createAuditRepository>;

export function createAuditRepository({ AuditEvent }: Models) {
  return {
    async record(event: {
      actor: AuditParty;
      action: string;
      target: AuditParty;
      data?: unknown;
      at?: Date;
    }): Promise<AuditEventRecord> {
      const doc = await AuditEvent.create({ ...event, data: event.data ?? null, at: event.at ?? new Date() });
      return toAuditEvent(doc.toObject());
    },

    /**
     * Newest first, optionally only the events about one record, by one actor (a user id), of one action
     * (`user.update`) or family of actions (`user.`, a prefix ending with a dot), and within [from, to).
     */
    async list(
      filter: { target?: AuditParty; actorId?: string; action?: string; from?: Date; to?: Date } = {},
      page: PageRequest = DEFAULT_PAGE,
    ): Promise<Page<AuditEventRecord>> {
      const query: Record<string, unknown> = {};
      if (filter.target !== undefined) {
        query['target.type'] = filter.target.type;
        // A null id lists every event about records of that type.
        if (filter.target.id !== null) query['target.id'] = filter.target.id;
      }
      if (filter.actorId !== undefined) query['actor.id'] = filter.actorId;
      if (filter.action !== undefined) {
        query['action'] = filter.action.endsWith('.')
          ? { $regex: `^${filter.action.replace(/[.]/g, '\\.')}` }
          : filter.action;
      }
      if (filter.from !== undefined || filter.to !== undefined) {
        query['at'] = {
          ...(filter.from !== undefined ? { $gte: filter.from } : {}),
          ...(filter.to !== undefined ? { $lt: filter.to } : {}),
        };
      }
      const [docs, total] = await Promise.all([
        AuditEvent.find(query)
          .sort({ at: -1, _id: -1 })
          .skip(skipOf(page))
          .limit(page.limit)
          .lean<AuditEventDoc[]>(),
        AuditEvent.countDocuments(query),
      ]);
      return { items: docs.map(toAuditEvent), page: page.page, limit: page.limit, total };
    },
  };
}
