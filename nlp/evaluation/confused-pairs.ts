/** One evaluated utterance: what it said, what it meant, what the classifier answered. */
export interface EvaluatedItem {
  text: string;
  gold: string;
  predicted: string;
  confidence: number;
  /** The best in-scope intent in the classifier's ranking, even when its answer was out_of_scope. */
  bestInScope?: string;
}

export interface ConfusedPair {
  gold: string;
  predicted: string;
  count: number;
  /** Some of the misclassified utterances, most confidently wrong first: the ones worth rewording. */
  examples: { text: string; confidence: number }[];
}

/** The (gold → predicted) mistakes that happen most often, ties broken by label names for stable reports. */
export function mostConfusedPairs(
  items: readonly EvaluatedItem[],
  limit = 10,
  examplesPerPair = 3,
): ConfusedPair[] {
  const pairs = new Map<string, { gold: string; predicted: string; items: EvaluatedItem[] }>();
  for (const item of items) {
    if (item.gold === item.predicted) continue;
    const key = JSON.stringify([item.gold, item.predicted]);
    const pair = pairs.get(key) ?? { gold: item.gold, predicted: item.predicted, items: [] };
    pair.items.push(item);
    pairs.set(key, pair);
  }
  return [...pairs.values()]
    .sort(
      (a, b) =>
        b.items.length - a.items.length ||
        a.gold.localeCompare(b.gold) ||
        a.predicted.localeCompare(b.predicted),
    )
    .slice(0, limit)
    .map(({ gold, predicted, items: wrong }) => ({
      gold,
      predicted,
      count: wrong.length,
      examples: [...wrong]
        .sort((a, b) => b.confidence - a.confidence || a.text.localeCompare(b.text))
        .slice(0, examplesPerPair)
        .map(({ text, confidence }) => ({ text, confidence })),
    }));
}
