/**
 * The one type-check of `npm test` (test/run.ts) also emits the project (JavaScript, declarations,
 * source maps) into .cache/tsc/out/ and records in the run's directory when it is done. The
 * packaging suite builds the library's bin/ from that output instead of type-checking the package
 * a second time through `npm pack`'s `npm run build`.
 */
import * as path from "node:path";
import { writeCacheEntry } from "../components/shared/cache-entry";
import { RUN_DIR_VARIABLE, awaitRunEntry } from "./shared-plans";

const ROOT = path.resolve(__dirname, "..");
/** Where the run's type-check writes the compiled project (incremental: its build info beside). */
export const TYPECHECK_OUT = path.join(ROOT, ".cache", "tsc", "out");
const MARKER = "typecheck.json";
/** The type-check takes seconds; past this a waiting suite builds for itself. */
const WAIT_LIMIT_MS = 600_000;
const POLL_MS = 200;

/** Called by the runner once the type-check exits. */
export function recordTypecheck(runDir: string, code: number): void {
  writeCacheEntry(path.join(runDir, MARKER), { code, outDir: TYPECHECK_OUT });
}

/**
 * The directory holding the run's compiled project, once its type-check passed; undefined outside
 * an `npm test` run or when the type-check failed (the caller then builds as `npm pack` does).
 */
export async function typecheckOutput(): Promise<string | undefined> {
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (!runDir) return undefined;
  const record = await awaitRunEntry<{ code: number; outDir: string }>(
    path.join(runDir, MARKER),
    WAIT_LIMIT_MS,
    POLL_MS,
  );
  return record?.code === 0 ? record.outDir : undefined;
}
