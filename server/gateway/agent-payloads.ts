import { z } from 'zod';
import { isObjectIdString } from '../data/ids.ts';

// What an agent's console may send on /agent. Texts are length-checked by the domain functions so that a too
// long reply gets its own error code (MESSAGE_TOO_LONG).
const id = z.string().refine(isObjectIdString, 'expected an id (24 hexadecimal characters)');
const text = z.string().max(200_000);

export const agentHandshakeSchema = z.object({ token: z.string().min(1).max(4096).optional() }).loose();
export const presenceSchema = z.object({ presence: z.enum(['online', 'away', 'offline']) });
export const emptySchema = z.object({}).loose();
export const inboxListSchema = z.object({
  view: z.enum(['queue', 'mine', 'live', 'resolved']),
  q: z.string().max(200).optional(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
  reason: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export const conversationRefSchema = z.object({ conversationId: id });
export const replySchema = z.object({
  conversationId: id,
  clientMessageId: z.string().trim().min(1).max(100),
  text,
});
export const noteSchema = z.object({ conversationId: id, text });
export const agentTypingSchema = z.object({ conversationId: id, isTyping: z.boolean() });
export const readSchema = z.object({ conversationId: id, seq: z.number().int().min(0) });
export const transferSchema = z.object({ conversationId: id, agentId: id, note: text.optional() });
export const cannedListSchema = z.object({ conversationId: id.optional() });
