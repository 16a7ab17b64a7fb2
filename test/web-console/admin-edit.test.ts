import { expect } from 'chai';
import { ApiError } from '../../web-console/src/api/http.ts';
import { changedFields, conflictVersion, lines } from '../../web-console/src/admin/edit.ts';

describe('the admin editors: what a save sends', () => {
  it('reads a textarea as one entry a line, trimmed, without blank lines', () => {
    expect(lines('  can you gift wrap it \n\n\tgift wrapping?\n  \n')).to.deep.equal([
      'can you gift wrap it',
      'gift wrapping?',
    ]);
  });

  it('sends only the fields the admin changed, so a save after a conflict keeps the other admin’s edits', () => {
    const before = { name: 'gift_wrapping', description: null, examples: ['a', 'b'], responses: ['Yes.'] };
    expect(changedFields({ ...before, responses: ['Yes, for $4.99.'] }, before)).to.deep.equal({
      responses: ['Yes, for $4.99.'],
    });
    expect(changedFields({ ...before, examples: ['b', 'a'] }, before)).to.deep.equal({
      examples: ['b', 'a'],
    });
    expect(changedFields(before, before)).to.deep.equal({});
    // A new record sends everything.
    expect(changedFields(before, null)).to.deep.equal(before);
  });

  it('tells a version conflict (and the version now stored) from any other refusal', () => {
    const conflict = new ApiError(409, {
      code: 'VERSION_CONFLICT',
      message: 'Someone saved first.',
      details: { currentVersion: 4, expectedVersion: 3 },
    } as never);
    expect(conflictVersion(conflict)).to.equal(4);
    expect(
      conflictVersion(new ApiError(400, { code: 'VALIDATION_FAILED', message: 'no' } as never)),
    ).to.equal(null);
    expect(conflictVersion(new Error('network'))).to.equal(null);
  });
});
