import type { LabeledExample } from '../intent/types.ts';
import { OUT_OF_SCOPE } from '../intent/types.ts';

export interface Clinc150Splits {
  train: LabeledExample[];
  validation: LabeledExample[];
  test: LabeledExample[];
}

const CLINC_OOS = 'oos';

function readPairs(data: Record<string, unknown>, key: string): LabeledExample[] {
  const pairs = data[key];
  if (!Array.isArray(pairs)) throw new Error(`CLINC150: "${key}" is missing or not a list`);
  return pairs.map((pair: unknown, index) => {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new Error(`CLINC150: ${key}[${index}] is not a [text, intent] pair`);
    }
    return { text: pair[0], intent: pair[1] === CLINC_OOS ? OUT_OF_SCOPE : pair[1] };
  });
}

/**
 * Parses data_full.json. Each split joins the in-scope items with the matching out-of-scope items
 * (train + oos_train, …), relabelled 'out_of_scope' as the classifier contract names it.
 */
export function parseClinc150(content: string): Clinc150Splits {
  const data: unknown = JSON.parse(content);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('CLINC150: expected a JSON object with train/val/test keys');
  }
  const record = data as Record<string, unknown>;
  return {
    train: [...readPairs(record, 'train'), ...readPairs(record, 'oos_train')],
    validation: [...readPairs(record, 'val'), ...readPairs(record, 'oos_val')],
    test: [...readPairs(record, 'test'), ...readPairs(record, 'oos_test')],
  };
}
