import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The script of a worker thread that sits next to the module at `moduleUrl`: compiled, `<name>.js`; from source
 * (.ts through tsx), `<name>-from-source.mjs`, which registers tsx in the thread first, because on Node 20 the
 * loader hooks that `--import tsx` installs do not reach worker threads.
 */
export function threadEntry(moduleUrl: string, name: string): URL {
  const fromSource = path.extname(fileURLToPath(moduleUrl)) === '.ts';
  return new URL(fromSource ? `./${name}-from-source.mjs` : `./${name}.js`, moduleUrl);
}
