import { calculateObjectSize } from 'bson';
import type { Document } from 'bson';

export function encodedSize(doc: Document): number {
  return calculateObjectSize(doc, { ignoreUndefined: true });
}
