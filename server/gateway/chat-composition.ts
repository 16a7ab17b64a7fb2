import { requeueConversationsOf } from '../conversation/handoff.ts';
import type { Server } from 'socket.io';
import { timedAnalyser } from '../shared/operator-metrics.ts';
import type { AppContext, GatewayRegistration, HttpRegistration } from '../app.ts';
import { AGENT_NAMESPACE } from '../contracts/agent-events.ts';
import { VISITOR_NAMESPACE } from '../contracts/visitor-events.ts';
import type { DeskDeps } from '../agent/actions.ts';
import { createExpectedWait } from '../agent/expected-wait.ts';
import { createPresenceKeeper, type PresenceKeeper } from '../agent/presence.ts';
import { createQueueAnnouncer, type QueuePositionEntry } from '../agent/queue-announcer.ts';
import { createRouter, type Router } from '../agent/routing.ts';
import { DEFAULT_CHAT_SETTINGS, type ChatDeps, type ChatNotifier } from '../conversation/chat-deps.ts';
import { createEventBus } from '../events/event-bus.ts';
import { agentDeskRoutes } from '../http/routes/agent-desk.ts';
import { staffFromCookieHeader } from '../http/staff-session.ts';
import { registerAgentNamespace, type CookieAuthenticator } from './agent-gateway.ts';
import { createAgentEffects, type AgentNamespace } from './agent-notifier.ts';
import { conversationRoom, createSocketNotifier, type VisitorNamespace } from './socket-notifier.ts';
import { registerVisitorNamespace, type VisitorGatewayOptions } from './visitor-gateway.ts';

export interface ChatGatewayOptions extends VisitorGatewayOptions {
  /** The console's cookie session for the /agent handshake (bearer tokens always work). */
  cookieAuth?: CookieAuthenticator;
}

export interface ChatGateways {
  /** Registers /visitor and /agent over ONE set of chat dependencies. */
  gateway: GatewayRegistration;
  /** The agent REST routes (/api/conversations/:id/takeover…), over the same dependencies. */
  http: HttpRegistration;
  /** The shared dependencies, once the gateway is registered (tests drive domain functions with them). */
  readonly deps: DeskDeps;
  readonly router: Router;
  readonly presence: PresenceKeeper;
  /** Waits for queued routing and queue announcements (tests, shutdown). */
  settled(): Promise<void>;
}

const SERVER_QUEUE_POSITIONS = 'queue:positions';

/**
 * Wire once, register many: the chat's dependencies (repositories, notifier, event bus, settings), the agent
 * desk (routing, presence, queue announcements) and both namespaces are built here, once, and shared by the
 * visitor gateway, the agent gateway and the agent REST routes.
 */
export function chatGateways(options: ChatGatewayOptions): ChatGateways {
  let built: { deps: DeskDeps; router: Router; presence: PresenceKeeper; settled(): Promise<void> } | null =
    null;
  const need = () => {
    if (!built) throw new Error('the chat gateways are not registered yet');
    return built;
  };

  const gateway: GatewayRegistration = (io, context) => {
    const wiring = wire(io, context, options);
    built = wiring;
    const visitor = registerVisitorNamespace(io, context, wiring.deps, {
      ...options,
      onVisitorTyping: (conversationId, isTyping) => {
        wiring.effects.visitorTyping(conversationId, isTyping);
        options.onVisitorTyping?.(conversationId, isTyping);
      },
    });
    registerAgentNamespace(context, {
      namespace: wiring.agentNamespace,
      deps: wiring.deps,
      presence: wiring.presence,
      queueSnapshot: wiring.queueSnapshot,
      visitorTyping: (conversationId, sender, isTyping) =>
        wiring.deps.notifier.typing(conversationId, sender, isTyping),
      // The console's httpOnly session cookie (server/http/staff-session.ts), unless the caller brings its own.
      cookieAuth: options.cookieAuth ?? ((header) => staffFromCookieHeader(context.auth, header)),
    });
    // A restart may have left conversations waiting while agents are online.
    wiring.router.kick();
    return {
      async close() {
        wiring.presence.stop();
        await wiring.settled();
        await visitor.close();
      },
    };
  };

  return {
    gateway,
    http: agentDeskRoutes(() => need().deps),
    get deps() {
      return need().deps;
    },
    get router() {
      return need().router;
    },
    get presence() {
      return need().presence;
    },
    settled: () => (built ? built.settled() : Promise.resolve()),
  };
}

