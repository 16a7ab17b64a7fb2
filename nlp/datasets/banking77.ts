import type { LabeledExample } from '../intent/types.ts';
import { parseCsvRecords } from './csv.ts';

/** BANKING77 and HWU64 share the `text,category` layout (HWU64 adds columns that are ignored). */
export function parseTextCategoryCsv(content: string): LabeledExample[] {
  return parseCsvRecords(content).map((record, index) => {
    const text = record['text'];
    const intent = record['category'];
    if (text === undefined || intent === undefined) {
      throw new Error(`row ${index + 2}: expected columns "text" and "category"`);
    }
    return { text: text.trim(), intent };
  });
}
