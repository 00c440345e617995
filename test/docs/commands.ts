/**
 * Runs a documented `npm run <script> -- <args>` in this process, in a scratch project directory:
 * the same `main` the script's entry file calls, with its output captured. In-process keeps the
 * docs check to the cost of the plans themselves, without a Node start and SDK load per command;
 * `scriptEntry` lets the suite check that each script really runs that entry file.
 */
import { main as costMain } from "../../cli/cost";
import { main as eventsMain } from "../../cli/events";
import { runKpiCli } from "../../cli/kpi/main";
import { main as planMain } from "../../cli/plan";
import { transform } from "esbuild";
import { shellWords } from "./markdown-checks";

/**
 * esbuild (the Lambda bundler) runs a service process that keeps the working directory it started
 * in. Started inside a scratch project that a suite later deletes, it could no longer resolve any
 * file for the suites after it; starting it here, before the first chdir, keeps it in place.
 */
let bundlerStarted: Promise<unknown> | undefined;

export interface CommandResult {
  readonly exitCode: number;
  readonly out: string;
  readonly err: string;
}

type Sink = { write(text: string): boolean };

const SCRIPTS: Record<string, (argv: string[], out: Sink, err: Sink) => Promise<number>> = {
  plan: async (argv, out, err) => (await planMain(argv, out, err)).exitCode,
  cost: async (argv, out, err) => (await costMain(argv, out, err)).exitCode,
  events: (argv, out, err) => eventsMain(argv, out, err),
  kpi: (argv, out, err) =>
    runKpiCli(argv, { out: (t) => void out.write(t), err: (t) => void err.write(t) }),
};

/** The entry file each script must run, as package.json names it. */
export const SCRIPT_ENTRIES: Record<string, string> = {
  plan: "cli/plan.ts",
  cost: "cli/cost.ts",
  events: "cli/events.ts",
  kpi: "cli/kpi.ts",
};

export async function runDocumentedCommand(command: string, cwd: string): Promise<CommandResult> {
  const words = shellWords(command);
  if (words[0] !== "npm" || words[1] !== "run" || !(words[2] in SCRIPTS)) {
    throw new Error(`no in-process runner for "${command}"`);
  }
  return runScript(words[2], words[3] === "--" ? words.slice(4) : words.slice(3), cwd);
}

/** Runs `npm run <script> -- <argv>` in this process with `cwd` as the working directory. */
export async function runScript(
  script: string,
  argv: string[],
  cwd: string,
): Promise<CommandResult> {
  bundlerStarted ??= transform("", {});
  await bundlerStarted;
  let out = "";
  let err = "";
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const exitCode = await SCRIPTS[script](
      argv,
      { write: (t) => ((out += t), true) },
      { write: (t) => ((err += t), true) },
    );
    return { exitCode, out, err };
  } finally {
    process.chdir(previous);
  }
}
