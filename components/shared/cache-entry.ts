/**
 * Cache entries on disk, one JSON file each, shared by the caches that make repeated plans and
 * test runs cheap (Lambda bundles, function parses, serialised providers, a run's shared plans).
 * An entry is written whole or not at all (a temporary file renamed over it), so parallel
 * processes never read half of one; and read forgivingly, because a missing, torn or foreign
 * entry only means computing afresh.
 */
import * as fs from "node:fs";
import * as path from "node:path";

type JsonHook = (key: string, value: any) => unknown;

/** The entry in `file` when it parses and `isEntry` accepts it; undefined otherwise. */
export function readCacheEntry<T>(
  file: string,
  isEntry: (value: any) => boolean,
  reviver?: JsonHook,
): T | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, "utf8"), reviver);
    return isEntry(value) ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `entry` to `file` (its folder made if needed) through a temporary file renamed over it. */
export function writeCacheEntry(file: string, entry: unknown, replacer?: JsonHook): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(entry, replacer));
  fs.renameSync(temp, file);
}
