/**
 * What every Personalize resource class shares at construction time: the target args, physical
 * names and the validation of both (thrown with the components' one `throwIfProblems`). Runs in
 * the Pulumi program only, never inside a provider, so nothing here is serialised.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/** Where the resource is deployed: pass the same region and role as the stack's AWS provider. */
export interface PersonalizeTargetArgs {
  /** AWS region of the resource, e.g. `aws.getRegionOutput().region`. */
  readonly region: pulumi.Input<string>;
  /**
   * Role the provider assumes for every Personalize call, as the stack's AWS provider does.
   * @default the credentials of the process running `pulumi up`
   */
  readonly assumeRoleArn?: pulumi.Input<string>;
}

/** Personalize resource names: a letter or digit first, then letters, digits, `-` and `_`. */
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/;
export const NAME_MAX_LENGTH = 63;

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/**
 * The physical name when none is given: `<resource>-<stack>`, so two stacks in one account never
 * collide, plus a hash of `content` for resources that are replaced when their content changes
 * (schema, filter, solution): the replacement then gets a new name and is created before the old
 * one is deleted. Too-long names keep a hash of what was cut.
 */
export function personalizeName(resourceName: string, content?: string): string {
  const base = `${resourceName}-${pulumi.getStack()}`
    .replace(/[^a-zA-Z0-9\-_]/g, "-")
    .replace(/^[^a-zA-Z0-9]+/, "");
  const suffix = content === undefined ? "" : `-${shortHash(content)}`;
  if (base.length + suffix.length <= NAME_MAX_LENGTH) return `${base}${suffix}`;
  const keep = NAME_MAX_LENGTH - suffix.length - 9;
  return `${base.slice(0, keep)}-${shortHash(base)}${suffix}`;
}

/** Problems with an explicit name; names still unknown (outputs) are checked by Personalize. */
export function nameProblems(name: pulumi.Input<string> | undefined): string[] {
  if (typeof name !== "string") return [];
  if (name.length === 0 || name.length > NAME_MAX_LENGTH || !NAME_PATTERN.test(name)) {
    return [
      `name is ${JSON.stringify(name)}; it must be 1-${NAME_MAX_LENGTH} letters, digits, "-" or "_", ` +
        `starting with a letter or digit. Fix: pass such a name, or omit name to get "<resource>-<stack>".`,
    ];
  }
  return [];
}

/** Problems with a tag map known at construction time. */
export function tagProblems(
  tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
): string[] {
  if (!tags || pulumi.Output.isInstance(tags) || typeof tags !== "object") return [];
  const keys = Object.keys(tags);
  const problems: string[] = [];
  // Personalize allows 50 user tags per resource; keys are 1-128 characters and not "aws:".
  if (keys.length > 50)
    problems.push(
      `tags has ${keys.length} keys; Personalize allows at most 50. Fix: drop some tags.`,
    );
  for (const key of keys) {
    if (key.length === 0 || key.length > 128 || key.toLowerCase().startsWith("aws:")) {
      problems.push(
        `tags key ${JSON.stringify(key)} is invalid; keys must be 1-128 characters and must not start with "aws:". Fix: rename the tag.`,
      );
    }
  }
  return problems;
}

/**
 * Base of every Personalize resource class: registers `pulumi-nodejs:dynamic/personalize:<type>`
 * with what every resource has (physical name, region, assumed role), its own inputs, and its
 * computed outputs (`arn` and `outputs`) left undefined for the provider to fill.
 */
export abstract class PersonalizeResource extends pulumi.dynamic.Resource {
  declare readonly arn: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;

  protected constructor(
    provider: pulumi.dynamic.ResourceProvider,
    type: string,
    name: string,
    target: PersonalizeTargetArgs & { readonly name: pulumi.Input<string> },
    inputs: Record<string, unknown>,
    outputs: readonly string[],
    opts?: pulumi.CustomResourceOptions,
  ) {
    const computed = Object.fromEntries(["arn", ...outputs].map((key) => [key, undefined]));
    super(
      provider,
      name,
      {
        name: target.name,
        region: target.region,
        assumeRoleArn: target.assumeRoleArn,
        ...inputs,
        ...computed,
      },
      opts,
      "personalize",
      type,
    );
  }
}
