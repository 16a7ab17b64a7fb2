import type { LabeledExample } from '../intent/types.ts';

export interface BraunCorpus {
  name: string;
  train: LabeledExample[];
  test: LabeledExample[];
}

/** Parses one corpus of Braun et al. 2017; the `training` flag is the published split. */
export function parseBraunCorpus(content: string): BraunCorpus {
  const data: unknown = JSON.parse(content);
  if (typeof data !== 'object' || data === null) throw new Error('Braun corpus: expected a JSON object');
  const { name, sentences } = data as { name?: unknown; sentences?: unknown };
  if (typeof name !== 'string' || !Array.isArray(sentences)) {
    throw new Error('Braun corpus: expected { name, sentences: [...] }');
  }
  const corpus: BraunCorpus = { name, train: [], test: [] };
  sentences.forEach((sentence: unknown, index) => {
    const { text, intent, training } = (sentence ?? {}) as Record<string, unknown>;
    if (typeof text !== 'string' || typeof intent !== 'string' || typeof training !== 'boolean') {
      throw new Error(`Braun corpus ${name}: sentence ${index} lacks text, intent or training`);
    }
    (training ? corpus.train : corpus.test).push({ text, intent });
  });
  return corpus;
}
