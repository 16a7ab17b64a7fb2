/**
 * `npm run test:conformance [-- --shared <dir>] [--filter <substring>] [--verbose] [--uri <mongodb uri>]`
 *
 * Runs the MongoDB CRUD unified test suite through the official driver against a fresh in-memory embedded
 * engine with test commands (fail points) enabled, or against `--uri` (e.g. a real mongod started with
 * enableTestCommands, to check the runner itself), and compares the failures with known-failures.json.
 * The last line is always `N passed, N failed, N skipped`.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from '../../index.ts';
import { formatReport, judge, loadKnownFailures } from './known-failures.ts';
import { resolveSuiteDir, runSuite } from './suite.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      shared: { type: 'string' },
      filter: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      uri: { type: 'string' },
    },
  });
  const suiteDir = resolveSuiteDir(values.shared);
  if (!existsSync(suiteDir)) {
    console.error(
      `conformance suite not found at ${suiteDir}; pass --shared <dir> or set CONCIERGE_SHARED_DIR`,
    );
    return 2;
  }
  const known = await loadKnownFailures();
  const engine =
    values.uri === undefined ? await startEmbeddedMongo({ port: 0, enableTestCommands: true }) : undefined;
  try {
    const uri = values.uri ?? engine?.uri ?? '';
    const results = await runSuite({ uri, suiteDir, filter: values.filter });
    const verdict = judge(results, known, { filtered: values.filter !== undefined });
    for (const line of formatReport(results, verdict, { verbose: values.verbose })) console.log(line);
    return verdict.ok ? 0 : 1;
  } finally {
    await engine?.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
