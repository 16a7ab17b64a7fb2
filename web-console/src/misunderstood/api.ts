import type { MisunderstoodInboxView } from '../../../server/contracts/misunderstood.ts';
import { api } from '../api/http.ts';

/** What the page needs of an intent or article to write to it: its version (the store answers 409 when stale). */
export interface Target {
  kind: 'intent' | 'knowledge';
  /** Intent name or article id. */
  key: string;
  label: string;
  version: number;
}

export const fetchInbox = () => api<MisunderstoodInboxView>('GET', '/api/admin/misunderstood');

export async function fetchTargets(): Promise<Target[]> {
  const [intents, articles] = await Promise.all([
    api<{ items: { name: string; kind: string; version: number }[] }>('GET', '/api/admin/intents'),
    api<{ items: { id: string; title: string; version: number }[] }>('GET', '/api/admin/knowledge'),
  ]);
  return [
    ...intents.items.map((i): Target => ({ kind: 'intent', key: i.name, label: i.name, version: i.version })),
    ...articles.items.map((a): Target => ({
      kind: 'knowledge',
      key: a.id,
      label: a.title,
      version: a.version,
    })),
  ];
}

export interface AddResult {
  version: number;
  added: string[];
  closed: number;
}

export const addTo = (target: Target, ids: string[]) =>
  target.kind === 'intent'
    ? api<AddResult>('POST', '/api/admin/misunderstood/add-to-intent', {
        ids,
        intent: target.key,
        version: target.version,
      })
    : api<AddResult>('POST', '/api/admin/misunderstood/add-to-knowledge', {
        ids,
        articleId: target.key,
        version: target.version,
      });

export const dismiss = (ids: string[]) =>
  api<{ closed: number }>('POST', '/api/admin/misunderstood/dismiss', { ids });
