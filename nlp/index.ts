// The NLP library's public surface: a pure library, no server imports; file I/O only in model-store.
export { createNlpPipeline, createPipelineSteps } from './pipeline.ts';
export type { NlpPipeline, NlpPipelineOptions } from './pipeline.ts';
export type { Catalogue, CatalogueEntry } from './entities/catalogue.ts';
export { ensureIntentModel, loadIntentModel, saveIntentModel } from './model-store.ts';
export type {
  EnsuredIntentModel,
  EnsureIntentModelOptions,
  LoadedIntentModel,
  SavedIntentModel,
} from './model-store.ts';
export { startNlpWorker, NlpWorkerStoppedError } from './worker/start-worker.ts';
export type { NlpWorker, NlpWorkerEvent, NlpWorkerOptions } from './worker/start-worker.ts';
export type { MessageLevelAnalysis } from './worker/messages.ts';
export { pipelineSettingsSchema } from './settings.ts';
export type { PipelineSettings } from './settings.ts';
export { ENTITY_TYPES, placeholderFor } from './types.ts';
export type {
  Entity,
  EntityType,
  EntityValue,
  Money,
  DateValue,
  PriceRange,
  CatalogueMatch,
  NlpAnalysis,
  Sentiment,
  Token,
} from './types.ts';
export { dialogueAct } from './dialogue/act.ts';
export type { DialogueAct } from './dialogue/act.ts';
export { detectLanguage } from './language/detect.ts';
export type { DetectedLanguage } from './language/detect.ts';
export { createKnowledgeIndex } from './retrieval/knowledge-index.ts';
export type { KnowledgeEntry, KnowledgeIndex, KnowledgeMatch } from './retrieval/knowledge-index.ts';
