// Part of `npm run build`: tsc compiles code only, but the compiled server also reads data files at run time
// (the shipped intent definitions, found beside intents/loader.js). They are copied into dist/ here, so
// `node dist/server/index.js` starts from the build alone.
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../server/config.ts';

/** Source → destination, relative to the repository. */
export const RUNTIME_DATA: readonly [string, string][] = [['intents/default', 'dist/intents/default']];

async function main(): Promise<void> {
  for (const [from, to] of RUNTIME_DATA) {
    const target = path.join(REPO_ROOT, to);
    await rm(target, { recursive: true, force: true });
    await cp(path.join(REPO_ROOT, from), target, { recursive: true });
    console.log(`copied ${from} → ${to}`);
  }
}

main().catch((error: unknown) => {
  console.error(`copying run-time data failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
