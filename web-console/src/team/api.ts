import type {
  AuditEventView,
  PageView as Page,
  StaffAccountView as UserView,
} from '../../../server/contracts/team.ts';
import { api } from '../api/http.ts';

export type { AuditEventView, UserView };

export interface AuditFilters {
  actor: string;
  action: string;
  /** yyyy-mm-dd, local days. */
  from: string;
  to: string;
}

export const AUDIT_PAGE_SIZE = 25;

export const listUsers = () => api<Page<UserView>>('GET', '/api/users?limit=100');

export const createUser = (input: {
  name: string;
  email: string;
  role: string;
  capacity: number;
  password: string;
}) => api<UserView>('POST', '/api/users', input);

export const updateUser = (
  id: string,
  changes: { role?: string; capacity?: number; active?: boolean; name?: string },
) => api<UserView>('PATCH', `/api/users/${id}`, changes);

export const setPassword = (id: string, password: string) =>
  api<void>('PUT', `/api/users/${id}/password`, { password });

export const changeOwnPassword = (currentPassword: string, newPassword: string) =>
  api<void>('POST', '/api/auth/password', { currentPassword, newPassword });

/** The days are local: from the start of `from` to the end of `to`. */
export function auditQuery(filters: AuditFilters, page: number): string {
  const params = new URLSearchParams({ page: String(page), limit: String(AUDIT_PAGE_SIZE) });
  if (filters.actor !== '') params.set('actor', filters.actor);
  if (filters.action.trim() !== '') params.set('action', filters.action.trim());
  if (filters.from !== '') params.set('from', new Date(`${filters.from}T00:00:00`).toISOString());
  if (filters.to !== '') {
    const end = new Date(`${filters.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    params.set('to', end.toISOString());
  }
  return params.toString();
}

export const listAudit = (filters: AuditFilters, page: number) =>
  api<Page<AuditEventView>>('GET', `/api/audit-events?${auditQuery(filters, page)}`);
