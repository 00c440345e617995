/**
 * Synthetic recorded resources and a one-policy view of the gate, so each policy test builds one
 * compliant resource, changes one field, and asserts the exact message the engine would show.
 */
import { expect } from "chai";
import * as path from "node:path";
import type { RecordedResource } from "../../offline/recorder";
import { PolicyViolation, runPolicyGate } from "../../policies/gate";

export const CONFIG_DIR = path.join(__dirname, "..", "..", "policies", "config");
export const PROD_CONFIG = path.join(CONFIG_DIR, "prod.json");
export const DEV_CONFIG = path.join(CONFIG_DIR, "dev.json");

export const urnOf = (type: string, name: string) =>
  `urn:pulumi:test::reco-analytics::${type}::${name}`;

export function res(
  type: string,
  name: string,
  inputs: Record<string, any>,
  extra: Partial<RecordedResource> = {},
): RecordedResource {
  return {
    urn: urnOf(type, name),
    type,
    name,
    parent: null,
    custom: true,
    protect: false,
    retainOnDelete: false,
    provider: null,
    dependencies: [],
    inputs,
    ...extra,
  };
}

/** Violations of one policy, without the policy name (asserted by the filter). */
export async function violations(
  policy: string,
  resources: readonly RecordedResource[],
  configFile = PROD_CONFIG,
): Promise<Omit<PolicyViolation, "policy">[]> {
  const result = await runPolicyGate({ resources, stack: "test", tier: "prod", configFile });
  return result.violations
    .filter((v) => v.policy === policy)
    .map(({ enforcementLevel, urn, message }) => ({ enforcementLevel, urn, message }));
}

/** Messages of one policy for one set of resources, all mandatory under the prod config. */
export async function messages(
  policy: string,
  resources: readonly RecordedResource[],
  configFile = PROD_CONFIG,
): Promise<string[]> {
  return (await violations(policy, resources, configFile)).map((v) => v.message);
}

/** A deep copy with one path set (or deleted when value is undefined). */
export function withPath<T extends Record<string, any>>(
  base: T,
  dotted: string,
  value: unknown,
): T {
  const copy = structuredClone(base);
  const keys = dotted.split(".");
  let node: any = copy;
  for (const k of keys.slice(0, -1)) node = node[k] ??= {};
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

export interface FieldCase {
  /** Dotted path of the one field changed from the compliant resource. */
  readonly path: string;
  /** The new value (undefined removes the field). */
  readonly value: unknown;
  readonly message: string;
}

/** One compliant resource, then one change per violation with its exact message. */
export function describeResourcePolicy(
  policy: string,
  type: string,
  compliant: Record<string, any>,
  cases: readonly FieldCase[],
  configFile = PROD_CONFIG,
): void {
  describe(policy, () => {
    it("accepts the compliant resource", async () => {
      expect(await messages(policy, [res(type, "r", compliant)], configFile)).to.deep.equal([]);
    });
    for (const c of cases) {
      it(`rejects ${c.path} = ${JSON.stringify(c.value)}`, async () => {
        const found = await violations(
          policy,
          [res(type, "r", withPath(compliant, c.path, c.value))],
          configFile,
        );
        expect(found).to.deep.equal([
          { enforcementLevel: "mandatory", urn: urnOf(type, "r"), message: c.message },
        ]);
      });
    }
  });
}
