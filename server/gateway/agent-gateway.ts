import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { AppContext } from '../app.ts';
import type { StaffIdentity } from '../auth/auth-service.ts';
import {
  QUEUE_ROOM,
  type Ack,
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  type QueueSnapshot,
} from '../contracts/agent-events.ts';
import {
  addNote,
  agentSelf,
  cannedReplies,
  conversationDetail,
  handBack,
  inboxPage,
  listAgents,
  markRead,
  replyAsAgent,
  resolve,
  setPresence,
  takeOver,
  transfer,
  type DeskDeps,
  type Staff,
} from '../agent/actions.ts';
import type { PresenceKeeper } from '../agent/presence.ts';
import { AppError, toClientError } from '../shared/errors.ts';
import { agentRoom, watchRoom } from './agent-rooms.ts';
import type { AgentNamespace } from './agent-notifier.ts';
import {
  agentHandshakeSchema,
  agentTypingSchema,
  cannedListSchema,
  conversationRefSchema,
  emptySchema,
  inboxListSchema,
  noteSchema,
  presenceSchema,
  readSchema,
  replySchema,
  transferSchema,
} from './agent-payloads.ts';

/** The console's cookie session (server/http/staff-session.ts `staffFromCookieHeader`), when it is wired. */
export type CookieAuthenticator = (cookieHeader: string | undefined) => Promise<StaffIdentity>;

interface AgentSocketData {
  staff: Staff;
}

type AgentSocket = Socket<AgentClientToServerEvents, AgentServerToClientEvents, object, AgentSocketData>;

/**
 * The one check of an agent socket's handshake: the bearer token in `auth.token` (scripts, tests), else the
 * console's httpOnly session cookie. Visitor tokens are refused (FORBIDDEN), bad ones INVALID_TOKEN, none
 * UNAUTHENTICATED: namespaces are trust boundaries, decided before any event is accepted.
 */
export async function authenticateAgentSocket(
  context: Pick<AppContext, 'auth'>,
  handshake: { auth?: unknown; headers: { cookie?: string | undefined } },
  cookieAuth?: CookieAuthenticator,
): Promise<Staff> {
  const parsed = agentHandshakeSchema.safeParse(handshake.auth ?? {});
  if (!parsed.success) throw new AppError('INVALID_TOKEN');
  let identity: StaffIdentity;
  if (parsed.data.token !== undefined) identity = await context.auth.authenticate(parsed.data.token);
  else if (cookieAuth && handshake.headers.cookie) identity = await cookieAuth(handshake.headers.cookie);
  else throw new AppError('UNAUTHENTICATED');
  if (identity.role !== 'agent' && identity.role !== 'admin') throw new AppError('FORBIDDEN');
  return { userId: identity.userId, role: identity.role };
}

export interface AgentNamespaceOptions {
  namespace: AgentNamespace;
  deps: DeskDeps;
  presence: PresenceKeeper;
  queueSnapshot: () => Promise<QueueSnapshot>;
  visitorTyping: (conversationId: string, sender: 'agent', isTyping: boolean) => void;
  cookieAuth?: CookieAuthenticator;
}

