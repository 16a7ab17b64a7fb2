import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import {
  buildRecommendationModel,
  type RecommendationModel,
} from '../../../server/analytics/recommendations/model.ts';
import type { Application } from '../../../server/app.ts';
import type {
  Ack,
  ChatMessage,
  ConversationUpdate,
  HistoryPage,
  IdentifyPayload,
  IdentifyResult,
  SessionPayload,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '../../../server/contracts/visitor-events.ts';
import type { ChatSettings } from '../../../server/conversation/chat-deps.ts';
import { createChatRepository, type ChatRepository } from '../../../server/data/chat/index.ts';
import { createEventBus, type EventBus } from '../../../server/events/event-bus.ts';
import type { VisitorRateLimits } from '../../../server/gateway/rate-limiter.ts';
import { chatGateways, type ChatGateways } from '../../../server/gateway/chat-composition.ts';
import type { DeskDeps } from '../../../server/agent/actions.ts';
import { userHashOf } from '../../../server/identity/user-hash.ts';
import type { Logger } from '../../../server/shared/logger.ts';
import { buildTestApp, testConfig } from '../../support/app.ts';
import { startTestDatabase, type TestDatabase } from '../../support/database.ts';
import { TEST_INTENTS } from './intents.ts';
import { scriptedAnalyser } from './scripted-analyser.ts';

export type VisitorClient = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

/** The secret the harness's server shares with "the shop" (IDENTITY_SECRET). */
export const TEST_IDENTITY_SECRET = 'identity-secret-shared-with-the-shop-0123456789';

export interface ChatHarnessOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  rateLimits?: VisitorRateLimits;
  settings?: Partial<ChatSettings>;
  /** Makes the high-value check of complaints this slow, to see what a slow answer looks like. */
  slowSpendLookupMs?: number;
}

export interface ChatHarness {
  db: TestDatabase;
  app: Application;
  url: string;
  analyser: ReturnType<typeof scriptedAnalyser>;
  events: EventBus;
  /** The chat's shared dependencies (the same the gateways use), for driving domain functions directly. */
  deps: DeskDeps;
  gateways: ChatGateways;
  setRecommendationModel(model: RecommendationModel): void;
  /** Connects a visitor and resolves with its session; the socket is closed by `stop`. */
  visitor(
    auth?: { visitorToken?: string },
    extraHeaders?: Record<string, string>,
  ): Promise<{ socket: VisitorClient; session: SessionPayload }>;
  stop(): Promise<void>;
}

export async function startChatHarness(options: ChatHarnessOptions = {}): Promise<ChatHarness> {
  const db = await startTestDatabase();
  const analyser = scriptedAnalyser();
  const events = createEventBus();
  let model = buildRecommendationModel([], []);
  const gateways = chatGateways({
    analyser,
    intents: TEST_INTENTS,
    recommendations: () => model,
    chatData: withSlowSpendLookup(createChatRepository(db.database.models), options.slowSpendLookupMs ?? 0),
    events,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const app = buildTestApp(
    {
      repositories: db.repositories,
      config: testConfig({
        WIDGET_ORIGINS: 'https://shop.example',
        IDENTITY_SECRET: TEST_IDENTITY_SECRET,
        // Routing is tested on its own (test/agent/); elsewhere agents pick conversations explicitly.
        ROUTING_MODE: 'manual',
        ...options.env,
      }),
      ...(options.logger ? { logger: options.logger } : {}),
    },
    { gateways: [gateways.gateway], http: [gateways.http] },
  );
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const sockets: VisitorClient[] = [];

  return {
    db,
    app,
    url,
    analyser,
    events,
    get deps() {
      return gateways.deps;
    },
    gateways,
    setRecommendationModel(next) {
      model = next;
    },
    async visitor(auth = {}, extraHeaders = {}) {
      const socket: VisitorClient = connect(`${url}/visitor`, {
        auth,
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders,
      });
      sockets.push(socket);
      const session = await new Promise<SessionPayload>((resolve, reject) => {
        socket.once('session', resolve);
        socket.once('connect_error', reject);
      });
      return { socket, session };
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
      await gateways.settled();
      await events.drain();
      await app.close();
      await db.stop();
    },
  };
}

function withSlowSpendLookup(chatData: ChatRepository, delayMs: number): ChatRepository {
  if (delayMs <= 0) return chatData;
  return {
    ...chatData,
    customerValue: (contactId) =>
      new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => chatData.customerValue(contactId)),
  };
}

export function send(
  socket: VisitorClient,
  clientMessageId: string,
  text: string,
): Promise<Ack<{ id: string; seq: number }>> {
  return socket.timeout(10_000).emitWithAck('message:send', { clientMessageId, text });
}

/** Resolves with the next event matching the predicate (bounded by a timeout, never a sleep). */
export function next<E extends 'message:created' | 'conversation:updated'>(
  socket: VisitorClient,
  event: E,
  predicate: (payload: E extends 'message:created' ? ChatMessage : ConversationUpdate) => boolean = () =>
    true,
  timeoutMs = 10_000,
): Promise<E extends 'message:created' ? ChatMessage : ConversationUpdate> {
  type Payload = E extends 'message:created' ? ChatMessage : ConversationUpdate;
  return new Promise<Payload>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Sends a message and resolves with the ack and the bot's reply to it. */
export async function ask(socket: VisitorClient, clientMessageId: string, text: string) {
  const reply = next(socket, 'message:created', (m) => m.sender === 'bot');
  const ack = await send(socket, clientMessageId, text);
  if (!ack.ok) throw new Error(`message refused: ${ack.error.code}`);
  return { ack: ack.data, reply: await reply };
}

export async function fetchHistory(
  socket: VisitorClient,
  afterSeq: number,
  limit?: number,
): Promise<Ack<HistoryPage>> {
  const loose = socket as unknown as {
    timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<Ack<HistoryPage>> };
  };
  return loose
    .timeout(10_000)
    .emitWithAck('history:fetch', limit === undefined ? { afterSeq } : { afterSeq, limit });
}

/** `identify` as the shop's page sends it; `userHash` (and `emailHash` when `signEmail`) made with `secret`. */
export function identify(
  socket: VisitorClient,
  customer: { userId: string; email?: string; name?: string; signEmail?: boolean },
  secret = TEST_IDENTITY_SECRET,
): Promise<Ack<IdentifyResult>> {
  const payload: IdentifyPayload = {
    userId: customer.userId,
    userHash: userHashOf(secret, customer.userId),
    ...(customer.email !== undefined ? { email: customer.email } : {}),
    ...(customer.name !== undefined ? { name: customer.name } : {}),
    ...(customer.email !== undefined && customer.signEmail
      ? { emailHash: userHashOf(secret, customer.email) }
      : {}),
  };
  return socket.timeout(10_000).emitWithAck('identify', payload);
}
