import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { startEmbeddedMongo } from '../../embedded-mongo/index.ts';
import { createApplication } from '../../server/app.ts';
import { parseConfig } from '../../server/config.ts';
import type {
  ChatMessage,
  ConversationUpdate,
  SessionPayload,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '../../server/contracts/visitor-events.ts';
import { connectDatabase } from '../../server/data/connection.ts';
import type { Models } from '../../server/data/models/index.ts';
import type { OrderStatus, TicketRecord } from '../../server/data/records.ts';
import { createRepositories, type Repositories } from '../../server/data/repositories/index.ts';
import { seedDemoData, seedDemoKnowledge } from '../../server/data/seed/seed-database.ts';
import { createVisitorChat } from '../../server/gateway/visitor-chat.ts';
import { shopPages } from '../../server/http/routes/shop-pages.ts';
import { silentLogger } from '../../server/shared/logger.ts';
import type { Dialogue, Expectation } from './schema.ts';

type VisitorClient = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

/** The demo data is seeded as of this moment, so order statuses are the same on every run. */
export const SEED_NOW = new Date('2026-12-01T12:00:00Z');
const REPLY_TIMEOUT_MS = 15_000;

export interface TurnResult {
  visitor: string;
  reply: string;
  intent: string | null;
  passed: boolean;
  /** One line per failed check: what was expected and what happened. */
  failures: string[];
}

export interface DialogueResult {
  id: string;
  title: string;
  file: string;
  tags: string[];
  passed: boolean;
  turns: TurnResult[];
}

export interface DialogueRun {
  startedAt: string;
  seconds: number;
  dialogues: DialogueResult[];
  summary: { dialogues: number; dialoguesPassed: number; turns: number; turnsPassed: number };
}

export interface RunOptions {
  /** Where the intent model is kept (trained once when missing or stale): `<dataDir>/models/intent-model.json`. */
  dataDir: string;
  onDialogue?: (result: DialogueResult) => void;
}

/**
 * Runs dialogues against the real server as `npm start` builds it (the NLP worker on the trained model, the
 * knowledge and catalogue, the engine, socket.io) over a fresh embedded database seeded with the demo shop.
 * Each dialogue is a new visitor on its own socket.io-client connection.
 */
export async function runDialogues(
  dialogues: readonly Dialogue[],
  options: RunOptions,
): Promise<DialogueRun> {
  const started = Date.now();
  const engine = await startEmbeddedMongo();
  const database = await connectDatabase(engine.uri, {
    dbName: `concierge_dialogues_${randomBytes(4).toString('hex')}`,
  });
  const repositories = createRepositories(database.models);
  const sockets: VisitorClient[] = [];
  let close = async () => {};
  try {
    await seedDemoData(repositories, { now: SEED_NOW });
    await seedDemoKnowledge(repositories);
    const base = parseConfig({
      NODE_ENV: 'test',
      DATA_DIR: options.dataDir,
      WIDGET_ORIGINS: 'http://127.0.0.1',
    });
    const config = Object.freeze({
      ...base,
      tokenSecret: base.tokenSecret ?? randomBytes(32).toString('hex'),
    });
    const logger = silentLogger();
    const generous = { burst: 10_000, refillPerSecond: 10_000 };
    const chat = await createVisitorChat({
      config,
      logger,
      repositories,
      models: database.models,
      recommendationRefreshMs: 0,
      knowledgeRefreshMs: 0,
      rateLimits: { perVisitor: generous, perIp: generous, newVisitorsPerIp: generous },
    });
    const app = createApplication(
      { config, logger, repositories },
      { gateways: [chat.gateway], http: [shopPages(repositories)] },
    );
    close = async () => {
      await app.close();
      await chat.close();
    };
    await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    const orders = await ordersByStatus(database.models.Order);

    const results: DialogueResult[] = [];
    for (const [index, dialogue] of dialogues.entries()) {
      const socket: VisitorClient = connect(`${url}/visitor`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { origin: 'http://127.0.0.1' },
      });
      sockets.push(socket);
      const session = await new Promise<SessionPayload>((resolve, reject) => {
        socket.once('session', resolve);
        socket.once('connect_error', reject);
      });
      const resolve = placeholderResolver(orders, index);
      const turns: TurnResult[] = [];
      const startContact = (await repositories.conversations.findById(session.conversationId))!.contactId;
      for (const [t, turn] of dialogue.turns.entries()) {
        const text = resolve(turn.visitor);
        const before = await ticketsOf(repositories, startContact);
        const updates: ConversationUpdate[] = [];
        const onUpdate = (u: ConversationUpdate) => updates.push(u);
        socket.on('conversation:updated', onUpdate);
        let reply: ChatMessage | null = null;
        let error: string | null = null;
        try {
          reply = await exchange(socket, `${dialogue.id}-${t}`, text);
        } catch (e) {
          error = (e as Error).message;
        }
        await chat.events.drain();
        socket.off('conversation:updated', onUpdate);
        const failures = error
          ? [error]
          : await check(turn.expect, {
              reply: reply!,
              resolve,
              repositories,
              conversationId: session.conversationId,
              startContact,
              before,
              updates,
            });
        turns.push({
          visitor: text,
          reply: reply?.text ?? '',
          intent: reply?.intent ?? null,
          passed: failures.length === 0,
          failures,
        });
      }
      socket.disconnect();
      const result: DialogueResult = {
        id: dialogue.id,
        title: dialogue.title,
        file: dialogue.file,
        tags: dialogue.tags,
        passed: turns.every((t) => t.passed),
        turns,
      };
      results.push(result);
      options.onDialogue?.(result);
    }
    const turns = results.flatMap((d) => d.turns);
    return {
      startedAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
      dialogues: results,
      summary: {
        dialogues: results.length,
        dialoguesPassed: results.filter((d) => d.passed).length,
        turns: turns.length,
        turnsPassed: turns.filter((t) => t.passed).length,
      },
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await close();
    await database.close();
    await engine.stop();
  }
}

function exchange(socket: VisitorClient, clientMessageId: string, text: string): Promise<ChatMessage> {
  return new Promise<ChatMessage>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message:created', listener);
      reject(new Error(`no reply within ${REPLY_TIMEOUT_MS} ms`));
    }, REPLY_TIMEOUT_MS);
    const listener = (message: ChatMessage) => {
      if (message.sender !== 'bot') return;
      clearTimeout(timer);
      socket.off('message:created', listener);
      resolve(message);
    };
    socket.on('message:created', listener);
    socket
      .timeout(REPLY_TIMEOUT_MS)
      .emitWithAck('message:send', { clientMessageId, text })
      .then((ack) => {
        if (!ack.ok) {
          clearTimeout(timer);
          socket.off('message:created', listener);
          reject(new Error(`message refused: ${ack.error.code}`));
        }
      }, reject);
  });
}

