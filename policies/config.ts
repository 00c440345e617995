/**
 * Policy pack configuration: the per-stack JSON files that `pulumi preview --policy-pack-config`
 * reads, resolved exactly as the Pulumi CLI does (schema defaults, then "all", then per-policy
 * values) and validated against each policy's config schema. Stricter than the CLI in one way:
 * unknown policies and unknown properties are errors, so a typo cannot silently loosen a gate.
 */
import Ajv, { ValidateFunction } from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EnforcementLevel, Policies } from "@pulumi/policy";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/** One policy's effective configuration, as the analyzer's `configure` call receives it. */
export interface ResolvedPolicyConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

export class PolicyConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Policy pack config ${file} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems
        .map((p) => `  - ${p}`)
        .join("\n")}`,
    );
    this.name = "PolicyConfigError";
  }
}

export const CONFIG_DIR = path.join(__dirname, "config");

/** The stack's own file if there is one, else its tier's. */
export function configFileFor(stack: string, tier: string, dir = CONFIG_DIR): string {
  const candidates = [
    ...new Set([path.join(dir, `${stack}.json`), path.join(dir, `${tier}.json`)]),
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    const missing =
      candidates.length === 1
        ? `${candidates[0]} does not exist`
        : `neither ${candidates.join(" nor ")} exists`;
    throw new PolicyConfigError(candidates[0], [
      `${missing}; copy ${path.join(dir, "dev.json")} or ${path.join(dir, "prod.json")} to ${candidates[0]} and adjust it.`,
    ]);
  }
  return found;
}

export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PolicyConfigError(file, ["the file cannot be read; check the path."]);
  }
  if (text.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch (e) {
    throw new PolicyConfigError(file, [`it is not valid JSON: ${(e as Error).message}`]);
  }
  throw new PolicyConfigError(file, ['it must be a JSON object keyed by policy name (or "all").']);
}

/**
 * The file's config with monthly-budget's budget, region and workload replaced by the stack's own
 * (its enforcement level kept), so the budget policy prices the stack against its own budget.
 */
export function withStackBudget(
  raw: Record<string, unknown>,
  budget: object,
): Record<string, unknown> {
  const current = raw["monthly-budget"];
  const kept =
    typeof current === "string"
      ? { enforcementLevel: current }
      : current && typeof current === "object"
        ? current
        : {};
  return { ...raw, "monthly-budget": { ...kept, ...budget } };
}

/**
 * The file's config with `accountId` added to every account-aware policy's trustedAccountIds (its
 * other values kept): the stack's own account is always inside its zone of trust.
 */
export function withTrustedAccount(
  raw: Record<string, unknown>,
  policies: Policies,
  accountId: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const p of policies.filter((p) => p.configSchema?.properties?.trustedAccountIds)) {
    const current = raw[p.name];
    const kept: Record<string, unknown> =
      typeof current === "string"
        ? { enforcementLevel: current }
        : current && typeof current === "object"
          ? (current as Record<string, unknown>)
          : {};
    const listed = Array.isArray(kept.trustedAccountIds)
      ? (kept.trustedAccountIds as string[])
      : [];
    out[p.name] = { ...kept, trustedAccountIds: [...new Set([...listed, accountId])] };
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new WeakMap<Policies[number], ValidateFunction>();

/** The CLI validates a policy's properties as `{ type: object, properties, required }`. */
function validatorFor(policy: Policies[number]): ValidateFunction {
  let validate = validators.get(policy);
  if (!validate) {
    const { properties, required = [] } = policy.configSchema!;
    validate = ajv.compile({ type: "object", properties, required });
    validators.set(policy, validate);
  }
  return validate;
}

const isLevel = (v: unknown): v is EnforcementLevel =>
  typeof v === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);

/**
 * Applies the file's values on top of the pack's defaults, like the CLI's
 * ReconcilePolicyPackConfig, and validates the result. Throws one error listing every problem.
 */
export function resolvePolicyConfig(
  policies: Policies,
  packLevel: EnforcementLevel,
  raw: Record<string, unknown>,
  file: string,
): Record<string, ResolvedPolicyConfig> {
  const problems: string[] = [];
  const byName = new Map(policies.map((p) => [p.name, p]));
  const result: Record<
    string,
    { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
  > = {};
  for (const p of policies) {
    const defaults = Object.entries(p.configSchema?.properties ?? {}).filter(
      ([, s]) => "default" in s,
    );
    result[p.name] = {
      enforcementLevel: p.enforcementLevel ?? packLevel,
      properties: Object.fromEntries(defaults.map(([k, s]) => [k, structuredClone(s.default)])),
    };
  }
  const level = (key: string, value: unknown): EnforcementLevel | undefined => {
    if (value === undefined || isLevel(value)) return value;
    problems.push(
      `${key}: ${JSON.stringify(value)} is not an enforcement level; use one of ${ENFORCEMENT_LEVELS.join(", ")}.`,
    );
    return undefined;
  };
  const all = raw.all;
  if (all !== undefined) {
    const allLevel = level(
      "all",
      typeof all === "string" ? all : (all as { enforcementLevel?: unknown })?.enforcementLevel,
    );
    if (allLevel) for (const r of Object.values(result)) r.enforcementLevel = allLevel;
  }
  for (const [name, value] of Object.entries(raw)) {
    if (name === "all") continue;
    const policy = byName.get(name);
    if (!policy) {
      problems.push(
        `"${name}" is not a policy of this pack; remove it or use one of: ${[...byName.keys()].join(", ")}.`,
      );
      continue;
    }
    if (typeof value === "string") {
      const l = level(name, value);
      if (l) result[name].enforcementLevel = l;
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      problems.push(`${name}: must be an enforcement level or an object of settings.`);
      continue;
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    const l = level(`${name}.enforcementLevel`, enforcementLevel);
    if (l) result[name].enforcementLevel = l;
    const known = Object.keys(policy.configSchema?.properties ?? {});
    for (const key of Object.keys(properties).filter((k) => !known.includes(k))) {
      problems.push(
        `${name}.${key} is not a setting of ${name}; ${known.length ? `allowed: ${known.join(", ")}` : "it takes none"}.`,
      );
    }
    Object.assign(result[name].properties, properties);
  }
  for (const policy of policies.filter((p) => p.configSchema)) {
    const validate = validatorFor(policy);
    if (!validate(result[policy.name].properties)) {
      for (const e of validate.errors ?? []) {
        const where = `${policy.name}${e.instancePath.replace(/\//g, ".")}`;
        problems.push(
          `${where} ${e.message}${e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as unknown[]).join(", ")})` : ""}.`,
        );
      }
    }
  }
  if (problems.length > 0) throw new PolicyConfigError(file, problems);
  return result;
}
