import type { Document as WinkDocument, WinkMethods } from 'wink-nlp';
import type {
  NormalisedDoc,
  NormalisedText,
  PipelineStep,
  Tagged,
  TaggedDoc,
  TaggedToken,
} from '../document.ts';
import { getWink } from '../wink.ts';

/**
 * wink-nlp's cost grows super-linearly with the length of text it reads in one call (40 KB of `a!a!…` takes
 * seconds), so it reads the message in chunks of at most this many characters, cut at a space when possible.
 * Chat messages fit in one chunk; see docs/benchmarks.md for the measurements behind the number.
 */
export const CHUNK_CHARS = 160;

/** Start and end offsets of the chunks of `text`, each at most `size` long, preferring cuts at spaces. */
export function chunkBounds(text: string, size: number): [number, number][] {
  const bounds: [number, number][] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start + size / 2) end = space;
      // never split a surrogate pair
      else if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end -= 1;
    }
    bounds.push([start, end]);
    start = end;
  }
  return bounds;
}

function tagChunk(
  wink: WinkMethods,
  normalised: NormalisedText,
  chunkStart: number,
  chunkEnd: number,
  into: TaggedToken[],
  firstWinkIndex: number,
): { doc: WinkDocument; winkTokens: number } {
  const chunk = normalised.text.slice(chunkStart, chunkEnd);
  const doc = wink.readDoc(chunk);
  const its = wink.its;
  const values = doc.tokens().out(its.value);
  const pos = doc.tokens().out(its.pos);
  const negation = doc.tokens().out(its.negationFlag);
  const spaces = doc.tokens().out(its.precedingSpaces);
  let cursor = 0;
  values.forEach((value, i) => {
    // wink's token values are substrings of its input; searching forward from the cursor finds each one even
    // where its idea of preceding whitespace differs from ours
    let at = cursor + (spaces[i]?.length ?? 0);
    if (!chunk.startsWith(value, at)) {
      const found = chunk.indexOf(value, cursor);
      at = found >= 0 ? found : Math.min(at, chunk.length);
    }
    const end = Math.min(at + value.length, chunk.length);
    cursor = end;
    const normStart = chunkStart + at;
    const normEnd = chunkStart + end;
    const start = normalised.originStart[normStart] ?? 0;
    const originalEnd = normalised.originEnd[normEnd - 1] ?? start;
    into.push({
      text: '',
      start,
      end: originalEnd,
      pos: pos[i] ?? 'X',
      normStart,
      normEnd,
      negated: negation[i] === true,
      winkIndex: firstWinkIndex + i,
    });
  });
  return { doc, winkTokens: values.length };
}

// Pieces of one emoji that wink-nlp splits: zero-width joiner, variation selector, skin-tone modifier.
const EMOJI_JOINER_START = /^(?:\u200d|\ufe0f|\p{Emoji_Modifier})/u;
const EMOJI_JOINER_END = /\u200d$/u;
const REGIONAL_INDICATOR = /^\p{Regional_Indicator}$/u;

/** Glues the pieces of an emoji sequence (👨‍👩‍👧, 👍🏽, 🇬🇧) back into one token; the first piece's tags stand. */
export function mergeEmojiSequences(tokens: TaggedToken[], normalisedText: string): TaggedToken[] {
  const merged: TaggedToken[] = [];
  let flagHalf = false; // the previous token is the first regional indicator of a flag
  for (const token of tokens) {
    const previous = merged[merged.length - 1];
    const text = normalisedText.slice(token.normStart, token.normEnd);
    const touching = previous !== undefined && previous.normEnd === token.normStart;
    const joins =
      touching &&
      (EMOJI_JOINER_START.test(text) ||
        EMOJI_JOINER_END.test(normalisedText.slice(previous.normStart, previous.normEnd)) ||
        (flagHalf && REGIONAL_INDICATOR.test(text)));
    if (joins && previous !== undefined) {
      previous.normEnd = token.normEnd;
      previous.end = token.end;
      flagHalf = false;
      continue;
    }
    flagHalf = REGIONAL_INDICATOR.test(text);
    merged.push(token);
  }
  return merged;
}

export function createTokenizeStep(): PipelineStep<NormalisedDoc, TaggedDoc> {
  const wink = getWink();
  return {
    name: 'tokenize',
    process(doc) {
      const pieces: TaggedToken[] = [];
      const chunks: Tagged['chunks'] = [];
      let winkIndex = 0;
      for (const [start, end] of chunkBounds(doc.normalised.text, CHUNK_CHARS)) {
        const tagged = tagChunk(wink, doc.normalised, start, end, pieces, winkIndex);
        winkIndex += tagged.winkTokens;
        chunks.push({ doc: tagged.doc, tokenCount: tagged.winkTokens });
      }
      const tokens = mergeEmojiSequences(pieces, doc.normalised.text);
      for (const token of tokens) token.text = doc.original.slice(token.start, token.end);
      return { ...doc, tagged: { tokens, chunks } };
    },
  };
}
