import { expect } from 'chai';
import { BSON } from 'mongodb';
import {
  cloneSpecValue,
  compareVersions,
  EMBEDDED_PROFILE,
  requirementsMet,
  schemaVersionSupported,
} from './spec-files.ts';

describe('conformance runner: which tests apply to the embedded engine (single, 7.0.0)', () => {
  it('compares versions numerically with missing parts as zero', () => {
    expect(compareVersions('7.0.0', '4.4.99')).to.equal(1);
    expect(compareVersions('4.4', '4.4.0')).to.equal(0);
    expect(compareVersions('7.0.0', '7.99')).to.equal(-1);
    expect(compareVersions('10.0', '9.9.9')).to.equal(1);
  });

  it('runs a test without requirements', () => {
    expect(requirementsMet(undefined, EMBEDDED_PROFILE)).to.equal(true);
  });

  it('honours minimum and maximum server versions', () => {
    expect(requirementsMet([{ minServerVersion: '5.0' }], EMBEDDED_PROFILE)).to.equal(true);
    expect(requirementsMet([{ minServerVersion: '8.0' }], EMBEDDED_PROFILE)).to.equal(false);
    expect(requirementsMet([{ maxServerVersion: '7.99' }], EMBEDDED_PROFILE)).to.equal(true);
    expect(requirementsMet([{ maxServerVersion: '4.4.99' }], EMBEDDED_PROFILE)).to.equal(false);
  });

  it('needs the single topology among the listed ones', () => {
    expect(requirementsMet([{ topologies: ['replicaset', 'sharded'] }], EMBEDDED_PROFILE)).to.equal(false);
    expect(requirementsMet([{ topologies: ['single', 'replicaset'] }], EMBEDDED_PROFILE)).to.equal(true);
  });

  it('is met when any one requirement of the list is met', () => {
    const requirements = [
      { minServerVersion: '4.2.0', topologies: ['sharded'] },
      { minServerVersion: '4.0.0' },
    ];
    expect(requirementsMet(requirements, EMBEDDED_PROFILE)).to.equal(true);
  });

  it('is not serverless, has no auth and cannot check server parameters', () => {
    expect(requirementsMet([{ serverless: 'require' }], EMBEDDED_PROFILE)).to.equal(false);
    expect(requirementsMet([{ serverless: 'forbid' }], EMBEDDED_PROFILE)).to.equal(true);
    expect(requirementsMet([{ auth: true }], EMBEDDED_PROFILE)).to.equal(false);
    expect(requirementsMet([{ serverParameters: { x: 1 } }], EMBEDDED_PROFILE)).to.equal(false);
  });

  it('supports schema versions up to its own within major version 1', () => {
    expect(schemaVersionSupported('1.0')).to.equal(true);
    expect(schemaVersionSupported('1.21')).to.equal(true);
    expect(schemaVersionSupported('1.22')).to.equal(false);
    expect(schemaVersionSupported('2.0')).to.equal(false);
  });

  it('copies spec values deeply, keeping BSON types, so the driver cannot mutate shared initial data', () => {
    const original = { documents: [{ x: 1, when: new Date(0), id: new BSON.ObjectId() }] };
    const copy = cloneSpecValue(original);
    (copy.documents[0] as Record<string, unknown>)._id = 'added by the driver';
    expect(original.documents[0]).to.not.have.property('_id');
    expect(copy.documents[0]!.when).to.be.instanceOf(Date);
    expect(copy.documents[0]!.id.equals(original.documents[0]!.id)).to.equal(true);
    expect(copy.documents[0]!.x).to.equal(1);
  });
});
