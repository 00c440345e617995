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

async function main(argv: string[]): Promise<number> {
  const files = argv.length > 0 ? argv : suiteFiles();
  fs.mkdirSync(path.join(CACHE, "test-runs"), { recursive: true });
  const runDir = fs.mkdtempSync(path.join(CACHE, "test-runs", "run-"));
  const jobs = Math.max(2, os.availableParallelism?.() ?? os.cpus().length);
  try {
    // The type-check emits too: the packaging suite packs the library from its output rather
    // than type-checking the package again (test/typecheck-output.ts).
    const typecheck = runNode(
      require.resolve("typescript/bin/tsc"),
      [
        "--outDir",
        TYPECHECK_OUT,
        "--incremental",
        "--tsBuildInfoFile",
        path.join(TYPECHECK_OUT, ".tsbuildinfo"),
      ],
      process.env,
      true,
    ).then((finished) => {
      recordTypecheck(runDir, finished.code);
      return finished;
    });
    const suites = runNode(
      require.resolve("mocha/bin/mocha.js"),
      ["--parallel", "--jobs", String(jobs), ...files],
      { ...process.env, [RUN_DIR_VARIABLE]: runDir },
      false,
    );
    const [tsc, mocha] = await Promise.all([typecheck, suites]);
    process.stdout.write(tsc.code === 0 ? "tsc: no errors\n" : `tsc failed:\n${tsc.output}`);
    return tsc.code !== 0 ? tsc.code : mocha.code;
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`npm test: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
