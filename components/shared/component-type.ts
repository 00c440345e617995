/**
 * Component type tokens follow `reco:<folder>:<Type>`. A token is part of every URN under the
 * component, so a renamed token is carried with an alias to the old one: stacks deployed under it
 * keep their resources instead of replacing them.
 */
import type * as pulumi from "@pulumi/pulumi";

/** `opts` plus an alias from each earlier type token to the current one. */
export function withTypeAliases(
  opts: pulumi.ComponentResourceOptions | undefined,
  ...formerTypes: string[]
): pulumi.ComponentResourceOptions {
  return {
    ...opts,
    aliases: [...(opts?.aliases ?? []), ...formerTypes.map((type) => ({ type }))],
  };
}
