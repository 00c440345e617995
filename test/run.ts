/**
 * `npm test`: the type check of the whole project and every mocha suite, side by side. The type
 * check (one `tsc`, incremental, emitting into .cache/tsc/out/ for the packaging suite) mostly
 * takes one core while mocha runs the suite files in parallel workers, which share one plan per
 * stack configuration through this run's directory (test/shared-plans.ts). Fails when either
 * fails; arguments after `--` go to mocha (`npm test -- test/offline`).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RUN_DIR_VARIABLE } from "./shared-plans";
import { TYPECHECK_OUT, recordTypecheck } from "./typecheck-output";

const ROOT = path.resolve(__dirname, "..");
const CACHE = path.join(ROOT, ".cache");

interface Finished {
  readonly code: number;
  readonly output: string;
}

/** Runs a Node script; `quiet` buffers its output (printed once it ends) instead of streaming it. */
function runNode(script: string, args: string[], env: NodeJS.ProcessEnv, quiet: boolean) {
  return new Promise<Finished>((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/**
 * The longest suites (minutes between them, measured per file with a mocha reporter), handed to
 * the workers first so that no worker is left with one of them at the end while the other idles.
 */
const LONGEST_FIRST = [
  "test/realtime-analytics/flink/flink-run.test.ts",
  "test/docs/examples.test.ts",
  "test/package/dependencies.test.ts",
  "test/cli/plan/stacks.test.ts",
  "test/policies/standalone.test.ts",
  "test/stream-ingestion/stream-ingestion.test.ts",
  "test/policies/effective-config-cli.test.ts",
];

/** Every test file, the longest first, then the rest in path order. */
function suiteFiles(dir = path.join(ROOT, "test")): string[] {
  const all: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".test.ts")) all.push(path.relative(ROOT, p));
    }
  };
  walk(dir);
  all.sort();
  const first = LONGEST_FIRST.filter((f) => all.includes(f));
  return [...first, ...all.filter((f) => !first.includes(f))];
}

/** A Node script and its arguments: what a run spawns for the type-check and for mocha. */
export interface NodeCommand {
  readonly script: string;
  readonly args: readonly string[];
}

export interface RunCommands {
  readonly typecheck: NodeCommand;
  readonly suites: (files: readonly string[]) => NodeCommand;
}

/** The type-check (which also emits, see test/typecheck-output.ts) and mocha over `files`. */
export function defaultCommands(): RunCommands {
  const jobs = Math.max(2, os.availableParallelism?.() ?? os.cpus().length);
  return {
    typecheck: {
      script: require.resolve("typescript/bin/tsc"),
      args: [
        "--outDir",
        TYPECHECK_OUT,
        "--incremental",
        "--tsBuildInfoFile",
        path.join(TYPECHECK_OUT, ".tsbuildinfo"),
      ],
    },
    suites: (files) => ({
      script: require.resolve("mocha/bin/mocha.js"),
      args: ["--parallel", "--jobs", String(jobs), ...files],
    }),
  };
}

/**
 * Runs the type-check and the suites side by side in a fresh run directory (removed after), and
 * returns the exit status: the type-check's when it failed, else mocha's.
 */
export async function runTests(
  argv: readonly string[],
  commands: RunCommands = defaultCommands(),
  out: { write(text: string): unknown } = process.stdout,
): Promise<number> {
  const files = argv.length > 0 ? argv : suiteFiles();
  fs.mkdirSync(path.join(CACHE, "test-runs"), { recursive: true });
  const runDir = fs.mkdtempSync(path.join(CACHE, "test-runs", "run-"));
  try {
    const { typecheck, suites } = commands;
    const checked = runNode(typecheck.script, [...typecheck.args], process.env, true).then(
      (finished) => {
        // The packaging suite waits for this to pack from the type-check's output.
        recordTypecheck(runDir, finished.code);
        return finished;
      },
    );
    const mocha = suites(files);
    const ran = runNode(
      mocha.script,
      [...mocha.args],
      { ...process.env, [RUN_DIR_VARIABLE]: runDir },
      false,
    );
    const [tsc, suitesRun] = await Promise.all([checked, ran]);
    out.write(tsc.code === 0 ? "tsc: no errors\n" : `tsc failed:\n${tsc.output}`);
    return tsc.code !== 0 ? tsc.code : suitesRun.code;
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/** Ends the process with the run's status; a run that throws ends it with 1 and says why. */
export function exitWith(
  run: Promise<number>,
  exit: (code: number) => void = process.exit,
  err: { write(text: string): unknown } = process.stderr,
): Promise<void> {
  return run.then(
    (code) => exit(code),
    (e) => {
      err.write(`npm test: ${(e as Error).message}\n`);
      exit(1);
    },
  );
}

if (require.main === module) void exitWith(runTests(process.argv.slice(2)));
