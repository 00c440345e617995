/**
 * Runs the Flink application's Python (package.py, main.py, local/env.py) from the tests: a
 * scratch folder per process, byte-code kept out of the source tree, and async runs so that a
 * server in this process (a Maven repository, kinesalite) can answer while Python waits on it.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const FLINK_DIR = path.join(__dirname, "../../../components/realtime-analytics/flink");
export const APPLICATION = JSON.parse(
  fs.readFileSync(path.join(FLINK_DIR, "application.json"), "utf8"),
);
export const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "realtime-flink-"));
export const pythonEnv = {
  ...process.env,
  PYTHONPYCACHEPREFIX: path.join(scratch, "pycache"),
  PYTHONDONTWRITEBYTECODE: "",
};

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `python args…` in `cwd` without blocking the event loop. */
export function runPython(
  args: readonly string[],
  { python = "python3", cwd = FLINK_DIR, timeoutMs = 120_000 } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      python,
      args,
      { cwd, env: pythonEnv, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** Runs a Python snippet in the app folder and returns what it prints as JSON. */
export function python(snippet: string): any {
  const out = execFileSync("python3", ["-c", snippet], {
    cwd: FLINK_DIR,
    env: pythonEnv,
    encoding: "utf8",
  });
  return JSON.parse(out);
}

export interface LocalFlink {
  /** The project-local virtualenv's interpreter, with PyFlink installed. */
  readonly python: string;
  readonly pyflink: string;
}

/**
 * The local Flink, installed on first use by local/env.py (about a minute, once per clone) and
 * reused after. It is what `npm test` needs and nothing else installs it.
 */
export function ensureLocalFlink(): LocalFlink {
  const out = execFileSync("python3", [path.join(FLINK_DIR, "local", "env.py")], {
    env: pythonEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 900_000,
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

// The scratch folder holds unpacked zips and Flink outputs: gone with the test process.
process.on("exit", () => fs.rmSync(scratch, { recursive: true, force: true }));
