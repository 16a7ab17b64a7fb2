// What the conversation engine needs from the NLP pipeline and the intent data. Structural types, so the
// engine depends on the shape of `createNlpPipeline().analyse` and `loadIntentData()`, not on their modules.

export interface AnalysedEntity {
  type: string;
  /** A string, or a structured value (money, date, a catalogue match `{ id, name }`). */
  value: unknown;
  text: string;
  start: number;
  end: number;
}

export interface MessageAnalysis {
  text: string;
  entities: readonly AnalysedEntity[];
  sentiment: { score: number; label: string };
  intent: { name: string; confidence: number };
  ranking?: ReadonlyArray<{ name: string; confidence: number }>;
}

/** The server runs the pipeline on a worker thread (a promise); test doubles may answer synchronously. */
export interface MessageAnalyser {
  analyse(text: string): MessageAnalysis | Promise<MessageAnalysis>;
}

export interface IntentDefinition {
  name: string;
  /** One of the action names of `server/actions/registry.ts`. */
  action: string;
  responses: readonly string[];
}

export const OUT_OF_SCOPE_INTENT = 'out_of_scope';

/** The first entity of a type, as text (structured values give their `name` or `id`). */
export function entityText(analysis: MessageAnalysis, type: string): string | undefined {
  const entity = analysis.entities.find((e) => e.type === type);
  if (!entity) return undefined;
  if (typeof entity.value === 'string') return entity.value;
  return entity.text;
}

export function entitiesOf(analysis: MessageAnalysis, type: string): AnalysedEntity[] {
  return analysis.entities.filter((e) => e.type === type);
}

/** What is stored on the message: the analysis without the tokens, which can be recomputed. */
export function storedAnalysis(analysis: MessageAnalysis): Record<string, unknown> {
  return {
    intent: analysis.intent,
    ranking: (analysis.ranking ?? []).slice(0, 3),
    entities: analysis.entities,
    sentiment: analysis.sentiment,
  };
}