interface OrderRow {
  number: string;
  status: OrderStatus;
}

async function ordersByStatus(Order: Models['Order']): Promise<Map<string, string[]>> {
  const rows = await Order.find({}, { number: 1, status: 1 }).sort({ number: 1 }).lean<OrderRow[]>();
  const byStatus = new Map<string, string[]>();
  for (const row of rows) byStatus.set(row.status, [...(byStatus.get(row.status) ?? []), row.number]);
  return byStatus;
}

const PLACEHOLDER = /\{(order\d?):([a-z]+)(\.digits)?\}|\{unknown_order(\.digits)?\}/g;

/** Resolves `{order:shipped}`-style placeholders to seeded orders, different ones for each dialogue. */
function placeholderResolver(orders: Map<string, string[]>, dialogueIndex: number): (text: string) => string {
  const chosen = new Map<string, string>();
  return (text) =>
    text.replace(
      PLACEHOLDER,
      (_whole, slot: string | undefined, status: string | undefined, digits, unknownDigits) => {
        if (slot === undefined) return unknownDigits ? '99999' : 'ORD-99999';
        const key = `${slot}:${status}`;
        let number = chosen.get(key);
        if (number === undefined) {
          const list = orders.get(status!) ?? [];
          if (list.length === 0) throw new Error(`no seeded order is ${status}`);
          const offset = slot === 'order' ? 0 : 1;
          number = list[(dialogueIndex * 2 + offset) % list.length]!;
          chosen.set(key, number);
        }
        return digits ? number.replace(/^ORD-/, '') : number;
      },
    );
}

async function ticketsOf(repositories: Repositories, contactId: string): Promise<TicketRecord[]> {
  return (await repositories.tickets.list({ contactId }, { page: 1, limit: 100 })).items;
}

interface CheckContext {
  reply: ChatMessage;
  resolve: (text: string) => string;
  repositories: Repositories;
  conversationId: string;
  startContact: string;
  before: TicketRecord[];
  updates: ConversationUpdate[];
}

