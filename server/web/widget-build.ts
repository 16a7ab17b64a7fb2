import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.ts';

/** Where `npm run build` / `npm start` put the widget (scripts/frontend/widget.ts). */
export const WIDGET_BUILD_DIR = path.join(REPO_ROOT, 'dist', 'web-widget');

export interface StaticAsset {
  /** The URL path it is served at. */
  urlPath: string;
  contentType: string;
  etag: string;
  identity: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
}

export interface WidgetBuild {
  loader: StaticAsset;
  /** Content-hashed files by URL path, the app module among them. */
  assets: ReadonlyMap<string, StaticAsset>;
}

interface Manifest {
  loader: string;
  app: string;
  files: Record<string, unknown>;
}

/**
 * A build scripts/frontend wrote into `dir`, read into memory: its entry file (named by the manifest) and every
 * other file the manifest lists, by URL path, each with the precompressed copies beside it; null when it was never
 * built. Only files the manifest lists are read, so no request path reaches the file system. Shared by the
 * widget's and the console's builds.
 */
export function loadStaticBuild<M extends { files: Record<string, unknown> }>(
  dir: string,
  options: { urlPrefix: string; contentType(file: string): string; entry(manifest: M): string },
): { manifest: M; entry: StaticAsset; assets: Map<string, StaticAsset> } | null {
  let manifest: M;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as M;
  } catch {
    return null;
  }
  const read = (file: string): StaticAsset => {
    const identity = readFileSync(path.join(dir, file));
    const optional = (suffix: string) => {
      try {
        return readFileSync(path.join(dir, `${file}${suffix}`));
      } catch {
        return null;
      }
    };
    return {
      urlPath: `${options.urlPrefix}${file}`,
      contentType: options.contentType(file),
      etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
      identity,
      gzip: optional('.gz'),
      br: optional('.br'),
    };
  };
  const entryFile = options.entry(manifest);
  const assets = new Map<string, StaticAsset>();
  for (const file of Object.keys(manifest.files)) {
    if (file === entryFile) continue;
    const asset = read(file);
    assets.set(asset.urlPath, asset);
  }
  return { manifest, entry: read(entryFile), assets };
}

/**
 * Reads the built widget into memory (about 100 KB with its precompressed copies), or null when it was never
 * built.
 */
export function loadWidgetBuild(dir: string = WIDGET_BUILD_DIR): WidgetBuild | null {
  const build = loadStaticBuild<Manifest>(dir, {
    urlPrefix: '/',
    contentType: () => 'text/javascript; charset=utf-8',
    entry: (manifest) => manifest.loader,
  });
  return build && { loader: build.entry, assets: build.assets };
}
