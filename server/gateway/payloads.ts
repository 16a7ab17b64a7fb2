import { z } from 'zod';

// Limits on what a client may send; the text length is checked separately so it can get its own error code.
export const sendMessageSchema = z.object({
  clientMessageId: z.string().trim().min(1).max(100),
  text: z.string(),
});

export const historyFetchSchema = z.object({
  afterSeq: z.number().int().min(0),
  limit: z.number().int().min(1).max(100).optional(),
});

export const rateConversationSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().max(2000).optional(),
});

export const typingSchema = z.object({ isTyping: z.boolean() });

export const handshakeAuthSchema = z.object({ visitorToken: z.string().min(1).max(2048).optional() }).loose();

// Not trimmed: the shop's backend signed these exact strings, and a hash that does not match says so.
export const identifySchema = z.object({
  userId: z.string().min(1).max(200),
  email: z.string().min(3).max(254).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  userHash: z.string().min(1).max(200),
  emailHash: z.string().min(1).max(200).optional(),
});
