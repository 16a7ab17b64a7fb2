import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TestResult } from './suite.ts';

/** The bar: at least this many applicable tests pass against the engine. */
export const MINIMUM_PASSING = 310;

export const KNOWN_FAILURES_PATH = fileURLToPath(new URL('./known-failures.json', import.meta.url));

/** `{ "<file> :: <test description>": "<reason>" }`; a reason is required so the list explains itself. */
export async function loadKnownFailures(file = KNOWN_FAILURES_PATH): Promise<Map<string, string>> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: expected an object of "<file> :: <test description>": "<reason>"`);
  }
  const known = new Map<string, string>();
  for (const [key, reason] of Object.entries(parsed)) {
    if (!key.includes(' :: '))
      throw new Error(`${file}: "${key}" is not of the form "<file> :: <test description>"`);
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new Error(`${file}: "${key}" has no reason`);
    known.set(key, reason);
  }
  return known;
}

export interface Verdict {
  passed: number;
  failed: number;
  skipped: number;
  unexpectedFailures: TestResult[];
  knownFailures: TestResult[];
  /** Listed as known failures but passing now: the list can be pruned. */
  unexpectedPasses: TestResult[];
  /** Listed keys that match no test that ran (renamed, skipped or filtered out). */
  unmatchedEntries: string[];
  /** Whether the run counts as a success: no unexpected failure and, for a full run, enough passes. */
  ok: boolean;
}

export function judge(
  results: TestResult[],
  known: Map<string, string>,
  options: { filtered: boolean },
): Verdict {
  const count = (status: TestResult['status']) => results.filter((result) => result.status === status).length;
  const failures = results.filter((result) => result.status === 'failed');
  const unexpectedFailures = failures.filter((result) => !known.has(result.key));
  const ran = new Set(results.filter((result) => result.status !== 'skipped').map((result) => result.key));
  const passed = count('passed');
  return {
    passed,
    failed: failures.length,
    skipped: count('skipped'),
    unexpectedFailures,
    knownFailures: failures.filter((result) => known.has(result.key)),
    unexpectedPasses: results.filter((result) => result.status === 'passed' && known.has(result.key)),
    unmatchedEntries: options.filtered ? [] : [...known.keys()].filter((key) => !ran.has(key)),
    ok: unexpectedFailures.length === 0 && (options.filtered || passed >= MINIMUM_PASSING),
  };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/**
 * One line per file that has failures or unexpected passes, the names of the tests that need attention
 * under it (with details when verbose), and the totals as the very last line.
 */
export function formatReport(
  results: TestResult[],
  verdict: Verdict,
  options: { verbose: boolean },
): string[] {
  const lines: string[] = [];
  const files = [...new Set(results.map((result) => result.file))];
  for (const file of files) {
    const inFile = (list: TestResult[]) => list.filter((result) => result.file === file);
    const unexpected = inFile(verdict.unexpectedFailures);
    const known = inFile(verdict.knownFailures);
    const nowPassing = inFile(verdict.unexpectedPasses);
    if (unexpected.length + known.length + nowPassing.length === 0) continue;
    const parts: string[] = [];
    if (unexpected.length > 0) parts.push(`${unexpected.length} failed (not in known-failures)`);
    if (known.length > 0) parts.push(`${known.length} known failure${known.length === 1 ? '' : 's'}`);
    if (nowPassing.length > 0) parts.push(`${nowPassing.length} known failure(s) now pass`);
    lines.push(`${file}: ${parts.join(', ')}`);
    for (const result of unexpected) {
      lines.push(`  FAIL ${result.description}`);
      if (options.verbose && result.reason) lines.push(indent(result.reason, '       '));
    }
    if (options.verbose) {
      for (const result of known) {
        lines.push(`  known ${result.description}`);
        if (result.reason) lines.push(indent(result.reason, '       '));
      }
    }
    for (const result of nowPassing)
      lines.push(`  PASSES NOW (prune from known-failures) ${result.description}`);
  }
  for (const key of verdict.unmatchedEntries)
    lines.push(`known-failures entry matches no test that ran: ${key}`);
  if (!verdict.ok && verdict.unexpectedFailures.length === 0) {
    lines.push(`only ${verdict.passed} tests passed; at least ${MINIMUM_PASSING} must`);
  }
  lines.push(`${verdict.passed} passed, ${verdict.failed} failed, ${verdict.skipped} skipped`);
  return lines;
}