async function check(expect: Expectation, context: CheckContext): Promise<string[]> {
  const { reply, resolve, repositories } = context;
  const failures: string[] = [];
  const text = reply.text.toLowerCase();
  const quote = (s: string) => JSON.stringify(s);
  if (expect.intent !== undefined) {
    const allowed = Array.isArray(expect.intent) ? expect.intent : [expect.intent];
    if (!allowed.includes(reply.intent ?? ''))
      failures.push(`intent ${reply.intent ?? 'none'}, expected ${allowed.join(' or ')}`);
  }
  for (const s of expect.says ?? []) {
    if (!text.includes(resolve(s).toLowerCase())) failures.push(`reply lacks ${quote(resolve(s))}`);
  }
  if (expect.says_any && !expect.says_any.some((s) => text.includes(resolve(s).toLowerCase()))) {
    failures.push(`reply has none of ${expect.says_any.map((s) => quote(resolve(s))).join(', ')}`);
  }
  for (const s of expect.never_says ?? []) {
    if (text.includes(resolve(s).toLowerCase())) failures.push(`reply says ${quote(resolve(s))}`);
  }
  const cards = (reply.suggestions ?? []).filter((s) => s.type === 'product');
  if (expect.link !== undefined) {
    const inText = reply.text.includes(expect.link);
    const inCards = cards.some((c) => c.type === 'product' && c.url === expect.link);
    if (!inText && !inCards) failures.push(`no link ${expect.link}`);
  }
  if (expect.quick_replies !== undefined) {
    const has = (reply.suggestions ?? []).some((s) => s.type === 'quick_reply');
    if (has !== expect.quick_replies) failures.push(has ? 'offers quick replies' : 'offers no quick replies');
  }
  if (expect.products !== undefined) {
    const p = expect.products;
    if (p.min !== undefined && cards.length < p.min)
      failures.push(`${cards.length} product cards, expected at least ${p.min}`);
    if (p.max !== undefined && cards.length > p.max)
      failures.push(`${cards.length} product cards, expected at most ${p.max}`);
    for (const card of cards) {
      if (card.type !== 'product') continue;
      if (p.max_price !== undefined && card.price > p.max_price)
        failures.push(`card ${card.title} costs ${card.price} > ${p.max_price}`);
      const product = await repositories.products.findById(card.productId);
      if (p.skus && (!product || !p.skus.includes(product.sku)))
        failures.push(`card ${card.title} is not one of ${p.skus.join(', ')}`);
      if (p.tag && (!product || !product.tags.includes(p.tag)))
        failures.push(`card ${card.title} is not tagged ${p.tag}`);
    }
  }
  const conversation = await repositories.conversations.findById(context.conversationId);
  if (expect.ticket !== undefined) {
    const after = await ticketsOf(repositories, context.startContact);
    const known = new Map(context.before.map((t) => [t.id, t]));
    const opened = after.filter((t) => !known.has(t.id));
    const appended = after.filter(
      (t) => known.has(t.id) && t.history.length > known.get(t.id)!.history.length,
    );
    if (expect.ticket === 'none') {
      if (opened.length > 0)
        failures.push(`opened ticket(s) ${opened.map((t) => `${t.number} (${t.category})`).join(', ')}`);
    } else {
      const wanted = expect.ticket;
      const categories = Array.isArray(wanted.category) ? wanted.category : [wanted.category];
      const pool = wanted.appended ? appended : [...opened, ...appended];
      if (!pool.some((t) => categories.includes(t.category))) {
        const seen = [...opened, ...appended].map((t) => t.category);
        failures.push(
          `no ${categories.join(' or ')} ticket ${wanted.appended ? 'appended' : 'opened'} (saw: ${seen.join(', ') || 'none'})`,
        );
      }
    }
  }
  if (expect.claim !== undefined) {
    const email = resolve(expect.claim).toLowerCase();
    if (conversation?.contactId !== context.startContact)
      failures.push('the chat was moved to another contact (a merge)');
    const own = await repositories.contacts.findById(context.startContact);
    if (!own || !JSON.stringify(own).toLowerCase().includes(email))
      failures.push(`the visitor's contact does not hold ${email}`);
  }
  if (expect.status !== undefined && conversation?.status !== expect.status) {
    failures.push(`status ${conversation?.status}, expected ${expect.status}`);
  }
  if (expect.escalated !== undefined) {
    const escalated =
      context.updates.some((u) => u.status === 'waiting_agent') ||
      (conversation?.escalatedAt !== null &&
        conversation?.escalatedAt !== undefined &&
        conversation.escalatedAt.getTime() >= Date.now() - REPLY_TIMEOUT_MS);
    if (escalated !== expect.escalated) failures.push(escalated ? 'escalated' : 'not escalated');
  }
  if (expect.pending !== undefined) {
    const pending = conversation?.pendingSlot?.slot ?? 'none';
    if (pending !== expect.pending) failures.push(`waits for ${pending}, expected ${expect.pending}`);
  }
  return failures;
}
