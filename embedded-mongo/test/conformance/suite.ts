import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import {
  cloneSpecValue,
  EMBEDDED_PROFILE,
  loadSuite,
  requirementsMet,
  schemaVersionSupported,
  SUITE_SUBDIRECTORY,
  SUPPORTED_SCHEMA_VERSION,
  type ServerProfile,
} from './spec-files.ts';
import { runUnifiedTest } from './test-runner.ts';

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  file: string;
  description: string;
  /** `<file> :: <description>`, the key of the known-failures list. */
  key: string;
  status: TestStatus;
  /** Why it failed or was skipped. */
  reason?: string;
}

export interface SuiteOptions {
  uri: string;
  suiteDir: string;
  /** Runs only tests whose key contains this substring. */
  filter?: string;
  profile?: ServerProfile;
  /** A test that takes longer fails, so that an engine that stops answering cannot hang the suite. */
  testTimeoutMS?: number;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** `--shared` wins, then CONCIERGE_SHARED_DIR, then `../shared` next to the repository. */
export function resolveSuiteDir(sharedDir?: string): string {
  const shared = sharedDir ?? process.env.CONCIERGE_SHARED_DIR ?? path.join(REPO_ROOT, '..', 'shared');
  return path.resolve(shared, SUITE_SUBDIRECTORY);
}

export function testKey(file: string, description: string): string {
  return `${file} :: ${description}`;
}

async function withTimeout(work: Promise<void>, timeoutMS: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMS} ms`)), timeoutMS);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runSuite(options: SuiteOptions): Promise<TestResult[]> {
  const { uri, suiteDir, filter, profile = EMBEDDED_PROFILE, testTimeoutMS = 20_000 } = options;
  const files = await loadSuite(suiteDir);
  const internal = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, socketTimeoutMS: 10_000 });
  const results: TestResult[] = [];
  try {
    await internal.connect();
    for (const file of files) {
      for (const test of file.tests) {
        const key = testKey(file.fileName, test.description);
        if (filter !== undefined && !key.includes(filter)) continue;
        const result = { file: file.fileName, description: test.description, key };
        if (
          !requirementsMet(file.runOnRequirements, profile) ||
          !requirementsMet(test.runOnRequirements, profile)
        ) {
          results.push({ ...result, status: 'skipped', reason: 'runOnRequirements exclude the profile' });
        } else if (test.skipReason !== undefined) {
          results.push({ ...result, status: 'skipped', reason: test.skipReason });
        } else if (!schemaVersionSupported(file.schemaVersion)) {
          const reason = `schema ${file.schemaVersion} is newer than the runner's ${SUPPORTED_SCHEMA_VERSION}`;
          results.push({ ...result, status: 'failed', reason });
        } else {
          try {
            const work = runUnifiedTest(cloneSpecValue(file), cloneSpecValue(test), uri, internal);
            await withTimeout(work, testTimeoutMS);
            results.push({ ...result, status: 'passed' });
          } catch (failure) {
            results.push({ ...result, status: 'failed', reason: failureText(failure) });
          }
        }
      }
    }
  } finally {
    await internal.close();
  }
  return results;
}

function failureText(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
