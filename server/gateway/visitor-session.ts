import { randomUUID } from 'node:crypto';
import { signToken, verifyToken } from '../auth/token.ts';
import type { Repositories } from '../data/repositories/index.ts';
import { AppError } from '../shared/errors.ts';

export const VISITOR_ROLE = 'visitor';

export interface VisitorSession {
  visitorId: string;
  visitorToken: string;
  contactId: string;
  conversationId: string;
  lastSeq: number;
}

export interface SessionSettings {
  secret: string;
  ttlSeconds: number;
  now?: () => number;
}

/**
 * Resolves the handshake's token to a visitor, or creates a visitor, contact and conversation when there is
 * none. A token is an HMAC-signed claim on a visitor id: a forged or foreign token (an agent's, another
 * deployment's) is refused rather than silently replaced, so a widget notices instead of losing its history.
 */
export async function openVisitorSession(
  repositories: Repositories,
  settings: SessionSettings,
  visitorToken: string | undefined,
): Promise<VisitorSession> {
  const now = settings.now?.() ?? Date.now();
  let visitorId: string;
  let token: string;
  if (visitorToken === undefined) {
    visitorId = randomUUID();
    token = signToken({ sub: visitorId, role: VISITOR_ROLE }, settings.secret, settings.ttlSeconds, now);
  } else {
    const claims = verifyToken(visitorToken, settings.secret, now);
    if (claims.role !== VISITOR_ROLE) throw new AppError('INVALID_TOKEN');
    visitorId = claims.sub;
    token = visitorToken;
  }
  const contact = await repositories.contacts.findOrCreateByVisitorId(visitorId);
  const conversation =
    (await repositories.conversations.findLatestByVisitorId(visitorId)) ??
    (await repositories.conversations.create({ contactId: contact.id, visitorId }));
  return {
    visitorId,
    visitorToken: token,
    contactId: contact.id,
    conversationId: conversation.id,
    lastSeq: conversation.lastSeq,
  };
}