/** Registers `/agent`: a thin layer of named handlers, each validating its payload and calling one domain function. */
export function registerAgentNamespace(context: AppContext, options: AgentNamespaceOptions): void {
  const { namespace, deps, presence } = options;
  const { logger, originPolicy } = context;

  namespace.use((socket, next) => {
    if (!originPolicy.allows(socket.handshake.headers.origin)) {
      next(refusal(new AppError('ORIGIN_NOT_ALLOWED')));
      return;
    }
    authenticateAgentSocket(context, socket.handshake, options.cookieAuth).then(
      (staff) => {
        (socket as AgentSocket).data = { staff };
        next();
      },
      (error: unknown) => {
        if (!(error instanceof AppError)) logger.error({ err: error }, 'agent handshake failed');
        next(refusal(error));
      },
    );
  });

  namespace.on('connection', (raw) => {
    const socket = raw as AgentSocket;
    const { staff } = socket.data;
    const agentId = staff.userId;
    socket.on('error', (error) => logger.warn({ err: error, socketId: socket.id }, 'agent socket error'));
    presence.connected(agentId);
    socket.on('disconnect', () => presence.disconnected(agentId));
    void socket.join([agentRoom(agentId), QUEUE_ROOM]);
    // The agent's own conversations: their messages reach this socket without opening each one.
    void (async () => {
      const [self, mine, snapshot] = await Promise.all([
        agentSelf(deps, agentId),
        deps.repositories.conversations.listView({ view: 'mine', agentId }, 500),
        options.queueSnapshot(),
      ]);
      await socket.join(mine.map((c) => watchRoom(c.id)));
      socket.emit('agent:self', self);
      socket.emit('queue:snapshot', snapshot);
    })().catch((error: unknown) => logger.warn({ err: error, agentId }, 'agent welcome not sent'));

    /** One named handler: validate, call the domain function, answer with the one ack shape. */
    function on<S extends z.ZodType, R>(
      event: keyof AgentClientToServerEvents,
      schema: S,
      run: (payload: z.infer<S>) => Promise<R>,
    ) {
      (socket as unknown as Socket).on(event, (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        const reply = ack as (result: Ack<R>) => void;
        const parsed = schema.safeParse(payload ?? {});
        if (!parsed.success) {
          reply(failure(new AppError('INVALID_PAYLOAD')));
          return;
        }
        run(parsed.data).then(
          (data) => reply({ ok: true, data }),
          (error: unknown) => {
            if (!(error instanceof AppError))
              logger.error({ err: error, event, agentId }, 'agent action failed');
            reply(failure(error));
          },
        );
      });
    }

    on('presence:set', presenceSchema, (p) => setPresence(deps, agentId, p.presence));
    on('presence:heartbeat', emptySchema, async () => {
      await deps.repositories.users.touchPresence([agentId]);
      return agentSelf(deps, agentId);
    });
    on('inbox:list', inboxListSchema, (p) => inboxPage(deps, agentId, p));
    on('conversation:open', conversationRefSchema, async (p) => {
      const detail = await conversationDetail(deps, agentId, p.conversationId);
      await socket.join(watchRoom(p.conversationId));
      return detail;
    });
    on('conversation:close', conversationRefSchema, async (p) => {
      const conversation = await deps.repositories.conversations.findById(p.conversationId);
      // The owner keeps watching their own conversation.
      if (conversation?.assignedAgentId !== agentId || conversation.status !== 'agent') {
        await socket.leave(watchRoom(p.conversationId));
      }
      return null;
    });
    on('conversation:takeover', conversationRefSchema, (p) => takeOver(deps, agentId, p.conversationId));
    on('conversation:transfer', transferSchema, (p) =>
      transfer(deps, agentId, {
        conversationId: p.conversationId,
        agentId: p.agentId,
        ...(p.note !== undefined ? { note: p.note } : {}),
      }),
    );
    on('conversation:resolve', conversationRefSchema, (p) => resolve(deps, staff, p.conversationId));
    on('conversation:handback', conversationRefSchema, (p) => handBack(deps, staff, p.conversationId));
    on('conversation:read', readSchema, async (p) => {
      await markRead(deps, agentId, p.conversationId, p.seq);
      return null;
    });
    on('message:reply', replySchema, (p) => replyAsAgent(deps, agentId, p));
    on('note:add', noteSchema, (p) => addNote(deps, agentId, p));
    on('canned:list', cannedListSchema, (p) => cannedReplies(deps, agentId, p.conversationId));
    on('agents:list', emptySchema, () => listAgents(deps));

    socket.on('typing', (payload: unknown) => {
      const parsed = agentTypingSchema.safeParse(payload);
      if (!parsed.success) return;
      // Only the owner's typing reaches the visitor.
      void deps.repositories.conversations.findById(parsed.data.conversationId).then(
        (conversation) => {
          if (conversation?.status === 'agent' && conversation.assignedAgentId === agentId) {
            options.visitorTyping(conversation.id, 'agent', parsed.data.isTyping);
          }
        },
        () => {},
      );
    });
  });
}

/** With the error's details (CONVERSATION_TAKEN names the winner); never a stack or a database message. */
function failure(error: unknown): { ok: false; error: ReturnType<typeof toClientError> } {
  return { ok: false, error: toClientError(error) };
}

/** A handshake refusal the client reads from `connect_error`: `err.message` is the code, `err.data` the error. */
function refusal(error: unknown): Error {
  const clientError = toClientError(error);
  return Object.assign(new Error(clientError.code), { data: clientError });
}
