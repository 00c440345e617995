/**
 * `npm run plan -- --stack <name> [--json <file>] [--program <path>]`
 *
 * Runs the real program for a stack offline (Pulumi's mock runtime) and prints what it would
 * deploy. Exit status: 0 when the program ran; 2 on bad arguments or configuration; 1 when the
 * program itself failed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { PlanResult, ProgramError, runOfflinePlan } from "./offline/plan";
import { PlanInputError } from "./offline/stack-config";
import { summarisePlan } from "./offline/summary";

const USAGE = "usage: npm run plan -- --stack <name> [--json <file>] [--program <path>] [--project-dir <dir>]";

export interface PlanCliResult {
  readonly exitCode: number;
  readonly plan?: PlanResult;
}

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<PlanCliResult> {
  let values: { stack?: string; json?: string; program?: string; "project-dir"?: string };
  try {
    values = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        json: { type: "string" },
        program: { type: "string" },
        "project-dir": { type: "string" },
      },
      strict: true,
    }).values;
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return { exitCode: 2 };
  }
  if (!values.stack) {
    err.write(`--stack is required\n${USAGE}\n`);
    return { exitCode: 2 };
  }
  const projectDir = path.resolve(values["project-dir"] ?? process.cwd());
  let plan: PlanResult;
  try {
    plan = await runOfflinePlan({
      projectDir,
      stack: values.stack,
      ...(values.program ? { program: path.resolve(values.program) } : {}),
    });
  } catch (e) {
    if (e instanceof PlanInputError) {
      err.write(`offline plan: ${e.message}\n`);
      return { exitCode: 2 };
    }
    if (e instanceof ProgramError) {
      const isConfig = e.message.includes("invalid configuration value");
      err.write(`offline plan of stack "${values.stack}" failed:\n${e.message}\n`);
      return { exitCode: isConfig ? 2 : 1 };
    }
    throw e;
  }
  out.write(`${summarisePlan(plan)}\n`);
  if (values.json) {
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    fs.writeFileSync(values.json, `${JSON.stringify(plan, null, 2)}\n`);
    out.write(`\nWrote ${values.json}\n`);
  }
  return { exitCode: 0, plan };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    ({ exitCode }) => process.exit(exitCode),
    (e) => {
      process.stderr.write(`offline plan crashed: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
