/**
 * How the packaging suite learns whether the run's type-check passed: the output directory once it
 * did, nothing when it failed or outside an `npm test` run (the suite then packs as npm does).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { RUN_DIR_VARIABLE } from "./shared-plans";
import { TYPECHECK_OUT, recordTypecheck, typecheckOutput } from "./typecheck-output";

describe("the run's type-check output", () => {
  const saved = process.env[RUN_DIR_VARIABLE];
  let dirs: string[] = [];
  const runDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-typecheck-"));
    dirs.push(dir);
    process.env[RUN_DIR_VARIABLE] = dir;
    return dir;
  };
  afterEach(() => {
    if (saved === undefined) delete process.env[RUN_DIR_VARIABLE];
    else process.env[RUN_DIR_VARIABLE] = saved;
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  it("is the output directory once the type-check passed", async () => {
    recordTypecheck(runDir(), 0);
    expect(await typecheckOutput()).to.equal(TYPECHECK_OUT);
  });

  it("is nothing when the type-check failed", async () => {
    recordTypecheck(runDir(), 2);
    expect(await typecheckOutput()).to.equal(undefined);
  });

  it("waits for the record the runner writes when the type-check ends", async () => {
    const dir = runDir();
    setTimeout(() => recordTypecheck(dir, 0), 300);
    expect(await typecheckOutput()).to.equal(TYPECHECK_OUT);
  });

  it("is nothing outside an npm test run", async () => {
    delete process.env[RUN_DIR_VARIABLE];
    expect(await typecheckOutput()).to.equal(undefined);
  });
});
