/**
 * Finds the event files of a local lake: one file, or a directory written by `npm run events`
 * (Hive-style `dt=YYYY-MM-DD/` folders) or a flat folder of files. Records the writer already
 * rejected sit under `invalid/` and are counted, not read: they are the lake's dead-letter path.
 */
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { KpiInputError, count } from "./errors";

export type LakeFormat = "json" | "parquet";

export interface LakeFiles {
  readonly root: string;
  readonly format: LakeFormat;
  /** Absolute paths, sorted. */
  readonly files: readonly string[];
  /** Every file sits under a `dt=YYYY-MM-DD` folder. */
  readonly hive: boolean;
  /** Files under `invalid/`, skipped. */
  readonly quarantined: number;
}

const EXTENSIONS: Readonly<Record<string, LakeFormat>> = {
  ".jsonl": "json",
  ".ndjson": "json",
  ".json": "json",
  ".parquet": "parquet",
};

const DT_SEGMENT = /^dt=(\d{4}-\d{2}-\d{2})$/;
const FIX = "pass --events a directory written by `npm run events` or one .jsonl or .parquet file";

/** The `dt=` folder a file sits in, if any. */
export function partitionOf(file: string): string | undefined {
  for (const segment of path.dirname(file).split(path.sep).reverse()) {
    const match = DT_SEGMENT.exec(segment);
    if (match) return match[1];
  }
  return undefined;
}

function walk(
  dir: string,
  out: { files: string[]; quarantined: number },
  inInvalid: boolean,
): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out, inInvalid || entry.name === "invalid");
    else if (entry.isFile() && path.extname(entry.name) in EXTENSIONS) {
      if (inInvalid) out.quarantined++;
      else out.files.push(full);
    }
  }
}

export function findLakeFiles(eventsPath: string): LakeFiles {
  const root = path.resolve(eventsPath);
  let stats;
  try {
    stats = statSync(root);
  } catch {
    throw new KpiInputError(`--events ${eventsPath}: no such file or directory. Fix: ${FIX}`);
  }
  const found = { files: [] as string[], quarantined: 0 };
  if (stats.isDirectory()) walk(root, found, false);
  else if (path.extname(root) in EXTENSIONS) found.files.push(root);
  else {
    throw new KpiInputError(
      `--events ${eventsPath}: unsupported file type ${JSON.stringify(path.extname(root))}; ` +
        `use ${Object.keys(EXTENSIONS).join(", ")}. Fix: ${FIX}`,
    );
  }
  if (found.files.length === 0) {
    const skipped =
      found.quarantined > 0 ? ` (${count(found.quarantined, "file")} under invalid/ skipped)` : "";
    throw new KpiInputError(
      `--events ${eventsPath}: the lake is empty, no ${Object.keys(EXTENSIONS).join(", ")} files${skipped}. Fix: ${FIX}`,
    );
  }
  const files = found.files.sort();
  const formats = new Set(files.map((f) => EXTENSIONS[path.extname(f)]));
  if (formats.size > 1) {
    throw new KpiInputError(
      `--events ${eventsPath}: mixes JSON lines and Parquet files; a lake has one format. ` +
        `Fix: point --events at a folder holding only one of them`,
    );
  }
  const partitioned = files.filter((f) => partitionOf(f) !== undefined).length;
  if (partitioned !== 0 && partitioned !== files.length) {
    const flat = files.find((f) => partitionOf(f) === undefined)!;
    throw new KpiInputError(
      `--events ${eventsPath}: ${count(files.length - partitioned, "file")} outside any dt=YYYY-MM-DD folder ` +
        `(first: ${path.relative(root, flat) || flat}) while ${partitioned} inside one. ` +
        `Fix: move them into their dt= folder or point --events at a flat folder`,
    );
  }
  return {
    root,
    format: [...formats][0],
    files,
    hive: partitioned === files.length,
    quarantined: found.quarantined,
  };
}
