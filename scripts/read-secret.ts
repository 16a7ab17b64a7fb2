import { createInterface } from 'node:readline';

/**
 * A secret for a command-line tool, never from its arguments (npm prints a script's arguments, and they show
 * in `ps` and shell history): the environment variable when set; otherwise typed at a hidden prompt, twice,
 * when stdin is a terminal; otherwise the first line of stdin (`printf '%s\n' "$PW" | npm run …`).
 */
export async function readSecret(options: {
  env: NodeJS.ProcessEnv;
  variable: string;
  prompt: string;
}): Promise<string> {
  const fromEnv = options.env[options.variable];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.stdin.isTTY) {
    const first = await promptHidden(`${options.prompt}: `);
    const second = await promptHidden(`${options.prompt} again: `);
    if (first !== second) throw new SecretInputError('the two passwords typed differ');
    return first;
  }
  const line = await firstLine(process.stdin);
  if (line === null || line === '') {
    throw new SecretInputError(
      `no password: set ${options.variable}, type it at the prompt, or pipe it on stdin`,
    );
  }
  return line;
}

export class SecretInputError extends Error {}

function firstLine(input: NodeJS.ReadableStream): Promise<string | null> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, crlfDelay: Infinity });
    let answered = false;
    lines.once('line', (line) => {
      answered = true;
      resolve(line);
      lines.close();
    });
    lines.once('close', () => {
      if (!answered) resolve(null);
    });
  });
}

/** Reads one line from the terminal with echo off (raw mode), on stderr so stdout stays the tool's output. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  // Echo goes off before the prompt shows, so nothing typed after seeing it can appear on the screen.
  stdin.setRawMode(true);
  process.stderr.write(question);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (outcome: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      outcome();
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(() => resolve(typed));
        if (char === '\u0003') return finish(() => reject(new SecretInputError('cancelled')));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
