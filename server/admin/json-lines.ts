/**
 * Line numbers for problems in an imported JSON file: where a syntax error is, and where the value at a path
 * (`examples.3`) starts, so an admin is told "line 14" rather than "somewhere in the file".
 */

export interface Position {
  line: number;
  column: number;
}

export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The position V8 names in a JSON.parse error ("… at position 42" or "(line 3 column 5)"). */
export function syntaxErrorPosition(text: string, error: Error): Position | undefined {
  const lineColumn = /line (\d+) column (\d+)/.exec(error.message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(error.message);
  if (position) return positionAt(text, Number(position[1]));
  // "Unexpected end of JSON input" names no position: the problem is at the end.
  if (/end of JSON/i.test(error.message)) return positionAt(text, text.length);
  return undefined;
}

/** Where a JSON text stops being valid (the scanner below). */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/;

/**
 * Maps every value of a JSON text to the offset where it starts, keyed by its dotted path (`""` is the root,
 * `examples.3` the fourth example), and throws a JsonSyntaxError at the first offset that is not JSON (Node 20's
 * JSON.parse often names no position). A small scanner rather than a parser dependency.
 */
export function valueOffsets(text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`expected ${what}`, i);
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const expect = (char: string) => {
    skipSpace();
    if (text[i] !== char) fail(`"${char}"`);
    i++;
  };
  const readString = (): string => {
    if (text[i] !== '"') fail('a string in double quotes');
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('the end of the string before the line ends');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail('the end of the string');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail('a valid string');
    }
  };
  const readValue = (path: string, depth: number): void => {
    if (depth > 64) fail('less deeply nested JSON');
    skipSpace();
    offsets.set(path, i);
    const prefix = path === '' ? '' : `${path}.`;
    const c = text[i];
    if (c === '{') {
      i++;
      skipSpace();
      if (text[i] === '}') return void i++;
      for (;;) {
        skipSpace();
        const key = readString();
        expect(':');
        readValue(prefix + key, depth + 1);
        skipSpace();
        if (text[i] === '}') return void i++;
        expect(',');
      }
    }
    if (c === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') return void i++;
      for (let index = 0; ; index++) {
        readValue(prefix + String(index), depth + 1);
        skipSpace();
        if (text[i] === ']') return void i++;
        expect(',');
      }
    }
    if (c === '"') return void readString();
    const literal = LITERAL.exec(text.slice(i, i + 400));
    if (literal === null) fail('a value (string, number, object, array, true, false or null)');
    i += literal![0].length;
  };
  readValue('', 0);
  skipSpace();
  if (i < text.length) fail('the end of the text');
  return offsets;
}

/** The line of the value at `path`, or of its closest parent that exists (a missing field is its object's). */
export function lineOfPath(text: string, offsets: Map<string, number>, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const offset = offsets.get(path.slice(0, n).map(String).join('.'));
    if (offset !== undefined) return positionAt(text, offset).line;
  }
  return 1;
}
