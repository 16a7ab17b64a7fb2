// npm run build (all front ends, always) · npm start runs it with --if-stale (only what is missing or changed).
//   tsx scripts/build-frontend.ts [--if-stale] [--app web-widget]
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../server/config.ts';
import { FRONTEND_APPS } from './frontend/apps.ts';
import { ensureBuilt } from './frontend/frontend-app.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'if-stale': { type: 'boolean', default: false }, app: { type: 'string', multiple: true } },
  });
  const wanted = values.app ?? FRONTEND_APPS.map((app) => app.name);
  const unknown = wanted.filter((name) => !FRONTEND_APPS.some((app) => app.name === name));
  if (unknown.length > 0) throw new Error(`unknown front end ${unknown.join(', ')}`);
  for (const app of FRONTEND_APPS.filter((a) => wanted.includes(a.name))) {
    const outcome = await ensureBuilt(REPO_ROOT, app, { force: !values['if-stale'] });
    if (outcome.built) {
      console.log(
        `built ${app.name} (${outcome.reason}) in ${Math.round(outcome.ms)} ms → ${outcome.outDir}`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(`front-end build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
