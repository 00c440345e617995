/**
 * `node -r ./cli/register.js policies/effective-config.ts --stack <name> --out <file> [--account-id <id>]`
 *
 * Writes the policy pack config `pulumi preview --policy-pack-config` should use for a stack: the
 * stack's own file (else its tier's), with monthly-budget set to the stack's own budget, region
 * and workload from Pulumi.<stack>.yaml. The offline gate applies the same overlay, so both gates
 * hold a stack to the same budget even when it has no config file of its own. `--account-id`
 * adds the account the preview deploys into to every account-aware policy's trustedAccountIds
 * (the offline gate adds the mock runtime's); without it, only the file's accounts are trusted,
 * so grants to the stack's own account are reported: the gate fails closed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { stackSettings } from "../offline/stack-settings";
import { budgetOf } from "./budget";
import {
  configFileFor,
  readConfigFile,
  resolvePolicyConfig,
  withStackBudget,
  withTrustedAccount,
} from "./config";
import { ALL_POLICIES, PACK_ENFORCEMENT_LEVEL } from "./pack";

export interface EffectiveConfig {
  /** The file the stack's config starts from. */
  readonly baseFile: string;
  readonly config: Record<string, unknown>;
}

/** The stack's pack config, validated as the gate validates it. */
export function effectiveConfig(
  projectDir: string,
  stack: string,
  accountId?: string,
): EffectiveConfig {
  const settings = stackSettings(projectDir, stack);
  const baseFile = configFileFor(stack, settings.tier);
  const withBudget = withStackBudget(readConfigFile(baseFile), budgetOf(settings));
  const config = accountId ? withTrustedAccount(withBudget, ALL_POLICIES, accountId) : withBudget;
  resolvePolicyConfig(ALL_POLICIES, PACK_ENFORCEMENT_LEVEL, config, baseFile);
  return { baseFile, config };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      stack: { type: "string" },
      out: { type: "string" },
      "project-dir": { type: "string" },
      "account-id": { type: "string" },
    },
    strict: true,
  });
  if (!values.stack || !values.out) {
    process.stderr.write(
      "usage: policies/effective-config.ts --stack <name> --out <file> [--project-dir <dir>] [--account-id <12 digits>]\n",
    );
    process.exit(2);
  }
  try {
    const projectDir = path.resolve(values["project-dir"] ?? process.cwd());
    const { baseFile, config } = effectiveConfig(projectDir, values.stack, values["account-id"]);
    fs.writeFileSync(values.out, `${JSON.stringify(config, null, 2)}\n`);
    process.stdout.write(
      `${values.out}: ${path.relative(projectDir, baseFile)} with stack ${values.stack}'s own budget\n`,
    );
  } catch (e) {
    process.stderr.write(`effective policy config: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
