/**
 * Evaluates a call as AWS would, with an IAM policy evaluator the project did not write
 * (@cloud-copilot/iam-simulate): the principal's identity policies, and the resource's own policy
 * (key, bucket, topic, queue) when it has one.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { Call } from "./calls";
import { ACCOUNT, PlanIndex } from "./plan-index";

/** AWS's default key policy, for a key outside the plan (an adopted stream's). */
const DEFAULT_KEY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ],
};

const ENCRYPTION_CONTEXT = /^kms:encryptioncontext:/i;

/** IAM's string glob: `*` any run, `?` one character. */
const globMatches = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  ).test(value);

/**
 * The evaluator (iam-simulate 0.1.173) drops request context keys of the form
 * `kms:EncryptionContext:aws:s3:arn` (it only recognises variable keys separated by "/"), so a
 * statement conditioned on an encryption context could never be proven. This resolves exactly
 * those conditions before evaluation, with IAM's semantics for the positive string and ARN
 * operators the project uses: a matching condition is satisfied (dropped), a statement whose
 * condition does not match no longer applies (removed). Everything else is left to the evaluator.
 */
export function resolveEncryptionContext(policy: any, context: Record<string, unknown>): any {
  if (!policy) return policy;
  const given = Object.fromEntries(
    Object.entries(context)
      .filter(([k]) => ENCRYPTION_CONTEXT.test(k))
      .map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  const statements = [policy.Statement].flat().flatMap((statement: any) => {
    const condition: Record<string, Record<string, unknown>> = { ...(statement.Condition ?? {}) };
    for (const [operator, keys] of Object.entries(condition)) {
      const rest: Record<string, unknown> = {};
      for (const [key, values] of Object.entries(keys)) {
        if (!ENCRYPTION_CONTEXT.test(key)) {
          rest[key] = values;
          continue;
        }
        if (!/^(StringEquals|StringLike|ArnLike|ArnEquals)$/.test(operator)) {
          throw new Error(`cannot resolve ${operator} on ${key}; extend resolveEncryptionContext`);
        }
        const value = given[key.toLowerCase()];
        const exact = operator === "StringEquals" || operator === "ArnEquals";
        const matches =
          value !== undefined &&
          [values].flat().some((v) => (exact ? v === value : globMatches(String(v), value)));
        if (!matches) return [];
      }
      if (Object.keys(rest).length > 0) condition[operator] = rest;
      else delete condition[operator];
    }
    const { Condition: _c, ...bare } = statement;
    return [Object.keys(condition).length > 0 ? { ...bare, Condition: condition } : bare];
  });
  return { ...policy, Statement: statements };
}

export type Verdict = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied" | string;

export async function evaluate(ix: PlanIndex, c: Call): Promise<Verdict> {
  const resourcePolicy = resolveEncryptionContext(
    ix.resourcePolicy(c.resource) ?? (c.action.startsWith("kms:") ? DEFAULT_KEY_POLICY : undefined),
    c.context,
  );
  const contextVariables = Object.fromEntries(
    Object.entries(c.context).filter(([k]) => !ENCRYPTION_CONTEXT.test(k)),
  );
  const result = await runSimulation(
    {
      request: {
        principal: c.principal,
        action: c.action,
        resource: { resource: c.resource, accountId: ACCOUNT },
        contextVariables,
      },
      identityPolicies: ix.identityPolicies(c.principal).map((p) => ({
        name: p.name,
        policy: resolveEncryptionContext(p.policy, c.context),
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === "error") {
    throw new Error(
      `cannot evaluate ${c.action} on ${c.resource}: ${JSON.stringify(result.errors)}`,
    );
  }
  return result.overallResult;
}

/** The calls among `calls` that AWS would not allow, each with where it comes from. */
export async function deniedCalls(ix: PlanIndex, calls: readonly Call[]): Promise<string[]> {
  const denied: string[] = [];
  const seen = new Set<string>();
  for (const c of calls) {
    const key = `${c.principal} ${c.action} ${c.resource} ${JSON.stringify(c.context)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const verdict = await evaluate(ix, c);
    if (verdict !== "Allowed")
      denied.push(`${c.origin}: ${c.action} on ${c.resource} is ${verdict}`);
  }
  return denied;
}
