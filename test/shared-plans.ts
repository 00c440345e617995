/**
 * Plans shared by every suite of one `npm test` run: each stack configuration is planned once per
 * run, not once per mocha worker. The first worker to need a plan computes it and writes it as JSON
 * into the run's directory (`RECO_TEST_RUN_DIR`, made and removed by test/run.ts); the others wait
 * for that file. A plan is plain JSON (what `npm run plan -- --json` writes), so the copy a worker
 * reads is deep-equal to the one it would compute. Without a run directory (`npx mocha <file>`),
 * plans are shared within the process only.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readCacheEntry, writeCacheEntry } from "../components/shared/cache-entry";
import type { PlanResult } from "../offline/plan";

/** The environment variable naming the current run's directory. */
export const RUN_DIR_VARIABLE = "RECO_TEST_RUN_DIR";

const inProcess = new Map<string, Promise<PlanResult>>();

/** A plan's computing worker died or hangs: past this, a waiting worker plans for itself. */
const WAIT_LIMIT_MS = 300_000;
const POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The entry another process of this run writes into `file` (whole, see cache-entry.ts), once it
 * is there; undefined after `limitMs` (that process died or hangs: the caller does the work).
 */
export async function awaitRunEntry<T extends object>(
  file: string,
  limitMs: number,
  pollMs: number,
): Promise<T | undefined> {
  for (let waited = 0; waited < limitMs; waited += pollMs) {
    const entry = readCacheEntry<T>(file, (v) => typeof v === "object" && v !== null);
    if (entry) return entry;
    await sleep(pollMs);
  }
  return undefined;
}

async function fromRun(dir: string, name: string, plan: () => Promise<PlanResult>) {
  const file = path.join(dir, `${name}.plan.json`);
  let claimed = false;
  try {
    fs.closeSync(fs.openSync(`${file}.lock`, "wx"));
    claimed = true;
  } catch {
    // Another worker claimed it first: wait for its file.
  }
  if (claimed) {
    const result = await plan();
    writeCacheEntry(file, result);
    return result;
  }
  return (await awaitRunEntry<PlanResult>(file, WAIT_LIMIT_MS, POLL_MS)) ?? plan();
}

/** The plan named `name` (a stack or a configuration), computed by `plan` once per run. */
export function sharedPlan(name: string, plan: () => Promise<PlanResult>): Promise<PlanResult> {
  let shared = inProcess.get(name);
  if (!shared) {
    const dir = process.env[RUN_DIR_VARIABLE];
    shared = dir ? fromRun(dir, name, plan) : plan();
    inProcess.set(name, shared);
  }
  return shared;
}
