import { io, type Socket } from 'socket.io-client';
import {
  AGENT_NAMESPACE,
  type Ack,
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
} from '../../../server/contracts/agent-events.ts';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** The agent namespace on this origin; the handshake carries the httpOnly session cookie by itself. */
export function connectAgentSocket(): AgentSocket {
  return io(AGENT_NAMESPACE, {
    withCredentials: true,
    transports: ['websocket'],
    reconnectionDelayMax: 5000,
  });
}

export class AckError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

type Requests = {
  [E in keyof AgentClientToServerEvents]: Parameters<AgentClientToServerEvents[E]> extends [
    infer P,
    (result: Ack<infer R>) => void,
  ]
    ? { payload: P; result: R }
    : never;
};
type RequestName = {
  [E in keyof Requests]: Requests[E] extends never ? never : E;
}[keyof Requests];

/** Emits a request and resolves with its ack's data, or rejects with its error (or a timeout). */
export function request<E extends RequestName>(
  socket: AgentSocket,
  event: E,
  payload: Requests[E]['payload'],
  timeoutMs = 10_000,
): Promise<Requests[E]['result']> {
  return new Promise((resolve, reject) => {
    // socket.io's typed emit cannot follow a generic event name: the call is checked by `Requests` above.
    (socket.timeout(timeoutMs).emit as (...args: unknown[]) => void)(
      event,
      payload,
      (timeout: Error | null, result: Ack<Requests[E]['result']>) => {
        if (timeout !== null) reject(new AckError('TIMEOUT', 'The server did not answer in time.'));
        else if (result.ok) resolve(result.data);
        else {
          const { code, message } = result.error;
          const details = (result.error as { details?: Record<string, unknown> }).details;
          reject(new AckError(code, message, details));
        }
      },
    );
  });
}
