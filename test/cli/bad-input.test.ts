/**
 * Every bad input a user can give the commands: the exit status, the exact message on stderr, no
 * stack trace, and no file written or left behind. Runs in a scratch copy of the project.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { runTrain } from "../../cli/train";
import { CommandResult, runScript } from "../docs/commands";
import { createScratchProject } from "../docs/scratch-project";
import { BAD_INPUT_CASES, BadInputCase } from "./bad-input-cases";

/** Every file under `dir` (node_modules aside) with its size: what "nothing written" compares. */
function snapshot(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === "node_modules") continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(`${path.relative(dir, full)} ${fs.statSync(full).size}`);
    }
  };
  walk(dir);
  return found.sort();
}

async function run(c: BadInputCase, cwd: string): Promise<CommandResult> {
  if (c.command !== "train") return runScript(c.command, c.argv, cwd);
  let err = "";
  const refuse = () => {
    throw new Error("a bad-input case must not reach AWS or the Pulumi CLI");
  };
  const exitCode = await runTrain(c.argv, {
    pulumi: refuse,
    sfn: refuse,
    sleep: refuse,
    log: (line) => (err += `${line}\n`),
    now: () => new Date(0),
    pollMs: 0,
  });
  return { exitCode, out: "", err };
}

describe(`bad input (${BAD_INPUT_CASES.length} cases)`, function () {
  this.timeout(120_000);
  let scratch: string;

  before(async () => {
    scratch = createScratchProject();
    // A small valid lake for the kpi cases.
    const made = await runScript(
      "events",
      ["--out", "lake", "--days", "1", "--users", "5"],
      scratch,
    );
    expect(made.exitCode, made.err).to.equal(0);
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  for (const c of BAD_INPUT_CASES) {
    it(`${c.name} → exit ${c.exit}`, async () => {
      for (const [file, text] of Object.entries(c.files ?? {})) {
        fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
        fs.writeFileSync(path.join(scratch, file), text);
      }
      const before = snapshot(scratch);
      // Mocha fails a test on any uncaught exception; the plan must see the program's instead.
      const mochaHandlers = process.listeners("uncaughtException");
      process.removeAllListeners("uncaughtException");
      try {
        const result = await run(c, scratch);
        const message = result.err.trimEnd().split(scratch).join("<dir>");
        expect(message).to.equal(c.message);
        expect(result.exitCode).to.equal(c.exit);
        expect(message).not.to.match(/^\s+at .*(node:internal|node_modules)/m);
        expect(snapshot(scratch)).to.deep.equal(before);
      } finally {
        for (const handler of mochaHandlers) process.on("uncaughtException", handler);
        for (const file of Object.keys(c.files ?? {})) fs.rmSync(path.join(scratch, file));
      }
    });
  }
});

describe("--help on every command", () => {
  const cwd = path.resolve(__dirname, "..", "..");
  for (const script of ["plan", "cost", "kpi", "events"]) {
    it(`npm run ${script} -- --help prints the usage and exit statuses and exits 0`, async () => {
      const result = await runScript(script, ["--help"], cwd);
      expect(result.exitCode).to.equal(0);
      expect(result.err).to.equal("");
      expect(result.out).to.match(new RegExp(`^usage: npm run ${script} -- `));
      expect(result.out).to.match(/\nExit status: 0 .*; 2 bad arguments/);
    });
  }
  it("npm run train -- --help prints the usage and exit statuses and exits 0", async () => {
    let out = "";
    const exitCode = await runTrain(["--help"], {
      pulumi: () => Promise.reject(new Error("not called")),
      sfn: () => {
        throw new Error("not called");
      },
      sleep: () => Promise.resolve(),
      log: (line) => (out += `${line}\n`),
      now: () => new Date(0),
      pollMs: 0,
    });
    expect(exitCode).to.equal(0);
    expect(out).to.match(/^usage: npm run train -- /);
    expect(out).to.match(/\nExit status: 0 started/);
  });
});
