import type { BaseDoc, NormalisedDoc, NormalisedText, PipelineStep } from '../document.ts';
import type { PipelineSettings } from '../settings.ts';

// A base character with its combining marks: NFKC must see them together to compose them.
const SEGMENT = /\P{M}\p{M}*|\p{M}+/gsu;
const WHITESPACE = /^\s/u;
const CONTROL = /^\p{Cc}/u;
const SCAN_FACTOR = 8;

/**
 * NFKC, whitespace folded to single spaces, control characters dropped, trimmed, then cut to `maxChars`
 * (never inside a character). Each output unit remembers which original characters produced it.
 */
export function normaliseText(original: string, maxChars: number): NormalisedText {
  // plain arrays grow with the text: most messages are far shorter than the cap
  const originStart: number[] = [];
  const originEnd: number[] = [];
  let text = '';
  // Whitespace and control characters produce no output, so a message made of them would be scanned in full
  // without this bound on how much of the original is read.
  const scanned =
    original.length > maxChars * SCAN_FACTOR ? original.slice(0, maxChars * SCAN_FACTOR) : original;
  let truncated = scanned.length < original.length;
  let pendingSpace = -1; // original index of a whitespace run not yet emitted

  for (const match of scanned.matchAll(SEGMENT)) {
    const segment = match[0];
    const at = match.index;
    if (WHITESPACE.test(segment)) {
      if (text.length > 0 && pendingSpace < 0) pendingSpace = at;
      continue;
    }
    if (CONTROL.test(segment)) continue;
    const folded = segment.normalize('NFKC');
    const spaceLength = pendingSpace >= 0 ? 1 : 0;
    if (text.length + spaceLength + folded.length > maxChars) {
      truncated = true;
      break;
    }
    if (pendingSpace >= 0) {
      originStart.push(pendingSpace);
      originEnd.push(at);
      text += ' ';
      pendingSpace = -1;
    }
    for (let i = 0; i < folded.length; i += 1) {
      originStart.push(at);
      originEnd.push(at + segment.length);
    }
    text += folded;
  }
  return { text, originStart, originEnd, truncated };
}

export function createNormaliseStep(settings: PipelineSettings): PipelineStep<BaseDoc, NormalisedDoc> {
  const { maxChars } = settings.normalise;
  return {
    name: 'normalise',
    process: (doc) => ({ ...doc, normalised: normaliseText(doc.original, maxChars) }),
  };
}