function wire(io: Server, context: AppContext, options: ChatGatewayOptions) {
  const { config, logger } = context;
  const visitorNamespace = io.of(VISITOR_NAMESPACE) as unknown as VisitorNamespace;
  const agentNamespace = io.of(AGENT_NAMESPACE) as unknown as AgentNamespace;
  const events =
    options.events ??
    createEventBus({
      onListenerError: ({ event, error }) => logger.error({ err: error, event }, 'event listener failed'),
    });
  const visitorNotifier = createSocketNotifier(visitorNamespace);
  const effects = createAgentEffects({
    namespace: agentNamespace,
    deps: () => deps,
    queueChanged: () => announcer.request(),
    slotFreed: () => router.kick(),
    logger,
  });
  const notifier: ChatNotifier = {
    messageCreated(message, exceptSocketId, record) {
      visitorNotifier.messageCreated(message, exceptSocketId);
      effects.messageCreated(message, record);
    },
    conversationUpdated: (update) => visitorNotifier.conversationUpdated(update),
    typing: (conversationId, sender, isTyping) => visitorNotifier.typing(conversationId, sender, isTyping),
    ownershipChanged: (change) => effects.ownershipChanged(change),
  };
  const chatDeps: ChatDeps = {
    repositories: context.repositories,
    chatData: options.chatData,
    events,
    // Timed here, where the application's registry is known: every visitor message's analysis is observed.
    analyser: timedAnalyser(options.analyser, context.metrics),
    // A Map is used as it is, so the chat's owner can swap intents with a deployed model (hot reload).
    intents:
      options.intents instanceof Map
        ? options.intents
        : new Map([...options.intents].map((intent) => [intent.name, intent])),
    recommendations: options.recommendations,
    notifier,
    settings: {
      ...DEFAULT_CHAT_SETTINGS,
      ...options.settings,
      escalation: { ...DEFAULT_CHAT_SETTINGS.escalation, ...options.settings?.escalation },
      orderAccess: { ...DEFAULT_CHAT_SETTINGS.orderAccess, ...options.settings?.orderAccess },
    },
    logger,
    expectedWait: createExpectedWait(context.repositories),
    ...(options.knowledge ? { knowledge: options.knowledge } : {}),
    ...(options.products ? { products: options.products } : {}),
    ...(options.replies ? { replies: options.replies } : {}),
  };
  const agentDeps = {
    ...chatDeps,
    desk: context.repositories.desk,
    maxTextLength: config.messageMaxLength,
  };
  const router: Router = createRouter(agentDeps, config.routingMode, logger);
  // Read lazily by the effects above (they run only after wiring, when it exists).
  const deps: DeskDeps = { ...agentDeps, deskNotifier: effects, routing: router };

  // Visitors learn their new place from one message between nodes; each node tells its own visitors, and
  // only those whose place, wait or reason changed since it last told them (a visitor who connects, or whose
  // conversation changes owner, is told by those paths).
  let told = new Map<string, string>();
  const deliverLocally = (entries: QueuePositionEntry[]) => {
    const rooms = visitorNamespace.adapter.rooms;
    const now = new Map<string, string>();
    for (const entry of entries) {
      const room = conversationRoom(entry.conversationId);
      if (!rooms.has(room)) continue;
      const said = `${entry.queuePosition}|${entry.expectedWaitSeconds ?? ''}|${entry.reason ?? ''}`;
      now.set(entry.conversationId, said);
      if (told.get(entry.conversationId) === said) continue;
      visitorNamespace.local.to(room).emit('conversation:updated', {
        conversationId: entry.conversationId,
        status: 'waiting_agent',
        queuePosition: entry.queuePosition,
        ...(entry.expectedWaitSeconds !== undefined
          ? { expectedWaitSeconds: entry.expectedWaitSeconds }
          : {}),
        ...(entry.reason ? { reason: entry.reason } : {}),
      });
    }
    told = now;
  };
  const multiNode = config.redisUrl !== undefined;
  if (multiNode) {
    (
      visitorNamespace as unknown as {
        on(event: string, listener: (entries: QueuePositionEntry[]) => void): void;
      }
    ).on(SERVER_QUEUE_POSITIONS, deliverLocally);
  }
  const announcer = createQueueAnnouncer({
    deps,
    autoAssign: config.routingMode === 'auto',
    emitSnapshot: (snapshot) => agentNamespace.to('queue').emit('queue:snapshot', snapshot),
    deliverPositions: (entries) => {
      deliverLocally(entries);
      if (multiNode) visitorNamespace.serverSideEmit(SERVER_QUEUE_POSITIONS as never, entries as never);
    },
    logger,
  });
  const presence = createPresenceKeeper({
    users: context.repositories.users,
    heartbeatMs: config.agentHeartbeatSeconds * 1000,
    graceMs: config.agentPresenceGraceSeconds * 1000,
    onLapsed: async (ids) => {
      for (const id of ids) {
        try {
          const moved = await requeueConversationsOf(deps, id);
          if (moved > 0) logger.info({ agentId: id, moved }, 'conversations of a lapsed agent requeued');
        } catch (error) {
          logger.error({ err: error }, 'requeueing a lapsed agent failed');
        }
        effects.selfChanged(id);
      }
    },
    logger,
  });
  return {
    deps,
    router,
    presence,
    effects,
    agentNamespace,
    queueSnapshot: () => announcer.current(),
    async settled() {
      for (let round = 0; round < 5; round += 1) {
        await router.settled();
        await announcer.settled();
      }
      await events.drain();
    },
  };
}
