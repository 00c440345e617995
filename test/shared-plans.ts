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
import type { PlanResult } from "../offline/plan";

/** The environment variable naming the current run's directory. */
export const RUN_DIR_VARIABLE = "RECO_TEST_RUN_DIR";

const inProcess = new Map<string, Promise<PlanResult>>();

/** A plan's computing worker died or hangs: past this, a waiting worker plans for itself. */
const WAIT_LIMIT_MS = 300_000;
const POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    fs.writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(result));
    fs.renameSync(`${file}.${process.pid}.tmp`, file);
    return result;
  }
  for (let waited = 0; waited < WAIT_LIMIT_MS; waited += POLL_MS) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as PlanResult;
    await sleep(POLL_MS);
  }
  return plan();
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
