import { z } from 'zod';
import { INTENT_ACTIONS, REQUIRED_INTENTS } from '../../intents/actions.ts';
import type { IntentDataProblem } from '../../intents/errors.ts';
import {
  hashTrainingData,
  loadIntentData,
  type IntentData,
  type IntentDefinition,
} from '../../intents/loader.ts';
import { validateIntentData, type IntentFile } from '../../intents/validate.ts';
import type { PipelineSettings } from '../../nlp/settings.ts';
import { ENTITY_TYPES } from '../../nlp/types.ts';
import type { IntentContent, IntentRecord, IntentRevisionRecord } from '../data/records.ts';
import type { IntentRepository } from '../data/repositories/intents.ts';
import { contentOfIntent } from '../data/repositories/intents.ts';
import { AppError } from '../shared/errors.ts';
import { diffSnapshots, type SnapshotDiff } from './snapshot-diff.ts';
import { JsonSyntaxError, lineOfPath, positionAt, syntaxErrorPosition, valueOffsets } from './json-lines.ts';

export const OUT_OF_SCOPE_NAME = 'out_of_scope';
const OUT_OF_SCOPE_FILE = 'out_of_scope.json';
const fileOf = (name: string) => (name === OUT_OF_SCOPE_NAME ? OUT_OF_SCOPE_FILE : `intents/${name}.json`);

const phrase = z.string().trim().min(1, 'an example is empty').max(500);
const intentFields = {
  name: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'use lower_snake_case, e.g. "gift_wrapping"')
    .refine((name) => name !== OUT_OF_SCOPE_NAME, 'out_of_scope is reserved'),
  action: z.enum(INTENT_ACTIONS),
  description: z.string().trim().max(500).nullable(),
  examples: z.array(phrase).max(5000),
  responses: z.array(z.string().trim().min(1).max(2000)).max(50),
  entities: z.array(z.enum(ENTITY_TYPES)).max(ENTITY_TYPES.length),
};
/** What an editor sends for a new intent; `update` takes any subset (absent fields are left as they are). */
export const intentInput = z.object({
  ...intentFields,
  description: intentFields.description.default(null),
  entities: intentFields.entities.default([]),
});
export type IntentInput = z.input<typeof intentInput>;
export const intentChanges = z.object(intentFields).partial();

/** The out-of-scope document takes examples only. */
export const outOfScopeChanges = z.object({ examples: z.array(phrase).max(5000) }).strict();

/** A problem with the data; for an import, `line` points into the file. */
export interface IntentProblem extends IntentDataProblem {
  line?: number;
}

export interface IntentSummary {
  id: string;
  name: string;
  kind: IntentRecord['kind'];
  action: string;
  exampleCount: number;
  responseCount: number;
  version: number;
  updatedAt: Date;
}

export interface ImportFile {
  /** `intents/<name>.json` or `out_of_scope.json`, as in an export. */
  path: string;
  content: string;
}

export interface IntentStoreOptions {
  repository: IntentRepository;
  /** Pipeline settings (intents/default/settings.json): part of the training data handed to a job. */
  settings: PipelineSettings;
  /** Fewest examples an intent may have (config INTENT_MIN_EXAMPLES). */
  minExamples: number;
  requiredIntents?: readonly string[];
}

