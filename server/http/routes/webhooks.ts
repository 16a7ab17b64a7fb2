import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import type { AuthService } from '../../auth/auth-service.ts';
import type { Repositories } from '../../data/repositories/index.ts';
import { AppError } from '../../shared/errors.ts';
import { refusalOfUrl, type Resolver } from '../../webhooks/address-guard.ts';
import { ADMINS, requireRole } from '../guards.ts';
import { idempotent } from '../idempotency.ts';
import { deliveriesQuery, webhookCreateBody, webhookUpdateBody } from '../schemas/webhooks.ts';
import { parseIdParam, parseInput } from '../validation.ts';

export interface WebhookRouteOptions {
  /** How long "redeliver" keeps retrying, like a new event. */
  retryForMs: number;
  /** Off: URLs on loopback, private, link-local or metadata addresses are refused (address-guard.ts). */
  allowPrivateNetworks: boolean;
  resolver?: Resolver;
  now?: () => Date;
}

/** `/api/webhooks` (admins): endpoints, their delivery log, and redelivery (docs/webhooks.md). */
export function webhooksRouter(
  auth: AuthService,
  repositories: Repositories,
  options: WebhookRouteOptions,
): Router {
  const { webhooks } = repositories;
  const now = options.now ?? (() => new Date());
  const router = Router();
  router.use(requireRole(auth, ADMINS));
  const checkUrl = async (url: string | undefined) => {
    if (url === undefined || options.allowPrivateNetworks) return;
    const refusal = await refusalOfUrl(url, options.resolver);
    if (refusal !== null) {
      throw new AppError('VALIDATION_FAILED', undefined, {
        details: { issues: [{ field: 'url', message: refusal }] },
      });
    }
  };

  router.get('/', async (_req, res) => {
    res.json({ items: await webhooks.listEndpoints() });
  });

  // The secret is answered here only; later reads never show it.
  router.post('/', idempotent(repositories.idempotency), async (req, res) => {
    const input = parseInput(webhookCreateBody, req.body ?? {});
    await checkUrl(input.url);
    const secret = input.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
    const endpoint = await webhooks.createEndpoint({ ...input, secret });
    await repositories.audit.record({
      actor: { type: 'user', id: req.staff!.userId },
      action: 'webhook.created',
      target: { type: 'webhook', id: endpoint.id },
      data: { events: endpoint.events },
    });
    res
      .status(201)
      .location(`${req.baseUrl}/${endpoint.id}`)
      .json({ ...endpoint, secret });
  });

  router.get('/:id', async (req, res) => {
    const endpoint = await webhooks.findEndpoint(parseIdParam(req.params.id, 'webhook id'));
    if (endpoint === null) throw new AppError('NOT_FOUND', 'No such webhook.');
    res.json(endpoint);
  });

  router.patch('/:id', async (req, res) => {
    const id = parseIdParam(req.params.id, 'webhook id');
    const changes = parseInput(webhookUpdateBody, req.body ?? {});
    await checkUrl(changes.url);
    const endpoint = await webhooks.updateEndpoint(id, changes);
    if (endpoint === null) throw new AppError('NOT_FOUND', 'No such webhook.');
    res.json(endpoint);
  });

  router.delete('/:id', async (req, res) => {
    const id = parseIdParam(req.params.id, 'webhook id');
    if (!(await webhooks.deleteEndpoint(id))) throw new AppError('NOT_FOUND', 'No such webhook.');
    await repositories.audit.record({
      actor: { type: 'user', id: req.staff!.userId },
      action: 'webhook.deleted',
      target: { type: 'webhook', id },
    });
    res.status(204).end();
  });

  router.get('/:id/deliveries', async (req, res) => {
    const endpointId = parseIdParam(req.params.id, 'webhook id');
    const { page, limit, status } = parseInput(deliveriesQuery, req.query);
    if ((await webhooks.findEndpoint(endpointId)) === null)
      throw new AppError('NOT_FOUND', 'No such webhook.');
    res.json(await webhooks.listDeliveries({ endpointId, status }, { page, limit }));
  });

  router.post('/deliveries/:id/redeliver', async (req, res) => {
    const id = parseIdParam(req.params.id, 'delivery id');
    const delivery = await webhooks.redeliver(id, now(), options.retryForMs);
    if (delivery === null) throw new AppError('NOT_FOUND', 'No such delivery.');
    res.json(delivery);
  });

  return router;
}
