import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../index.ts';
import { judge, loadKnownFailures, MINIMUM_PASSING } from './known-failures.ts';
import { resolveSuiteDir, runSuite } from './suite.ts';

describe('MongoDB CRUD conformance suite against the embedded engine', function () {
  // The whole suite runs in one test; it takes seconds, the margin is for a busy machine.
  this.timeout(120_000);
  const suiteDir = resolveSuiteDir();
  let engine: EmbeddedMongo | undefined;

  before(async function () {
    // The suite is licensed test input that lives outside the repository; without it there is nothing to run.
    if (!existsSync(suiteDir)) this.skip();
    // Fail points are test-only commands, off by default as in mongod; the suite's errorResponse tests need them.
    engine = await startEmbeddedMongo({ port: 0, enableTestCommands: true });
  });

  after(async () => {
    await engine?.stop();
  });

  it(`passes every applicable test except the listed known failures, and at least ${MINIMUM_PASSING}`, async () => {
    const uri = engine?.uri ?? '';
    const results = await runSuite({ uri, suiteDir });
    const verdict = judge(results, await loadKnownFailures(), { filtered: false });
    const unexpected = verdict.unexpectedFailures.map(
      (result) => `${result.key}\n    ${result.reason ?? ''}`,
    );
    expect(unexpected, 'failures missing from known-failures.json').to.deep.equal([]);
    expect(verdict.passed, 'passing tests').to.be.at.least(MINIMUM_PASSING);
  });
});
