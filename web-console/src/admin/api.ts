import type {
  CandidateReport,
  DeploymentView,
  DiffView,
  GateView,
  IntentSummaryView,
  IntentView,
  KnowledgeView,
  ModelVersionView,
  RevisionView,
  TrainingJobView,
  TryResultView,
  IntentContentView,
  KnowledgeContentView,
} from '../../../server/contracts/admin.ts';
import { api } from '../api/http.ts';

// The admin routes (docs/admin.md). Every write names the version it edited; a stale one comes back as 409
// VERSION_CONFLICT, which the editors show without losing the admin's text.

const intentPath = (name: string) => `/api/admin/intents/${encodeURIComponent(name)}`;
const articlePath = (id: string) => `/api/admin/knowledge/${encodeURIComponent(id)}`;

export const intentsApi = {
  list: () => api<{ items: IntentSummaryView[] }>('GET', '/api/admin/intents').then((r) => r.items),
  get: (name: string) => api<IntentView>('GET', intentPath(name)),
  create: (content: IntentContentView) => api<IntentView>('POST', '/api/admin/intents', content),
  update: (name: string, version: number, changes: Partial<IntentContentView>) =>
    api<IntentView>('PATCH', intentPath(name), { ...changes, version }),
  remove: (name: string, version: number) => api<void>('DELETE', `${intentPath(name)}?version=${version}`),
  history: (name: string) =>
    api<{ items: RevisionView<IntentContentView>[] }>('GET', `${intentPath(name)}/history`).then(
      (r) => r.items,
    ),
  diff: (name: string, from: number, to?: number) =>
    api<DiffView>('GET', `${intentPath(name)}/diff?from=${from}${to === undefined ? '' : `&to=${to}`}`),
  rollback: (name: string, version: number, toVersion: number) =>
    api<IntentView>('POST', `${intentPath(name)}/rollback`, { version, toVersion }),
};

export const knowledgeApi = {
  list: () => api<{ items: KnowledgeView[] }>('GET', '/api/admin/knowledge').then((r) => r.items),
  get: (id: string) => api<KnowledgeView>('GET', articlePath(id)),
  create: (content: Omit<KnowledgeContentView, 'active'> & { active?: boolean }) =>
    api<KnowledgeView>('POST', '/api/admin/knowledge', content),
  update: (id: string, version: number, changes: Partial<KnowledgeContentView>) =>
    api<KnowledgeView>('PATCH', articlePath(id), { ...changes, version }),
  remove: (id: string, version: number) => api<void>('DELETE', `${articlePath(id)}?version=${version}`),
  history: (id: string) =>
    api<{ items: RevisionView<KnowledgeContentView>[] }>('GET', `${articlePath(id)}/history`).then(
      (r) => r.items,
    ),
  diff: (id: string, from: number, to?: number) =>
    api<DiffView>('GET', `${articlePath(id)}/diff?from=${from}${to === undefined ? '' : `&to=${to}`}`),
  rollback: (id: string, version: number, toVersion: number) =>
    api<KnowledgeView>('POST', `${articlePath(id)}/rollback`, { version, toVersion }),
};

export type ModelVersionWithReport = ModelVersionView & { report: CandidateReport };

export const modelsApi = {
  startTraining: () => api<TrainingJobView>('POST', '/api/admin/training/jobs'),
  jobs: () => api<{ items: TrainingJobView[] }>('GET', '/api/admin/training/jobs').then((r) => r.items),
  job: (id: string) => api<TrainingJobView>('GET', `/api/admin/training/jobs/${encodeURIComponent(id)}`),
  list: () =>
    api<{ items: ModelVersionView[]; deployment: DeploymentView | null }>('GET', '/api/admin/models'),
  get: (id: string) => api<ModelVersionWithReport>('GET', `/api/admin/models/${encodeURIComponent(id)}`),
  gate: (id: string) => api<GateView>('GET', `/api/admin/models/${encodeURIComponent(id)}/gate`),
  deploy: (id: string, overrideReason?: string) =>
    api<{ deployment: DeploymentView; gate: GateView }>(
      'POST',
      `/api/admin/models/${encodeURIComponent(id)}/deploy`,
      overrideReason === undefined ? {} : { override: { reason: overrideReason } },
    ),
  rollback: (id: string, reason: string) =>
    api<{ deployment: DeploymentView }>('POST', `/api/admin/models/${encodeURIComponent(id)}/rollback`, {
      reason,
    }),
  tryIt: (text: string, model: string) => api<TryResultView>('POST', '/api/nlp/try', { text, model }),
};

let staff: Promise<Map<string, string>> | undefined;
/** Staff names by user id, for "saved by" lines (`GET /api/users`, admins only); loaded once per page load. */
export function staffNames(): Promise<Map<string, string>> {
  staff ??= api<{ items: { id: string; name: string }[] }>('GET', '/api/users?limit=100').then(
    (page) => new Map(page.items.map((user) => [user.id, user.name])),
    () => new Map<string, string>(),
  );
  return staff;
}
