// The Team page's REST shapes (/api/users, /api/audit-events), as JSON carries them (dates as ISO strings);
// shared with the console as types. The routes answer the repositories' UserRecord and AuditEventRecord.

export type StaffRole = 'agent' | 'admin';

export interface StaffAccountView {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  presence: 'online' | 'away' | 'offline';
  capacity: number;
  activeCount: number;
  /** False once deactivated: no sign-in, and every session of the user has ended. */
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface AuditEventView {
  id: string;
  actor: { type: string; id: string | null };
  action: string;
  target: { type: string; id: string | null };
  data: unknown;
  at: string;
}

export interface PageView<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}
