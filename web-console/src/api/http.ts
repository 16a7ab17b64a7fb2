import type { ClientError, TicketView } from '../../../server/contracts/agent-events.ts';

/** The console's session as `/api/auth/session` describes it (the token itself stays in the httpOnly cookie). */
export interface Session {
  user: { id: string; name: string; email: string; role: string };
  csrfToken: string;
  expiresAt: string;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, error: ClientError & { details?: Record<string, unknown> }) {
    super(error.message);
    this.code = error.code;
    this.status = status;
    this.details = error.details;
  }
}

let csrfToken = '';

/**
 * A same-origin JSON request with the session cookie; unsafe methods carry the session's CSRF token (the
 * server refuses them without it). Errors become ApiError with the server's stable code.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A file (an import's CSV) is sent as itself, streamed by the browser, not as JSON.
  const file = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = file ? body.type || 'text/csv' : 'application/json';
  if (method !== 'GET' && csrfToken !== '') headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : file ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'The server cannot be reached.' });
  }
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (json as { error?: ClientError } | null)?.error;
    throw new ApiError(response.status, error ?? { code: 'INTERNAL', message: response.statusText });
  }
  return json as T;
}

function remember(session: Session): Session {
  csrfToken = session.csrfToken;
  return session;
}

/** The session of this browser, or null when signed out. */
export async function currentSession(): Promise<Session | null> {
  try {
    return remember(await api<Session>('GET', '/api/auth/session'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(email: string, password: string): Promise<Session> {
  return remember(await api<Session>('POST', '/api/auth/session', { email, password }));
}

export async function signOut(): Promise<void> {
  await api<void>('DELETE', '/api/auth/session');
  csrfToken = '';
}

export interface TicketChange {
  status?: string;
  priority?: string;
  assigneeId?: string | null;
  note?: string;
}

/** The fields of the stored ticket (`PATCH /api/tickets/:id` answers the whole record) the console shows. */
export interface SavedTicket {
  id: string;
  status: TicketView['status'];
  priority: TicketView['priority'];
  assigneeId: string | null;
  updatedAt: string;
}

export function updateTicket(id: string, change: TicketChange): Promise<SavedTicket> {
  return api<SavedTicket>('PATCH', `/api/tickets/${encodeURIComponent(id)}`, change);
}
