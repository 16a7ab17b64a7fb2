import type { KnowledgeEntry } from '../../nlp/retrieval/knowledge-index.ts';
import type { KnowledgeArticleRecord } from '../data/records.ts';
import type { KnowledgeRepository } from '../data/repositories/knowledge.ts';

export interface KnowledgeService {
  /** The active articles by id, as of the last refresh; read on the reply path, never fetched there. */
  current(): ReadonlyMap<string, KnowledgeArticleRecord>;
  /** Reloads the articles when any changed (admin edits) and hands them to the search index. */
  refresh(): Promise<boolean>;
  start(): void;
  stop(): void;
}

export interface KnowledgeServiceOptions {
  repository: Pick<KnowledgeRepository, 'listActive' | 'dataVersion'>;
  /** Told of the new articles, e.g. the NLP worker's `setKnowledge`. */
  onChange?: (entries: KnowledgeEntry[]) => void;
  /** How often to look for edits; 0 turns the schedule off (refresh() on demand still works). */
  refreshIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/** What the retrieval index reads of an article: its question variants, title and tags, keyed by id. */
export function knowledgeEntries(articles: Iterable<KnowledgeArticleRecord>): KnowledgeEntry[] {
  return [...articles].map((a) => ({ id: a.id, title: a.title, questions: a.questions, tags: a.tags }));
}

/**
 * The shop's knowledge as the chat uses it: the articles held in memory (a few dozen to a few hundred), and
 * the search index on the NLP thread told whenever they change. Edits are seen within one refresh interval, or at
 * once when the admin side calls refresh().
 */
export function createKnowledgeService(options: KnowledgeServiceOptions): KnowledgeService {
  let articles: ReadonlyMap<string, KnowledgeArticleRecord> = new Map();
  let version: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<boolean> | null = null;

  const load = async (): Promise<boolean> => {
    const next = await options.repository.dataVersion();
    if (next === version) return false;
    const list = await options.repository.listActive();
    articles = new Map(list.map((a) => [a.id, a]));
    version = next;
    options.onChange?.(knowledgeEntries(list));
    return true;
  };

  return {
    current: () => articles,
    refresh() {
      running ??= load().finally(() => {
        running = null;
      });
      return running;
    },
    start() {
      const interval = options.refreshIntervalMs ?? 60_000;
      if (timer !== null || interval <= 0) return;
      timer = setInterval(() => {
        this.refresh().catch((error: unknown) => options.onError?.(error));
      }, interval);
      timer.unref();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
