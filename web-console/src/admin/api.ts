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

/** The routes of a versioned record (intents, knowledge articles): the same under each collection's path. */
export interface VersionedRecordApi<Summary, View, Content> {
  list(): Promise<Summary[]>;
  /** `key` is the record's address: an intent's name, an article's id. */
  get(key: string): Promise<View>;
  create(content: Content): Promise<View>;
  update(key: string, version: number, changes: Partial<Content>): Promise<View>;
  remove(key: string, version: number): Promise<void>;
  history(key: string): Promise<RevisionView<Content>[]>;
  diff(key: string, from: number, to?: number): Promise<DiffView>;
  rollback(key: string, version: number, toVersion: number): Promise<View>;
}

function versionedRecordApi<Summary, View, Content>(
  collection: string,
): VersionedRecordApi<Summary, View, Content> {
  const path = (key: string) => `${collection}/${encodeURIComponent(key)}`;
  return {
    list: () => api<{ items: Summary[] }>('GET', collection).then((r) => r.items),
    get: (key) => api<View>('GET', path(key)),
    create: (content) => api<View>('POST', collection, content),
    update: (key, version, changes) => api<View>('PATCH', path(key), { ...changes, version }),
    remove: (key, version) => api<void>('DELETE', `${path(key)}?version=${version}`),
    history: (key) =>
      api<{ items: RevisionView<Content>[] }>('GET', `${path(key)}/history`).then((r) => r.items),
    diff: (key, from, to) =>
      api<DiffView>('GET', `${path(key)}/diff?from=${from}${to === undefined ? '' : `&to=${to}`}`),
    rollback: (key, version, toVersion) => api<View>('POST', `${path(key)}/rollback`, { version, toVersion }),
  };
}

export const intentsApi = versionedRecordApi<IntentSummaryView, IntentView, IntentContentView>(
  '/api/admin/intents',
);

export const knowledgeApi = versionedRecordApi<KnowledgeView, KnowledgeView, KnowledgeContentView>(
  '/api/admin/knowledge',
);

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
