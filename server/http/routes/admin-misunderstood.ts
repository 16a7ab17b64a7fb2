import { Router } from 'express';
import { z } from 'zod';
import type { HttpRegistration } from '../../app.ts';
import type { IntentStore } from '../../admin/intent-store.ts';
import type { MisunderstoodInbox } from '../../admin/misunderstood/inbox.ts';
import { isObjectIdString } from '../../data/ids.ts';
import { ADMINS, requireRole, STAFF } from '../guards.ts';
import { parseInput } from '../validation.ts';
import { auditAdmin } from './admin-common.ts';

const objectId = z.string().refine(isObjectIdString, 'expected an id (24 hexadecimal characters)');
const intentName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'not an intent name');
const entryIds = z.array(objectId).min(1).max(1000);
const version = z.coerce.number().int().min(1);

export const addToIntentBody = z.object({ ids: entryIds, intent: intentName, version });
export const addToKnowledgeBody = z.object({ ids: entryIds, articleId: objectId, version });
export const dismissBody = z.object({ ids: entryIds });
export const correctionBody = z.object({ messageId: objectId, intent: intentName });

/**
 * `/api/admin/misunderstood` (admins: the grouped inbox and its three actions) and `/api/misunderstood` (every
 * staff member: an agent's correction of a visitor message, and the intent names to choose from).
 */
export function adminMisunderstoodRoutes(inbox: MisunderstoodInbox, intents: IntentStore): HttpRegistration {
  return (app, context) => {
    const { audit } = context.repositories;
    const admin = Router();
    admin.use(requireRole(context.auth, ADMINS));

    admin.get('/', async (_req, res) => {
      res.json(await inbox.list());
    });
    admin.post('/add-to-intent', async (req, res) => {
      const { ids, intent, version: expected } = parseInput(addToIntentBody, req.body ?? {});
      const result = await inbox.addToIntent(ids, intent, expected, req.staff!.userId);
      await auditAdmin(
        audit,
        req,
        'misunderstood.add_to_intent',
        { type: 'intent', id: null },
        { intent, version: result.version, added: result.added.length, closed: result.closed },
      );
      res.json(result);
    });
    admin.post('/add-to-knowledge', async (req, res) => {
      const { ids, articleId, version: expected } = parseInput(addToKnowledgeBody, req.body ?? {});
      const result = await inbox.addToKnowledge(ids, articleId, expected, req.staff!.userId);
      await auditAdmin(
        audit,
        req,
        'misunderstood.add_to_knowledge',
        { type: 'knowledge', id: articleId },
        { version: result.version, added: result.added.length, closed: result.closed },
      );
      res.json(result);
    });
    admin.post('/dismiss', async (req, res) => {
      const { ids } = parseInput(dismissBody, req.body ?? {});
      const result = await inbox.dismiss(ids, req.staff!.userId);
      await auditAdmin(audit, req, 'misunderstood.dismiss', { type: 'misunderstood', id: null }, result);
      res.json(result);
    });
    app.use('/api/admin/misunderstood', admin);

    const staff = Router();
    staff.use(requireRole(context.auth, STAFF));
    staff.get('/intents', async (_req, res) => {
      const items = await intents.list();
      res.json({ items: items.map((intent) => intent.name).sort() });
    });
    staff.post('/corrections', async (req, res) => {
      const { messageId, intent } = parseInput(correctionBody, req.body ?? {});
      const entry = await inbox.correct(messageId, intent, req.staff!.userId);
      await auditAdmin(
        audit,
        req,
        'misunderstood.correct',
        { type: 'message', id: messageId },
        { intent, predicted: entry.predicted.intent },
      );
      res.status(201).json({ id: entry.id, suggestedIntent: entry.suggestedIntent, state: entry.state });
    });
    app.use('/api/misunderstood', staff);
  };
}
