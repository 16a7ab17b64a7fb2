import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BSON, type Document } from 'mongodb';

/** The subset of the unified test format (schema 1.x) that the CRUD suite uses, plus what the runner checks. */
export interface RunOnRequirement {
  minServerVersion?: string;
  maxServerVersion?: string;
  topologies?: string[];
  serverless?: 'require' | 'forbid' | 'allow';
  auth?: boolean;
  serverParameters?: Document;
  csfle?: boolean;
}

export interface CollectionData {
  collectionName: string;
  databaseName: string;
  documents: Document[];
  createOptions?: Document;
}

export interface ExpectedError {
  isError?: true;
  isClientError?: boolean;
  isTimeoutError?: boolean;
  errorContains?: string;
  errorCode?: number;
  errorCodeName?: string;
  errorLabelsContain?: string[];
  errorLabelsOmit?: string[];
  errorResponse?: Document;
  expectResult?: unknown;
  writeErrors?: Record<string, Document>;
  writeConcernErrors?: Document[];
}

export interface Operation {
  name: string;
  object: string;
  arguments?: Document;
  expectError?: ExpectedError;
  expectResult?: unknown;
  saveResultAsEntity?: string;
  ignoreResultAndError?: boolean;
}

export type ExpectedEvent = Record<string, Document>;

export interface ExpectedEventsForClient {
  client: string;
  eventType?: string;
  events: ExpectedEvent[];
  ignoreExtraEvents?: boolean;
}

export interface UnifiedTest {
  description: string;
  runOnRequirements?: RunOnRequirement[];
  skipReason?: string;
  operations: Operation[];
  expectEvents?: ExpectedEventsForClient[];
  outcome?: CollectionData[];
}

export type EntityDescription = Record<string, Document>;

export interface UnifiedFile {
  /** File name inside the suite directory, e.g. `aggregate.json`; it prefixes known-failure keys. */
  fileName: string;
  description: string;
  schemaVersion: string;
  runOnRequirements?: RunOnRequirement[];
  createEntities?: EntityDescription[];
  initialData?: CollectionData[];
  tests: UnifiedTest[];
}

/** What the embedded engine claims to be; requirements are evaluated against this, never against a live server. */
export interface ServerProfile {
  topology: 'single' | 'replicaset' | 'sharded' | 'load-balanced';
  serverVersion: string;
  serverless: boolean;
  auth: boolean;
}

export const EMBEDDED_PROFILE: ServerProfile = Object.freeze({
  topology: 'single',
  serverVersion: '7.0.0',
  serverless: false,
  auth: false,
});

/** Highest schema version whose features this runner implements. */
export const SUPPORTED_SCHEMA_VERSION = '1.21';

export const SUITE_SUBDIRECTORY = path.join('conformance', 'mongodb-crud-unified');

/**
 * Reads every `*.json` file of the suite, sorted by name. Relaxed EJSON matters: canonical parsing turns
 * numbers into Int32/Double wrappers, and the driver's `typeof x === 'number'` checks then silently drop
 * options such as skip, limit and batchSize.
 */
export async function loadSuite(suiteDir: string): Promise<UnifiedFile[]> {
  const names = (await readdir(suiteDir)).filter((name) => name.endsWith('.json')).sort();
  const files: UnifiedFile[] = [];
  for (const fileName of names) {
    const text = await readFile(path.join(suiteDir, fileName), 'utf8');
    const parsed: unknown = BSON.EJSON.parse(text, { relaxed: true });
    files.push({ ...assertUnifiedFile(parsed, fileName), fileName });
  }
  return files;
}

function assertUnifiedFile(value: unknown, fileName: string): Omit<UnifiedFile, 'fileName'> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${fileName}: not a JSON object`);
  }
  const candidate = value as Partial<UnifiedFile>;
  if (typeof candidate.schemaVersion !== 'string' || !Array.isArray(candidate.tests)) {
    throw new Error(`${fileName}: missing schemaVersion or tests; is this a unified-format file?`);
  }
  return candidate as Omit<UnifiedFile, 'fileName'>;
}

/** Compares dotted versions numerically, missing parts counting as 0 ("4.4" equals "4.4.0"). */
export function compareVersions(left: string, right: string): number {
  const a = left.split('.').map(Number);
  const b = right.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

export function schemaVersionSupported(schemaVersion: string): boolean {
  const [major] = schemaVersion.split('.');
  const [supportedMajor] = SUPPORTED_SCHEMA_VERSION.split('.');
  return major === supportedMajor && compareVersions(schemaVersion, SUPPORTED_SCHEMA_VERSION) <= 0;
}

function requirementMet(requirement: RunOnRequirement, profile: ServerProfile): boolean {
  const { minServerVersion, maxServerVersion, topologies, serverless, auth, serverParameters, csfle } =
    requirement;
  if (minServerVersion !== undefined && compareVersions(profile.serverVersion, minServerVersion) < 0) {
    return false;
  }
  if (maxServerVersion !== undefined && compareVersions(profile.serverVersion, maxServerVersion) > 0) {
    return false;
  }
  if (topologies !== undefined && !topologies.includes(profile.topology)) return false;
  if (serverless === 'require' && !profile.serverless) return false;
  if (serverless === 'forbid' && profile.serverless) return false;
  if (auth !== undefined && auth !== profile.auth) return false;
  // The profile has no server parameters to compare and no encryption support, so these cannot be met.
  if (serverParameters !== undefined) return false;
  if (csfle === true) return false;
  return true;
}

/** The spec: a list of requirements is met when any one of them is; an absent list always is. */
export function requirementsMet(
  requirements: RunOnRequirement[] | undefined,
  profile: ServerProfile,
): boolean {
  return (
    requirements === undefined || requirements.some((requirement) => requirementMet(requirement, profile))
  );
}

/**
 * A deep copy with BSON types intact. The driver writes `_id`s into the documents it inserts, and initial
 * data is shared by every test of a file, so each test works on its own copy.
 */
export function cloneSpecValue<T>(value: T): T {
  return BSON.EJSON.deserialize(BSON.EJSON.serialize(value, { relaxed: false }), { relaxed: true }) as T;
}
