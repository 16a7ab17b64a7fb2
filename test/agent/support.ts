import { io as connect, type Socket } from 'socket.io-client';
import type {
  Ack,
  AgentClientToServerEvents,
  AgentServerToClientEvents,
} from '../../server/contracts/agent-events.ts';
import type { UserRecord } from '../../server/data/records.ts';
import type { Repositories } from '../../server/data/repositories/index.ts';
import { bearer, createUser } from '../support/app.ts';

export type AgentClient = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** A staff user with a name, presence and capacity, and a token for them. */
export async function staffMember(
  repositories: Repositories,
  options: {
    name?: string;
    role?: 'agent' | 'admin';
    presence?: 'online' | 'away' | 'offline';
    capacity?: number;
  } = {},
): Promise<{ user: UserRecord; token: string }> {
  let user = await createUser(repositories, options.role ?? 'agent');
  if (options.name) {
    await repositories.users.remove(user.id);
    user = await repositories.users.create({
      email: `${options.name.toLowerCase()}-${Math.random().toString(36).slice(2)}@shop.test`,
      name: options.name,
      passwordHash: 'not-used-by-these-tests',
      role: options.role ?? 'agent',
    });
  }
  if (options.capacity !== undefined) await repositories.users.setCapacity(user.id, options.capacity);
  if (options.presence) await repositories.users.setPresence(user.id, options.presence);
  const token = bearer({ id: user.id, role: user.role }).slice('Bearer '.length);
  return { user: (await repositories.users.findById(user.id))!, token };
}

const open: AgentClient[] = [];

/** An /agent socket; resolves once connected (rejects with the handshake refusal). */
export async function agentSocket(url: string, auth: Record<string, unknown>): Promise<AgentClient> {
  const socket: AgentClient = connect(`${url}/agent`, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  open.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export function closeAgentSockets(): void {
  for (const socket of open.splice(0)) socket.disconnect();
}

/** Emits a request and resolves with its ack (bounded by a timeout). */
export function request<T>(socket: AgentClient, event: string, payload: unknown): Promise<Ack<T>> {
  const loose = socket as unknown as {
    timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<Ack<T>> };
  };
  return loose.timeout(10_000).emitWithAck(event, payload);
}

export async function ok<T>(promise: Promise<Ack<T>>): Promise<T> {
  const ack = await promise;
  if (!ack.ok) throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** The next server event matching the predicate, bounded by a timeout (never a sleep). */
export function nextEvent<T>(
  client: AgentClient,
  event: string,
  predicate: (payload: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  const socket = client as unknown as {
    on(event: string, listener: (payload: T) => void): unknown;
    off(event: string, listener: (payload: T) => void): unknown;
  };
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}