function invalid(problems: IntentProblem[]): never {
  throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.file}: ${p.message}`).join(' '), {
    details: { problems },
  });
}

/** Trims and folds whitespace; the loader's duplicate check then compares case- and punctuation-blind. */
function clean(list: readonly string[]): string[] {
  return list.map((item) => item.trim().replace(/\s+/g, ' '));
}

/**
 * The one intent store: training data in MongoDB, edited by admins, checked by the same rules as the files
 * (`validateIntentData`: duplicates across intents named with the other intent, unknown actions, too few
 * examples, placeholders no entity fills, required intents). Every write is versioned (409 on a stale
 * version) and kept in the history.
 */
export function createIntentStore(options: IntentStoreOptions) {
  const { repository } = options;
  const requiredIntents = options.requiredIntents ?? REQUIRED_INTENTS;

  const outOfScope = (all: readonly IntentRecord[]) =>
    all.find((intent) => intent.kind === 'out_of_scope')?.examples ?? [];

  /**
   * Validates the whole set as it would be after a write; only the problems that concern the written intents
   * are reported (they come last, so a duplicate is reported on them and names the older intent).
   */
  const check = (
    all: readonly IntentContent[],
    oos: readonly string[],
    focus: readonly string[],
    removed: readonly string[] = [],
  ): IntentProblem[] => {
    const focusSet = new Set(focus);
    const ordered = [
      ...all.filter((intent) => !focusSet.has(intent.name)),
      ...all.filter((intent) => focusSet.has(intent.name)),
    ];
    const files: IntentFile[] = ordered.map((intent) => ({
      file: fileOf(intent.name),
      name: intent.name,
      action: intent.action,
      examples: intent.examples,
      responses: intent.responses,
    }));
    const problems = validateIntentData({
      intents: files,
      outOfScope: { file: OUT_OF_SCOPE_FILE, examples: [...oos] },
      settings: { file: 'settings.json', value: options.settings },
      requiredIntents,
      minExamples: options.minExamples,
    });
    const focusFiles = new Set(focus.map(fileOf));
    return problems.filter(
      (problem) =>
        focusFiles.has(problem.file) ||
        [...focus, ...removed].some((name) => problem.message.includes(`"${name}"`)),
    );
  };

  const intentsOnly = (all: readonly IntentRecord[]) =>
    all.filter((intent) => intent.kind === 'intent').map(contentOfIntent);

  const mustFind = async (name: string): Promise<IntentRecord> => {
    const intent = await repository.findByName(name);
    if (intent === null) throw new AppError('NOT_FOUND', `There is no intent named "${name}".`);
    return intent;
  };

  const store = {
    /** Fills an empty store from an intent directory (the first start); concurrent nodes may race safely. */
    async seed(dir?: string): Promise<{ seeded: number }> {
      if ((await repository.count()) > 0) return { seeded: 0 };
      const data = await loadIntentData(dir);
      let seeded = 0;
      const write = async (input: Parameters<IntentRepository['create']>[0]) => {
        try {
          await repository.create(input, null);
          seeded++;
        } catch (error) {
          // Another node seeded this one first.
          if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
        }
      };
      for (const intent of data.intents) {
        await write({
          name: intent.name,
          action: intent.action,
          description: intent.description ?? null,
          examples: intent.examples,
          responses: intent.responses,
          entities: [],
        });
      }
      await write({
        name: OUT_OF_SCOPE_NAME,
        kind: 'out_of_scope',
        action: '',
        description: null,
        examples: data.outOfScope,
        responses: [],
        entities: [],
      });
      return { seeded };
    },

    async list(): Promise<IntentSummary[]> {
      return (await repository.list()).map((intent) => ({
        id: intent.id,
        name: intent.name,
        kind: intent.kind,
        action: intent.action,
        exampleCount: intent.examples.length,
        responseCount: intent.responses.length,
        version: intent.version,
        updatedAt: intent.updatedAt,
      }));
    },

    get: mustFind,

    async create(raw: unknown, actor: string | null): Promise<IntentRecord> {
      const parsed = intentInput.safeParse(raw);
      if (!parsed.success) return invalid(zodProblems('intents/(new).json', parsed.error));
      const input = { ...parsed.data, examples: clean(parsed.data.examples) };
      const all = await repository.list();
      if (all.some((intent) => intent.name === input.name)) {
        throw new AppError('ALREADY_EXISTS', `An intent named "${input.name}" already exists.`);
      }
      const problems = check([...intentsOnly(all), input], outOfScope(all), [input.name]);
      if (problems.length > 0) invalid(problems);
      return repository.create(input, actor);
    },

    /** Edits (and renames, with `name`) an intent if it is still at `expectedVersion`. */
    async update(
      name: string,
      expectedVersion: number,
      raw: unknown,
      actor: string | null,
    ): Promise<IntentRecord> {
      const current = await mustFind(name);
      const schema = current.kind === 'out_of_scope' ? outOfScopeChanges : intentChanges.strict();
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return invalid(zodProblems(fileOf(name), parsed.error));
      const changes: Partial<IntentContent> = { ...parsed.data };
      if (changes.examples) changes.examples = clean(changes.examples);
      if (current.version !== expectedVersion) {
        throw new AppError('VERSION_CONFLICT', undefined, {
          details: { currentVersion: current.version, expectedVersion },
        });
      }
      const all = await repository.list();
      const next = { ...contentOfIntent(current), ...changes };
      if (current.kind === 'out_of_scope') {
        const problems = check(intentsOnly(all), next.examples, [OUT_OF_SCOPE_NAME]).filter(
          (p) => p.file === OUT_OF_SCOPE_FILE,
        );
        if (problems.length > 0) invalid(problems);
      } else {
        if (next.name !== name && all.some((intent) => intent.name === next.name)) {
          throw new AppError('ALREADY_EXISTS', `An intent named "${next.name}" already exists.`);
        }
        const others = intentsOnly(all).filter((intent) => intent.name !== name);
        const problems = check([...others, next], outOfScope(all), [next.name], [name]);
        if (problems.length > 0) invalid(problems);
      }
      return repository.update(current.id, expectedVersion, changes, actor);
    },

    async remove(name: string, expectedVersion: number, actor: string | null): Promise<void> {
      const current = await mustFind(name);
      if (current.kind === 'out_of_scope') {
        throw new AppError('VALIDATION_FAILED', 'The out-of-scope examples cannot be deleted; edit them.');
      }
      const all = await repository.list();
      const others = intentsOnly(all).filter((intent) => intent.name !== name);
      const problems = check(others, outOfScope(all), [], [name]);
      if (problems.length > 0) invalid(problems);
      await repository.remove(current.id, expectedVersion, actor);
    },

    async history(name: string): Promise<IntentRevisionRecord[]> {
      return repository.history((await mustFind(name)).id);
    },

    /** What changed between two saved versions (`to` defaults to the current one). */
    async diff(name: string, from: number, to?: number): Promise<SnapshotDiff> {
      const intent = await mustFind(name);
      const load = async (version: number) => {
        const revision = await repository.revision(intent.id, version);
        if (revision === null)
          throw new AppError('NOT_FOUND', `Version ${version} of "${name}" does not exist.`);
        return revision.snapshot;
      };
      const before = await load(from);
      const after = to === undefined ? contentOfIntent(intent) : await load(to);
      return diffSnapshots(before ?? {}, after ?? {});
    },

    /** Brings back an earlier version's content as a new version (history is never rewritten), validated. */
    async rollback(
      name: string,
      toVersion: number,
      expectedVersion: number,
      actor: string | null,
    ): Promise<IntentRecord> {
      const intent = await mustFind(name);
      const revision = await repository.revision(intent.id, toVersion);
      if (revision === null || revision.snapshot === null) {
        throw new AppError('NOT_FOUND', `Version ${toVersion} of "${name}" does not exist.`);
      }
      const snapshot = revision.snapshot;
      const changes =
        intent.kind === 'out_of_scope'
          ? { examples: snapshot.examples }
          : {
              name: snapshot.name,
              action: snapshot.action,
              description: snapshot.description,
              examples: snapshot.examples,
              responses: snapshot.responses,
              entities: snapshot.entities,
            };
      return store.update(name, expectedVersion, changes, actor);
    },

    /** The training data as the loader would read it from an exported directory, with its hash. */
    async trainingData(): Promise<IntentData> {
      const all = await repository.list();
      const intents: IntentDefinition[] = all
        .filter((intent) => intent.kind === 'intent')
        .map((intent) => ({
          name: intent.name,
          action: intent.action,
          examples: intent.examples,
          responses: intent.responses,
          ...(intent.description ? { description: intent.description } : {}),
        }));
      const oos = outOfScope(all);
      return { intents, outOfScope: oos, settings: options.settings, hash: hashTrainingData(intents, oos) };
    },

    /** The store as the files of an intent directory (`intents/<name>.json`, `out_of_scope.json`). */
    async exportFiles(): Promise<ImportFile[]> {
      const all = await repository.list();
      return all.map((intent) => {
        const body =
          intent.kind === 'out_of_scope'
            ? {
                ...(intent.description ? { description: intent.description } : {}),
                examples: intent.examples,
              }
            : {
                name: intent.name,
                action: intent.action,
                ...(intent.description ? { description: intent.description } : {}),
                examples: intent.examples,
                responses: intent.responses,
                ...(intent.entities.length > 0 ? { entities: intent.entities } : {}),
              };
        return { path: fileOf(intent.name), content: `${JSON.stringify(body, null, 2)}\n` };
      });
    },

    /**
     * Creates or replaces the intents of the given files (and the out-of-scope examples), after checking
     * every file and the resulting set: nothing is written when any problem is found, and each problem names
     * its file and line. `replace` also deletes the intents no file names.
     */
    async importFiles(
      files: readonly ImportFile[],
      actor: string | null,
      { replace = false }: { replace?: boolean } = {},
    ): Promise<{ created: string[]; updated: string[]; deleted: string[] }> {
      const problems: IntentProblem[] = [];
      const incoming = new Map<string, IntentContent>();
      let incomingOos: string[] | undefined;
      for (const file of files) {
        const parsed = parseImportFile(file, problems);
        if (parsed === undefined) continue;
        if ('outOfScope' in parsed) incomingOos = parsed.outOfScope;
        else if (incoming.has(parsed.intent.name)) {
          problems.push({
            file: file.path,
            line: 1,
            message: `intent "${parsed.intent.name}" is imported twice.`,
          });
        } else incoming.set(parsed.intent.name, parsed.intent);
      }
      if (problems.length > 0) invalid(problems);

      const all = await repository.list();
      const existing = new Map(all.map((intent) => [intent.name, intent]));
      const kept = intentsOnly(all).filter((intent) => !replace && !incoming.has(intent.name));
      const oos = incomingOos ?? outOfScope(all);
      const focus = [...incoming.keys(), ...(incomingOos ? [OUT_OF_SCOPE_NAME] : [])];
      const removed = replace
        ? intentsOnly(all)
            .filter((i) => !incoming.has(i.name))
            .map((i) => i.name)
        : [];
      for (const problem of check([...kept, ...incoming.values()], oos, focus, removed)) {
        const file = files.find((f) => f.path === problem.file);
        const quoted = /^"(.*?)" /.exec(problem.message)?.[1];
        const line =
          file && quoted !== undefined
            ? lineOfText(file.content, JSON.stringify(quoted))
            : file
              ? 1
              : undefined;
        problems.push(line === undefined ? problem : { ...problem, line });
      }
      if (problems.length > 0) invalid(problems);

      const result = { created: [] as string[], updated: [] as string[], deleted: [] as string[] };
      for (const intent of incoming.values()) {
        const current = existing.get(intent.name);
        if (current === undefined) {
          await repository.create(intent, actor);
          result.created.push(intent.name);
        } else {
          await repository.update(current.id, current.version, intent, actor);
          result.updated.push(intent.name);
        }
      }
      const currentOos = existing.get(OUT_OF_SCOPE_NAME);
      if (incomingOos !== undefined) {
        if (currentOos === undefined) {
          await repository.create(
            {
              name: OUT_OF_SCOPE_NAME,
              kind: 'out_of_scope',
              action: '',
              description: null,
              examples: incomingOos,
              responses: [],
              entities: [],
            },
            actor,
          );
        } else await repository.update(currentOos.id, currentOos.version, { examples: incomingOos }, actor);
        result.updated.push(OUT_OF_SCOPE_NAME);
      }
      for (const name of removed) {
        const current = existing.get(name)!;
        await repository.remove(current.id, current.version, actor);
        result.deleted.push(name);
      }
      return result;
    },
  };
  return store;
}

export type IntentStore = ReturnType<typeof createIntentStore>;

function lineOfText(content: string, needle: string): number {
  const index = content.indexOf(needle);
  if (index < 0) return 1;
  return content.slice(0, index).split('\n').length;
}

function zodProblems(file: string, error: z.ZodError): IntentProblem[] {
  return error.issues.map((issue) => ({
    file,
    message: `${issue.path.length > 0 ? issue.path.join('.') : '(intent)'}: ${issue.message}.`,
  }));
}

const importedIntent = intentInput.extend({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'use lower_snake_case, e.g. "order_status"'),
  action: z.string(),
  description: z.string().optional(),
  responses: z.array(z.string().min(1)),
});
const importedOutOfScope = z.object({ description: z.string().optional(), examples: z.array(z.string()) });

/** One file of an import: JSON syntax and shape, with the line of each problem. */
function parseImportFile(
  file: ImportFile,
  problems: IntentProblem[],
): { intent: IntentContent } | { outOfScope: string[] } | undefined {
  const path = file.path;
  const match = /^intents\/([a-z][a-z0-9_]*)\.json$/.exec(path);
  if (match === null && path !== OUT_OF_SCOPE_FILE) {
    problems.push({
      file: path,
      message: 'name the file intents/<name>.json or out_of_scope.json, as in an export.',
    });
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(file.content);
  } catch (error) {
    let position = syntaxErrorPosition(file.content, error as Error);
    try {
      valueOffsets(file.content);
    } catch (scan) {
      if (scan instanceof JsonSyntaxError) position = positionAt(file.content, scan.offset);
    }
    problems.push({
      file: path,
      ...(position ? { line: position.line } : {}),
      message: `is not valid JSON (${(error as Error).message}); fix the syntax.`,
    });
    return undefined;
  }
  const offsets = valueOffsets(file.content);
  const schema = match === null ? importedOutOfScope : importedIntent;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({
        file: path,
        line: lineOfPath(file.content, offsets, issue.path),
        message: `${issue.path.length > 0 ? issue.path.join('.') : '(file)'}: ${issue.message}.`,
      });
    }
    return undefined;
  }
  if (match === null) return { outOfScope: clean((parsed.data as { examples: string[] }).examples) };
  const data = parsed.data as z.output<typeof importedIntent>;
  if (data.name !== match[1]) {
    problems.push({
      file: path,
      line: lineOfPath(file.content, offsets, ['name']),
      message: `defines intent "${data.name}"; rename the file to ${data.name}.json.`,
    });
    return undefined;
  }
  return {
    intent: {
      name: data.name,
      action: data.action,
      description: data.description ?? null,
      examples: clean(data.examples),
      responses: data.responses,
      entities: data.entities,
    },
  };
}
