import { expect } from 'chai';
import {
  formatReport,
  judge,
  KNOWN_FAILURES_PATH,
  loadKnownFailures,
  MINIMUM_PASSING,
} from './known-failures.ts';
import type { TestResult } from './suite.ts';

function result(
  file: string,
  description: string,
  status: TestResult['status'],
  reason?: string,
): TestResult {
  return { file, description, key: `${file} :: ${description}`, status, reason };
}

function passing(count: number): TestResult[] {
  return Array.from({ length: count }, (_, index) => result('many.json', `test ${index}`, 'passed'));
}

describe('conformance runner: verdict against the known-failures list', () => {
  const known = new Map([['a.json :: broken by the driver', 'the driver rewrites it']]);

  it('fails the run on a failure that is not listed', () => {
    const verdict = judge([...passing(MINIMUM_PASSING), result('a.json', 'new bug', 'failed', 'x')], known, {
      filtered: false,
    });
    expect(verdict.ok).to.equal(false);
    expect(verdict.unexpectedFailures.map((r) => r.description)).to.deep.equal(['new bug']);
  });

  it('accepts a listed failure', () => {
    const results = [...passing(MINIMUM_PASSING), result('a.json', 'broken by the driver', 'failed', 'x')];
    const verdict = judge(results, known, { filtered: false });
    expect(verdict.ok).to.equal(true);
    expect(verdict.knownFailures).to.have.length(1);
  });

  it('reports a listed test that passes now without failing the run', () => {
    const results = [...passing(MINIMUM_PASSING), result('a.json', 'broken by the driver', 'passed')];
    const verdict = judge(results, known, { filtered: false });
    expect(verdict.ok).to.equal(true);
    const lines = formatReport(results, verdict, { verbose: false });
    expect(lines.join('\n')).to.match(/a\.json: 1 known failure\(s\) now pass\n.*broken by the driver/);
  });

  it(`fails a full run with fewer than ${MINIMUM_PASSING} passes, but not a filtered one`, () => {
    const results = passing(MINIMUM_PASSING - 1);
    expect(judge(results, known, { filtered: false }).ok).to.equal(false);
    expect(judge(results, known, { filtered: true }).ok).to.equal(true);
  });

  it('ends the report with the totals line', () => {
    const results = [
      ...passing(2),
      result('a.json', 'new bug', 'failed', 'why'),
      result('b.json', 'old', 'skipped'),
    ];
    const lines = formatReport(results, judge(results, known, { filtered: true }), { verbose: true });
    expect(lines.at(-1)).to.equal('2 passed, 1 failed, 1 skipped');
    expect(lines).to.include('a.json: 1 failed (not in known-failures)');
    expect(lines).to.include('       why');
  });

  it('points out listed entries that match no test that ran', () => {
    const verdict = judge(passing(1), known, { filtered: false });
    expect(verdict.unmatchedEntries).to.deep.equal(['a.json :: broken by the driver']);
  });

  it('ships a list in which every entry has a reason', async () => {
    const list = await loadKnownFailures(KNOWN_FAILURES_PATH);
    for (const [key, reason] of list) expect(reason, key).to.have.length.greaterThan(10);
  });
});
