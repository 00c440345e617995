/**
 * `npm run plan -- --stack <name> [--json <file>] [--program <path>]`
 *
 * Runs the real program for a stack offline (Pulumi's mock runtime), runs the policy pack over
 * what it would deploy, and prints both. Exit status: 0 when the program ran and no mandatory
 * policy is violated; 1 when the program failed; 2 on bad arguments or configuration (stack or
 * policy pack); 3 on a mandatory policy violation.
 */
import * as path from "node:path";
import { PlanResult, ProgramError, runOfflinePlan } from "../offline/plan";
import { PlanInputError } from "../offline/stack-config";
import { summarisePlan } from "../offline/summary";
import { writeFilesAtomically } from "./output-file";
import { type TextSink, parseStackArgs } from "./stack-args";
import { PolicyConfigError } from "../policies/config";
import { formatViolations, mandatoryViolations, runPolicyGate } from "../policies/gate";
import { CostBlock, costOfStack, formatBreakdown } from "../cost";
import { stackSettings } from "../offline/stack-settings";
import { budgetOf } from "../policies/budget";
import type { StackSettings } from "../stacks";

const USAGE =
  "usage: npm run plan -- --stack <name> [--json <file>] [--program <path>] [--project-dir <dir>]";

const HELP = `${USAGE}

Runs the program for a stack under Pulumi's mock runtime (no cloud calls, no Pulumi CLI), runs the
policy pack over what it would deploy and prices it. --program runs another program that imports
the components; it is transpiled, not type-checked (run npx tsc --noEmit for that).

Exit status: 0 planned, no mandatory violation; 1 the program failed; 2 bad arguments,
configuration or input files; 3 a mandatory policy violation.`;

export interface PlanCliResult {
  readonly exitCode: number;
  readonly plan?: PlanResult;
}

export async function main(
  argv: string[],
  out: TextSink = process.stdout,
  err: TextSink = process.stderr,
): Promise<PlanCliResult> {
  const parsed = parseStackArgs(
    argv,
    {
      stack: { type: "string" },
      json: { type: "string" },
      program: { type: "string" },
      "project-dir": { type: "string" },
    },
    USAGE,
    { out, err, help: HELP, outputFlags: ["json"] },
  );
  if ("exitCode" in parsed) return parsed;
  const { values } = parsed;
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
  let settings: StackSettings | undefined;
  try {
    settings = stackSettings(projectDir, values.stack);
    plan.cost = costOfStack(plan.resources, settings);
  } catch (e) {
    // A program outside this project may use other config keys: plan it, but say why no cost.
    err.write(`offline plan: no cost estimate: ${(e as Error).message}\n`);
  }
  let mandatory: number;
  try {
    const gate = await runPolicyGate({
      resources: plan.resources,
      stack: plan.stack,
      tier: plan.tier ?? "dev",
      // The stack's own budget, not its tier file's: a third stack may set a different one.
      ...(settings ? { budget: budgetOf(settings) } : {}),
    });
    plan.policies = { pack: gate.pack, configFile: gate.configFile, violations: gate.violations };
    mandatory = mandatoryViolations(gate).length;
    const cost = plan.cost ? `\n\n${formatBreakdown(plan.cost as CostBlock, { top: 5 })}` : "";
    out.write(`${summarisePlan(plan)}${cost}\n\n${formatViolations(gate)}\n`);
  } catch (e) {
    if (e instanceof PolicyConfigError) {
      err.write(`offline plan: policy pack configuration: ${e.message}\n`);
      return { exitCode: 2 };
    }
    throw e;
  }
  if (values.json) {
    writeFilesAtomically([{ file: values.json, text: `${JSON.stringify(plan, null, 2)}\n` }]);
    out.write(`\nWrote ${values.json}\n`);
  }
  if (mandatory > 0) {
    err.write(
      `offline plan: ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}; fix them before deploying.\n`,
    );
    return { exitCode: 3, plan };
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
