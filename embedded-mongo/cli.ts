/**
 * `npm run db -- [--port <n>] [--host <addr>] (--data-dir <dir> | --memory) [--ttl-sweep-ms <n>]
 * [--enable-test-commands]`: runs the embedded engine until SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { startEmbeddedMongo } from './index.ts';
import type { EmbeddedMongoOptions, EngineLogger } from './index.ts';

const USAGE =
  'usage: npm run db -- [--port <n>] [--host <addr>] (--data-dir <dir> | --memory) [--ttl-sweep-ms <n>] [--enable-test-commands]';

const stderrLogger: EngineLogger = {
  info: () => {},
  warn: (details, message) => console.error(`warning: ${message}`, JSON.stringify(details)),
  error: (details, message) => console.error(`error: ${message}`, JSON.stringify(details)),
};

function parseInteger(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${flag} must be an integer between ${min} and ${max}, got '${value}'`);
  }
  return n;
}

function parseOptions(argv: string[]): EmbeddedMongoOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      memory: { type: 'boolean', default: false },
      'ttl-sweep-ms': { type: 'string' },
      'enable-test-commands': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.memory && values['data-dir'] !== undefined)
    throw new Error('--memory and --data-dir exclude each other');
  const dataDir = values['data-dir'] ?? process.env.EMBEDDED_MONGO_DATA_DIR;
  if (!values.memory && !dataDir) throw new Error('choose --data-dir <dir> (persistent) or --memory');
  return {
    port: parseInteger('port', values.port, 0, 65535) ?? 27017,
    host: values.host ?? '127.0.0.1',
    dataDir: values.memory ? undefined : resolve(dataDir!),
    ttlSweepMs: parseInteger('ttl-sweep-ms', values['ttl-sweep-ms'], 10, 86_400_000),
    enableTestCommands: values['enable-test-commands'],
    logger: stderrLogger,
  };
}

async function main(): Promise<void> {
  let options: EmbeddedMongoOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const engine = await startEmbeddedMongo(options);
  console.log(
    `embedded-mongo listening on ${engine.uri} (${options.dataDir ? `data in ${options.dataDir}` : 'in memory'})`,
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping`);
    engine.stop().then(
      () => console.log('embedded-mongo stopped'),
      (error: unknown) => {
        console.error(`error while stopping: ${(error as Error).message}`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`embedded-mongo failed to start: ${(error as Error).message}`);
  process.exitCode = 1;
});
