/**
 * The `npm test` runner (test/run.ts) with stand-in scripts for tsc and mocha: which status it
 * ends with, what it prints, that the suites see the run directory and the type-check's result
 * recorded there before they end, and that the directory is gone afterwards.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { exitWith, runTests } from "./run";

const TSC = `process.stdout.write(process.argv[2]); process.exit(Number(process.argv[3]));`;
// Waits for the type-check's record in the run directory, then reports what it saw.
const MOCHA = `
const fs = require("node:fs"), path = require("node:path");
const [report, code, ...files] = process.argv.slice(2);
const runDir = process.env.RECO_TEST_RUN_DIR;
const marker = path.join(runDir, "typecheck.json");
const started = Date.now();
const poll = () => {
  if (fs.existsSync(marker) || Date.now() - started > 10000) {
    const typecheck = fs.existsSync(marker) ? JSON.parse(fs.readFileSync(marker, "utf8")).code : null;
    fs.writeFileSync(report, JSON.stringify({ runDir, typecheck, files }));
    process.exit(Number(code));
  } else setTimeout(poll, 20);
};
poll();
`;

describe("npm test runner", function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-runner-"));
    fs.writeFileSync(path.join(dir, "tsc.js"), TSC);
    fs.writeFileSync(path.join(dir, "mocha.js"), MOCHA);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(tsc: [string, number], mochaCode: number) {
    const report = path.join(dir, `report-${tsc[1]}-${mochaCode}.json`);
    let printed = "";
    const code = await runTests(
      ["a.test.ts", "b.test.ts"],
      {
        typecheck: { script: path.join(dir, "tsc.js"), args: [tsc[0], String(tsc[1])] },
        suites: (files) => ({
          script: path.join(dir, "mocha.js"),
          args: [report, String(mochaCode), ...files],
        }),
      },
      { write: (text: string) => (printed += text) },
    );
    const seen = JSON.parse(fs.readFileSync(report, "utf8"));
    return { code, printed, seen };
  }

  it("passes when both pass, the suites seeing the files, the run directory and the type-check's record", async () => {
    const { code, printed, seen } = await run(["", 0], 0);
    expect(code).to.equal(0);
    expect(printed).to.equal("tsc: no errors\n");
    expect(seen.files).to.deep.equal(["a.test.ts", "b.test.ts"]);
    expect(seen.typecheck).to.equal(0);
    expect(fs.existsSync(seen.runDir)).to.equal(false);
  });

  it("fails with the type-check's status and prints its errors, whatever the suites did", async () => {
    const { code, printed, seen } = await run(["lib.ts(1,7): error TS2322", 2], 0);
    expect(code).to.equal(2);
    expect(printed).to.equal("tsc failed:\nlib.ts(1,7): error TS2322");
    expect(seen.typecheck).to.equal(2);
  });

  it("fails with the suites' status when only they fail", async () => {
    const { code, printed } = await run(["", 0], 3);
    expect(code).to.equal(3);
    expect(printed).to.equal("tsc: no errors\n");
  });

  it("ends the process with the run's status, or with 1 and the reason when the run throws", async () => {
    const exits: number[] = [];
    let err = "";
    const sink = { write: (text: string) => (err += text) };
    await exitWith(Promise.resolve(3), (code) => exits.push(code), sink);
    await exitWith(Promise.reject(new Error("no mocha")), (code) => exits.push(code), sink);
    expect(exits).to.deep.equal([3, 1]);
    expect(err).to.equal("npm test: no mocha\n");
  });
});
