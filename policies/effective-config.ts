/**
 * `node -r ts-node/register/transpile-only policies/effective-config.ts --stack <name> --out <file>`
 *
 * Writes the policy pack config `pulumi preview --policy-pack-config` should use for a stack: the
 * stack's own file (else its tier's), with monthly-budget set to the stack's own budget, region
 * and workload from Pulumi.<stack>.yaml. The offline gate applies the same overlay, so both gates
 * hold a stack to the same budget even when it has no config file of its own.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { stackSettings } from "../cost/stack";
import { budgetOf } from "./budget";
import { configFileFor, readConfigFile, resolvePolicyConfig, withStackBudget } from "./config";
import { ALL_POLICIES, PACK_ENFORCEMENT_LEVEL } from "./pack";

export interface EffectiveConfig {
  /** The file the stack's config starts from. */
  readonly baseFile: string;
  readonly config: Record<string, unknown>;
}

/** The stack's pack config, validated as the gate validates it. */
export function effectiveConfig(projectDir: string, stack: string): EffectiveConfig {
  const settings = stackSettings(projectDir, stack);
  const baseFile = configFileFor(stack, settings.tier);
  const config = withStackBudget(readConfigFile(baseFile), budgetOf(settings));
  resolvePolicyConfig(ALL_POLICIES, PACK_ENFORCEMENT_LEVEL, config, baseFile);
  return { baseFile, config };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      stack: { type: "string" },
      out: { type: "string" },
      "project-dir": { type: "string" },
    },
    strict: true,
  });
  if (!values.stack || !values.out) {
    process.stderr.write(
      "usage: policies/effective-config.ts --stack <name> --out <file> [--project-dir <dir>]\n",
    );
    process.exit(2);
  }
  try {
    const projectDir = path.resolve(values["project-dir"] ?? process.cwd());
    const { baseFile, config } = effectiveConfig(projectDir, values.stack);
    fs.writeFileSync(values.out, `${JSON.stringify(config, null, 2)}\n`);
    process.stdout.write(
      `${values.out}: ${path.relative(projectDir, baseFile)} with stack ${values.stack}'s own budget\n`,
    );
  } catch (e) {
    process.stderr.write(`effective policy config: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
