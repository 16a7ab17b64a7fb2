import type { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';
import type { AppContext, GatewayRegistration } from '../app.ts';
import { registerChatMetrics } from '../analytics/chat-metrics.ts';
import type { RecommendationModel } from '../analytics/recommendations/model.ts';
import {
  VISITOR_NAMESPACE,
  type Ack,
  type ChatMessage,
  type IdentifyResult,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
} from '../contracts/visitor-events.ts';
import type { IntentDefinition, MessageAnalyser } from '../conversation/analysis.ts';
import type { ChatDeps, ChatSettings } from '../conversation/chat-deps.ts';
import { handleVisitorMessage } from '../conversation/engine.ts';
import { historyPage } from '../conversation/history.ts';
import { conversationUpdateOf } from '../conversation/ownership.ts';
import { rateConversation } from '../conversation/rating.ts';
import type { ChatRepository } from '../data/chat/index.ts';
import type { KnowledgeArticleRecord, ProductRecord } from '../data/records.ts';
import type { Replies } from '../replies/replies.ts';
import type { EventBus } from '../events/event-bus.ts';
import { chatGateways } from './chat-composition.ts';
import { AppError, toClientError } from '../shared/errors.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import { identifyVisitor } from '../identity/identify.ts';
import {
  handshakeAuthSchema,
  historyFetchSchema,
  identifySchema,
  rateConversationSchema,
  sendMessageSchema,
  typingSchema,
} from './payloads.ts';
import { operatorMetrics } from '../shared/operator-metrics.ts';
import {
  DEFAULT_RATE_LIMITS,
  countingRefusals,
  createMessageRateLimiter,
  type VisitorRateLimits,
} from './rate-limiter.ts';
import { conversationRoom, type VisitorNamespace } from './socket-notifier.ts';
import { openVisitorSession } from './visitor-session.ts';

export interface VisitorGatewayOptions {
  analyser: MessageAnalyser;
  intents: Iterable<IntentDefinition> | Map<string, IntentDefinition>;
  /** The precomputed recommendation model (e.g. `recommendationService.current`). */
  recommendations: () => RecommendationModel;
  chatData: ChatRepository;
  events?: EventBus;
  settings?: Partial<ChatSettings>;
  rateLimits?: VisitorRateLimits;
  /** Shares the rate-limit buckets between nodes. */
  redis?: Redis | null;
  /** Messages per `history:fetch` page when the client gives no `limit` (at most 100). */
  historyPageSize?: number;
  /** The shop's knowledge articles, products (most popular first) and reply templates the assistant answers with. */
  knowledge?: () => ReadonlyMap<string, KnowledgeArticleRecord>;
  products?: () => readonly ProductRecord[];
  replies?: Replies;
  /** Where a visitor's typing indicator goes (the agent side subscribes); ignored by default. */
  onVisitorTyping?: (conversationId: string, isTyping: boolean) => void;
}

interface VisitorSocketData {
  visitorId: string;
  conversationId: string;
  visitorToken: string;
  lastSeq: number;
  ip: string;
  /**
   * Set by a successful `identify` on this connection, the customer's contact; every connection starts
   * without one, so the shop's page identifies its signed-in customer on each load (docs/protocol.md).
   */
  verifiedContactId: string | null;
}

type VisitorSocket = Socket<
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  object,
  VisitorSocketData
>;

const DEFAULT_HISTORY_PAGE = 50;

/**
 * Registers the `/visitor` namespace and, sharing the same chat wiring, `/agent`: pass it in
 * `createApplication(deps, { gateways: [...] })`. Kept for callers that only think of the visitor side.
 */
export function visitorGateway(options: VisitorGatewayOptions): GatewayRegistration {
  return chatGateways(options).gateway;
}

/** The `/visitor` namespace's handlers over the chat's shared dependencies (built once, chat-composition.ts). */
export function registerVisitorNamespace(
  io: Server,
  context: AppContext,
  deps: ChatDeps,
  options: VisitorGatewayOptions,
): { close(): Promise<void> } {
  {
    const { config, logger, repositories, originPolicy } = context;
    const namespace = io.of(VISITOR_NAMESPACE) as unknown as VisitorNamespace;
    const limiter = countingRefusals(
      createMessageRateLimiter({
        ...(options.rateLimits ?? DEFAULT_RATE_LIMITS),
        redis: options.redis ?? null,
        onError: (error) => logger.warn({ err: error }, 'rate limit store failed; message admitted'),
      }),
      operatorMetrics(context.metrics).rateLimited,
    );
    const queue = createKeyedQueue();
    const unregisterMetrics = registerChatMetrics(deps.events, context.metrics);
    const pageSize = options.historyPageSize ?? DEFAULT_HISTORY_PAGE;

    // Namespaces are trust boundaries: the visitor is identified here, before any event is accepted.
    namespace.use((socket, next) => {
      const handshake = socket.handshake;
      if (!originPolicy.allows(handshake.headers.origin)) {
        next(refusal(new AppError('ORIGIN_NOT_ALLOWED')));
        return;
      }
      const auth = handshakeAuthSchema.safeParse(handshake.auth ?? {});
      if (!auth.success) {
        next(refusal(new AppError('INVALID_TOKEN')));
        return;
      }
      const ip = clientAddress(socket as VisitorSocket, config.trustProxyHops);
      const { visitorToken } = auth.data;
      // Only a handshake without a token creates records; a returning visitor is never refused here.
      const admitted = visitorToken === undefined ? limiter.admitNewVisitor(ip) : Promise.resolve(true);
      admitted
        .then((ok) => {
          if (!ok)
            throw new AppError('RATE_LIMITED', 'Too many new chats from this address; try again later.');
          return openVisitorSession(
            repositories,
            { secret: config.tokenSecret, ttlSeconds: config.visitorTokenTtlSeconds, now: context.now },
            visitorToken,
          );
        })
        .then(
          (session) => {
            socket.data = {
              visitorId: session.visitorId,
              conversationId: session.conversationId,
              visitorToken: session.visitorToken,
              lastSeq: session.lastSeq,
              ip,
              verifiedContactId: null,
            };
            next();
          },
          (error: unknown) => {
            if (!(error instanceof AppError)) logger.error({ err: error }, 'visitor handshake failed');
            next(refusal(error));
          },
        );
    });

    namespace.on('connection', (raw) => {
      const socket = raw as VisitorSocket;
      const { conversationId, visitorId, ip } = socket.data;
      // A crafted packet must never crash the process (CVE-2024-38355): every socket has an error listener.
      socket.on('error', (error) => logger.warn({ err: error, socketId: socket.id }, 'visitor socket error'));
      void socket.join(conversationRoom(conversationId));
      socket.emit('session', {
        visitorToken: socket.data.visitorToken,
        conversationId,
        lastSeq: socket.data.lastSeq,
        maxMessageLength: config.messageMaxLength,
      });
      // The conversation's current owner (queue place, agent's name, rating), so a reloaded widget shows the
      // same status line and does not ask twice for a rating. Queued like messages, so the state a message of
      // this visitor changes is never overtaken by this older read.
      void queue.run(conversationId, () =>
        currentState(deps, conversationId).then(
          (update) => void (update && socket.emit('conversation:updated', update)),
          (error: unknown) => logger.warn({ err: error, conversationId }, 'conversation state not sent'),
        ),
      );

      socket.on('message:send', (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        const reply = ack as (result: Ack<{ id: string; seq: number }>) => void;
        const parsed = sendMessageSchema.safeParse(payload);
        if (!parsed.success) {
          reply(failure(new AppError('INVALID_PAYLOAD')));
          return;
        }
        const { clientMessageId, text } = parsed.data;
        // Before any NLP: analysis cost grows badly with length.
        if (text.length > config.messageMaxLength) {
          reply(
            failure(
              new AppError('MESSAGE_TOO_LONG', undefined, {
                details: { maxLength: config.messageMaxLength },
              }),
            ),
          );
          return;
        }
        if (text.trim() === '') {
          reply(failure(new AppError('INVALID_PAYLOAD', 'The message is empty.')));
          return;
        }
        // Admission starts now, in arrival order; processing waits for the conversation's earlier messages.
        const admitted = limiter.admit(visitorId, ip);
        void queue.run(conversationId, async () => {
          if (!(await admitted)) {
            reply(failure(new AppError('RATE_LIMITED')));
            return;
          }
          let acked = false;
          try {
            await handleVisitorMessage(
              deps,
              {
                conversationId,
                visitorId,
                clientMessageId,
                text,
                socketId: socket.id,
                // Read when the message's turn comes: an identify queued before it has finished by then.
                verifiedContactId: socket.data.verifiedContactId,
              },
              (p) => {
                acked = true;
                reply({ ok: true, data: { id: p.id, seq: p.seq } });
              },
            );
          } catch (error) {
            if (!(error instanceof AppError))
              logger.error({ err: error, conversationId }, 'visitor message failed');
            if (!acked) reply(failure(error));
          }
        });
      });

      socket.on('history:fetch', (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        const reply = ack as (result: Ack<{ messages: ChatMessage[]; hasMore: boolean }>) => void;
        const parsed = historyFetchSchema.safeParse(payload);
        if (!parsed.success) {
          reply(failure(new AppError('INVALID_PAYLOAD')));
          return;
        }
        const limit = parsed.data.limit ?? pageSize;
        limiter
          .admitHistory(visitorId, ip)
          .then((admitted) => {
            if (!admitted) throw new AppError('RATE_LIMITED');
            return historyPage(deps, conversationId, parsed.data.afterSeq, limit);
          })
          .then(
            (page) => reply({ ok: true, data: page }),
            (error: unknown) => {
              if (!(error instanceof AppError))
                logger.error({ err: error, conversationId }, 'history fetch failed');
              reply(failure(error));
            },
          );
      });

      socket.on('identify', (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        const reply = ack as (result: Ack<IdentifyResult>) => void;
        const parsed = identifySchema.safeParse(payload);
        if (!parsed.success) {
          reply(failure(new AppError('INVALID_PAYLOAD')));
          return;
        }
        const admitted = limiter.admit(visitorId, ip);
        // In the conversation's queue: a message sent after identify is answered for the verified customer,
        // and no message is processed while the visitor's contact is being merged.
        void queue.run(conversationId, async () => {
          if (!(await admitted)) {
            reply(failure(new AppError('RATE_LIMITED')));
            return;
          }
          try {
            const outcome = await identifyVisitor(
              deps,
              config.identitySecret,
              { visitorId, conversationId },
              parsed.data,
            );
            const conversation = await repositories.conversations.findById(conversationId);
            socket.data.verifiedContactId = outcome.contactId;
            reply({ ok: true, data: { identified: true, name: outcome.name } });
            socket.emit('session', {
              visitorToken: socket.data.visitorToken,
              conversationId,
              lastSeq: conversation?.lastSeq ?? socket.data.lastSeq,
              identified: true,
            });
          } catch (error) {
            // A failed identify ends any earlier verification of this connection: something is off.
            socket.data.verifiedContactId = null;
            if (!(error instanceof AppError)) logger.error({ err: error, conversationId }, 'identify failed');
            else if (error.code === 'IDENTITY_NOT_VERIFIED')
              logger.warn({ visitorId, conversationId }, 'identify refused: the hash does not match');
            reply(failure(error));
          }
        });
      });

      socket.on('conversation:rate', (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        const reply = ack as (result: Ack<{ rating: number }>) => void;
        const parsed = rateConversationSchema.safeParse(payload);
        if (!parsed.success) {
          reply(failure(new AppError('INVALID_PAYLOAD')));
          return;
        }
        // In the conversation's queue, so a rating and a message reopening the conversation keep their order.
        void queue.run(conversationId, () =>
          rateConversation(deps, conversationId, parsed.data).then(
            (data) => reply({ ok: true, data }),
            (error: unknown) => {
              if (!(error instanceof AppError)) logger.error({ err: error, conversationId }, 'rating failed');
              reply(failure(error));
            },
          ),
        );
      });

      socket.on('typing', (payload: unknown) => {
        const parsed = typingSchema.safeParse(payload);
        if (parsed.success) options.onVisitorTyping?.(conversationId, parsed.data.isTyping);
      });
    });

    return {
      async close() {
        unregisterMetrics();
        await limiter.close();
      },
    };
  }
}

async function currentState(deps: ChatDeps, conversationId: string) {
  const conversation = await deps.repositories.conversations.findById(conversationId);
  return conversation === null ? null : conversationUpdateOf(deps, conversation);
}

function failure(error: unknown): { ok: false; error: { code: string; message: string } } {
  const { code, message } = toClientError(error);
  return { ok: false, error: { code, message } };
}

/** A handshake refusal the client reads from `connect_error`: `err.message` is the code, `err.data` the error. */
function refusal(error: unknown): Error {
  const clientError = toClientError(error);
  return Object.assign(new Error(clientError.code), { data: clientError });
}

function clientAddress(socket: VisitorSocket, trustProxyHops: number): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  if (trustProxyHops > 0 && typeof forwarded === 'string') {
    const chain = forwarded.split(',').map((part) => part.trim());
    const entry = chain[Math.max(0, chain.length - trustProxyHops)];
    if (entry) return entry;
  }
  return socket.handshake.address;
}
