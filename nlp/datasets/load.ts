import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OUT_OF_SCOPE } from '../intent/types.ts';
import type { LabeledExample } from '../intent/types.ts';
import { parseTextCategoryCsv } from './banking77.ts';
import { parseBraunCorpus } from './braun.ts';
import { parseClinc150 } from './clinc150.ts';
import type { DatasetName, IntentDataset } from './types.ts';

const BRAUN_FILES = ['ChatbotCorpus.json', 'AskUbuntuCorpus.json', 'WebApplicationsCorpus.json'];

const hasOutOfScope = (examples: LabeledExample[]): boolean =>
  examples.some((e) => e.intent === OUT_OF_SCOPE);

async function read(dir: string, ...parts: string[]): Promise<string> {
  const path = join(dir, ...parts);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read ${path}: ${(error as Error).message} (pass --data-dir or set CONCIERGE_SHARED_DIR)`,
      { cause: error },
    );
  }
}

/**
 * Reads one public corpus from `datasetsDir` (the folder holding banking77/, clinc150/, hwu64/, braun2017/).
 * Braun et al. publish three independent corpora, so a dataset is a list of corpora, each with its own split.
 */
export async function loadDataset(name: DatasetName, datasetsDir: string): Promise<IntentDataset[]> {
  switch (name) {
    case 'banking77':
    case 'hwu64': {
      const train = parseTextCategoryCsv(await read(datasetsDir, name, 'train.csv'));
      const test = parseTextCategoryCsv(await read(datasetsDir, name, 'test.csv'));
      return [{ name, train, test, hasOutOfScope: false }];
    }
    case 'clinc150': {
      const splits = parseClinc150(await read(datasetsDir, 'clinc150', 'data_full.json'));
      return [{ name, ...splits, hasOutOfScope: hasOutOfScope(splits.test) }];
    }
    case 'braun': {
      const corpora: IntentDataset[] = [];
      for (const file of BRAUN_FILES) {
        const corpus = parseBraunCorpus(await read(datasetsDir, 'braun2017', file));
        corpora.push({ name: corpus.name, train: corpus.train, test: corpus.test, hasOutOfScope: false });
      }
      return corpora;
    }
  }
}
