import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OUT_OF_SCOPE } from '../nlp/intent/types.ts';
import type { LabeledExample } from '../nlp/intent/types.ts';
import { pipelineSettingsSchema } from '../nlp/settings.ts';
import type { PipelineSettings } from '../nlp/settings.ts';
import { REQUIRED_INTENTS } from './actions.ts';
import { IntentDataError } from './errors.ts';
import type { IntentDataProblem } from './errors.ts';
import { validateIntentData } from './validate.ts';
import type { IntentFile } from './validate.ts';

export { IntentDataError } from './errors.ts';
export type { IntentDataProblem } from './errors.ts';

export interface IntentDefinition {
  name: string;
  action: string;
  examples: string[];
  responses: string[];
  description?: string;
}

export interface IntentData {
  intents: IntentDefinition[];
  outOfScope: string[];
  settings: PipelineSettings;
  /** Content hash of the training data (intent names, examples, out-of-scope examples). */
  hash: string;
}

export interface LoadIntentDataOptions {
  /** Intent names that must be present; defaults to the public contract's list. */
  requiredIntents?: readonly string[];
}

/** The default English data set shipped with the project. */
export const DEFAULT_INTENT_DIR = fileURLToPath(new URL('./default/', import.meta.url));

const SETTINGS_FILE = 'settings.json';
const OUT_OF_SCOPE_FILE = 'out_of_scope.json';
const INTENTS_SUBDIR = 'intents';

const intentFileSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case, e.g. "order_status"'),
  action: z.string(),
  description: z.string().optional(),
  examples: z.array(z.string()),
  responses: z.array(z.string().min(1)),
});
const outOfScopeFileSchema = z.object({ description: z.string().optional(), examples: z.array(z.string()) });

/**
 * Reads and validates an intent data directory:
 *   settings.json, out_of_scope.json, intents/<name>.json (one file per intent).
 * Throws IntentDataError listing every problem with the file it is in and how to fix it.
 */
export async function loadIntentData(
  dir: string = DEFAULT_INTENT_DIR,
  options: LoadIntentDataOptions = {},
): Promise<IntentData> {
  const problems: IntentDataProblem[] = [];
  const read = async <T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> => {
    let raw: string;
    try {
      raw = await readFile(join(dir, file), 'utf8');
    } catch {
      problems.push({ file, message: `cannot be read; create it (see docs/nlp.md for its format).` });
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      problems.push({ file, message: `is not valid JSON (${(error as Error).message}); fix the syntax.` });
      return undefined;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = issue.path.length > 0 ? issue.path.join('.') : '(file)';
        problems.push({ file, message: `${where}: ${issue.message}.` });
      }
      return undefined;
    }
    return parsed.data;
  };

  const settings = await read(SETTINGS_FILE, pipelineSettingsSchema);
  const outOfScope = await read(OUT_OF_SCOPE_FILE, outOfScopeFileSchema);
  const intentFiles: IntentFile[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(join(dir, INTENTS_SUBDIR))).filter((n) => n.endsWith('.json')).sort();
  } catch {
    problems.push({
      file: `${INTENTS_SUBDIR}/`,
      message: 'directory is missing; create it with one JSON file per intent.',
    });
  }
  for (const name of names) {
    const file = `${INTENTS_SUBDIR}/${name}`;
    const intent = await read(file, intentFileSchema);
    if (intent === undefined) continue;
    if (intent.name !== basename(name, '.json')) {
      problems.push({
        file,
        message: `defines intent "${intent.name}"; rename the file to ${intent.name}.json.`,
      });
    }
    intentFiles.push({ file, ...intent });
  }

  if (settings !== undefined && outOfScope !== undefined) {
    problems.push(
      ...validateIntentData({
        intents: intentFiles,
        outOfScope: { file: OUT_OF_SCOPE_FILE, examples: outOfScope.examples },
        settings: { file: SETTINGS_FILE, value: settings },
        requiredIntents: options.requiredIntents ?? REQUIRED_INTENTS,
      }),
    );
  }
  if (problems.length > 0 || settings === undefined || outOfScope === undefined) {
    throw new IntentDataError(dir, problems);
  }

  const intents = intentFiles.map(({ file: _file, ...definition }) => definition);
  return {
    intents,
    outOfScope: outOfScope.examples,
    settings,
    hash: hashTrainingData(intents, outOfScope.examples),
  };
}

/** Every example labelled with its intent, out-of-scope ones labelled `out_of_scope`. */
export function toTrainingExamples(data: Pick<IntentData, 'intents' | 'outOfScope'>): LabeledExample[] {
  const examples: LabeledExample[] = [];
  for (const intent of data.intents) {
    for (const text of intent.examples) examples.push({ text, intent: intent.name });
  }
  for (const text of data.outOfScope) examples.push({ text, intent: OUT_OF_SCOPE });
  return examples;
}

/**
 * Only what training reads goes into the hash: editing a response template or a setting must not make a saved
 * model stale, editing an example must.
 */
export function hashTrainingData(intents: IntentDefinition[], outOfScope: string[]): string {
  const canonical = [...intents]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((intent) => [intent.name, intent.examples]);
  return createHash('sha256')
    .update(JSON.stringify({ intents: canonical, outOfScope }))
    .digest('hex');
}
