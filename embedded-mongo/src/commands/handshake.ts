import { hostname } from 'node:os';

import type { Document } from 'bson';

import { Codes, MongoCommandError } from '../errors.ts';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../wire/protocol.ts';
import type { CommandContext, CommandHandler } from './context.ts';

export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;
export const NO_AUTH_MESSAGE = 'embedded engine has no authentication; remove credentials from the URI';

function refuseCredentials(): never {
  throw new MongoCommandError(Codes.AuthenticationFailed, NO_AUTH_MESSAGE);
}

/**
 * A standalone without `topologyVersion` (so the driver polls instead of streaming) and with
 * `logicalSessionTimeoutMinutes` (so sessions work).
 */
function hello(command: Document, context: CommandContext, legacyName: boolean): Document {
  if (command.saslSupportedMechs !== undefined || command.speculativeAuthenticate !== undefined)
    refuseCredentials();
  const reply: Document = {
    helloOk: true,
    [legacyName ? 'ismaster' : 'isWritablePrimary']: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  };
  const offered = Array.isArray(command.compression) ? command.compression : [];
  const agreed = context.compressors.filter((name) => offered.includes(name));
  if (agreed.length > 0) reply.compression = agreed;
  reply.ok = 1;
  return reply;
}

const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'concierge-embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  javascriptEngine: 'none',
  storageEngines: ['embedded'],
  modules: [],
  ok: 1,
});

const getParameter: CommandHandler = (command) => {
  const reply: Document = {};
  if (command.getParameter === '*' || command.featureCompatibilityVersion !== undefined) {
    reply.featureCompatibilityVersion = { version: '7.0' };
  }
  reply.ok = 1;
  return reply;
};

const ok: CommandHandler = () => ({ ok: 1 });

const serverStatus: CommandHandler = (_command, context) => {
  const uptimeMillis = Date.now() - context.engine.startedAt;
  return {
    host: hostname(),
    version: SERVER_VERSION,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis,
    localTime: new Date(),
    connections: { ...context.engine.connections },
    metrics: { cursor: { open: { total: context.engine.cursors.size } } },
    ok: 1,
  };
};

export const handshakeCommands: Record<string, CommandHandler> = {
  hello: (command, context) => hello(command, context, false),
  isMaster: (command, context) => hello(command, context, true),
  ismaster: (command, context) => hello(command, context, true),
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  serverStatus,
  endSessions: ok,
  killSessions: ok,
  refreshSessions: ok,
  killAllSessions: ok,
  logout: ok,
  saslStart: refuseCredentials,
  saslContinue: refuseCredentials,
  authenticate: refuseCredentials,
  getnonce: refuseCredentials,
  whatsmyuri: (_command, context) => ({ you: context.client, ok: 1 }),
  hostInfo: () => ({
    system: { hostname: hostname(), currentTime: new Date() },
    os: { type: process.platform },
    ok: 1,
  }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getCmdLineOpts: () => ({ argv: process.argv, parsed: {}, ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
};
