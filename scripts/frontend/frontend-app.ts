import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inputHash } from './build-stamp.ts';

/**
 * A browser app the server serves from `dist/<name>/`. Each app brings its own bundler (esbuild for the
 * widget, Vite for the console…); what they share is here: where the output goes, when it is stale, and
 * swapping a finished build into place so a running server never sees half of one.
 */
export interface FrontendApp {
  /** Also the output folder under dist/ (`web-widget`). */
  name: string;
  /** Files and folders (relative to the repository) whose content decides whether the build is stale. */
  inputs: readonly string[];
  /** Builds into `outDir` (empty, created) and returns the manifest to store beside the files. */
  build(outDir: string, root: string): Promise<Record<string, unknown>>;
}

export const MANIFEST_FILE = 'manifest.json';

export interface BuildOutcome {
  app: string;
  built: boolean;
  /** Why it was (re)built: missing, stale, or asked for. */
  reason: 'missing' | 'stale' | 'forced' | 'fresh';
  outDir: string;
  manifest: Record<string, unknown>;
  ms: number;
}

export function outputDir(root: string, app: FrontendApp): string {
  return path.join(root, 'dist', app.name);
}

/** Builds the app when its output is missing or its sources changed since (or always, with `force`). */
export async function ensureBuilt(
  root: string,
  app: FrontendApp,
  options: { force?: boolean } = {},
): Promise<BuildOutcome> {
  const started = performance.now();
  const outDir = outputDir(root, app);
  const hash = await inputHash(root, app.inputs);
  const existing = await readManifest(outDir);
  const reason = options.force
    ? 'forced'
    : existing === null
      ? 'missing'
      : existing.inputHash !== hash
        ? 'stale'
        : 'fresh';
  if (reason === 'fresh') {
    return {
      app: app.name,
      built: false,
      reason,
      outDir,
      manifest: existing!,
      ms: performance.now() - started,
    };
  }
  const staging = `${outDir}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const manifest = {
      ...(await app.build(staging, root)),
      inputHash: hash,
      builtAt: new Date().toISOString(),
    };
    await writeFile(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    // Swap: the old output is renamed away first, so the folder is never a mix of two builds.
    const old = `${outDir}.old-${process.pid}`;
    await rename(outDir, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, outDir);
    await rm(old, { recursive: true, force: true });
    return { app: app.name, built: true, reason, outDir, manifest, ms: performance.now() - started };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function readManifest(outDir: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}
