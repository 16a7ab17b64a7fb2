import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_INTENT_DIR } from '../../../intents/loader.ts';

export interface FixtureIntent {
  name: string;
  action: string;
  examples: string[];
  responses: string[];
}

/** Distinct, valid phrases so a fixture intent passes the minimum-examples rule unless a test breaks it. */
export function phrases(stem: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${stem} phrase number ${i + 1}`);
}

export function validIntent(name: string, overrides: Partial<FixtureIntent> = {}): FixtureIntent {
  return { name, action: 'answer', examples: phrases(name, 25), responses: [`About ${name}.`], ...overrides };
}

export interface FixtureDir {
  dir: string;
  remove(): Promise<void>;
}

/** Writes an intent data directory with the default settings, so tests change only what they are about. */
export async function writeIntentFixture(spec: {
  intents: FixtureIntent[];
  outOfScope?: string[];
  settings?: (defaults: Record<string, unknown>) => unknown;
  rawFiles?: Record<string, string>;
}): Promise<FixtureDir> {
  const dir = await mkdtemp(join(tmpdir(), 'concierge-intents-'));
  await mkdir(join(dir, 'intents'));
  const defaults = JSON.parse(await readFile(join(DEFAULT_INTENT_DIR, 'settings.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const settings = spec.settings ? spec.settings(defaults) : defaults;
  await writeFile(join(dir, 'settings.json'), JSON.stringify(settings));
  await writeFile(
    join(dir, 'out_of_scope.json'),
    JSON.stringify({ examples: spec.outOfScope ?? ['what is the weather like', 'tell me a joke'] }),
  );
  for (const intent of spec.intents) {
    await writeFile(join(dir, 'intents', `${intent.name}.json`), JSON.stringify(intent));
  }
  for (const [file, content] of Object.entries(spec.rawFiles ?? {})) {
    await writeFile(join(dir, file), content);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
