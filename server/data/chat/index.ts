import type { Models } from '../models/index.ts';
import { mergeContacts, type MergeActor, type MergeResult } from './contact-merge.ts';
import { lifetimeSpend } from './lifetime-spend.ts';

export type { MergeActor, MergeResult } from './contact-merge.ts';

/** The chat side's data access beyond the foundation's repositories. */
export interface ChatRepository {
  mergeContacts(survivorId: string, mergedId: string, actor: MergeActor): Promise<MergeResult>;
  lifetimeSpend(contactId: string): Promise<number>;
}

export function createChatRepository(models: Models): ChatRepository {
  return {
    mergeContacts: (survivorId, mergedId, actor) => mergeContacts(models, survivorId, mergedId, actor),
    lifetimeSpend: (contactId) => lifetimeSpend(models, contactId),
  };
}
