/**
 * A disk cache of Lambda bundles, keyed by what esbuild read: a bundle is reused only while every
 * input file it was built from (the handler, the project files it imports, the bundled SDK files)
 * still has the content it had, and the build options and esbuild version are the same. Off
 * unless a tool turns it on (the offline plan and the tests do, under `.cache/`): a library
 * consumer's `pulumi up` always bundles afresh.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { readCacheEntry, writeCacheEntry } from "./cache-entry";

interface CachedInput {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha1: string;
}

interface CachedBundle {
  readonly inputs: Record<string, CachedInput>;
  readonly text: string;
}

// Process-global, like Pulumi's own runtime state: a plan reloads the program's modules (this one
// included) for every run, and the setting must outlive those copies.
const SETTING = Symbol.for("reco-analytics.lambda-bundle-cache-dir");
const settings = globalThis as { [SETTING]?: string };

/** Keeps bundles in `dir` from now on in this process (`undefined` turns the cache off). */
export function useBundleCache(dir: string | undefined): void {
  settings[SETTING] = dir;
}

const sha1 = (data: string | Buffer) => createHash("sha1").update(data).digest("hex");

function describeInput(file: string): CachedInput {
  const stat = fs.statSync(file);
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha1: sha1(fs.readFileSync(file)) };
}

/** Unchanged: same size, and the same time stamp or else the same content. */
function unchanged(file: string, was: CachedInput): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return false;
  }
  if (stat.size !== was.size) return false;
  return stat.mtimeMs === was.mtimeMs || sha1(fs.readFileSync(file)) === was.sha1;
}

function entryFile(key: string): string | undefined {
  const cacheDir = settings[SETTING];
  return cacheDir && path.join(cacheDir, `${sha1(key)}.json`);
}

/** The cached bundle for `key` (options, esbuild version, entry) if no input of it changed. */
export function cachedBundle(key: string): string | undefined {
  const file = entryFile(key);
  const cached =
    file &&
    readCacheEntry<CachedBundle>(
      file,
      (v) => typeof v?.text === "string" && typeof v?.inputs === "object" && v.inputs !== null,
    );
  if (!cached) return undefined;
  const fresh = Object.entries(cached.inputs).every(([input, was]) => unchanged(input, was));
  return fresh ? cached.text : undefined;
}

/** Stores a bundle with its inputs (absolute paths); written atomically for parallel runs. */
export function storeBundle(key: string, inputs: readonly string[], text: string): void {
  const file = entryFile(key);
  if (!file) return;
  const entry: CachedBundle = {
    inputs: Object.fromEntries(inputs.map((input) => [input, describeInput(input)])),
    text,
  };
  writeCacheEntry(file, entry);
}
