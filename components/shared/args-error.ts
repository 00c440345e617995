/**
 * The one error a component throws for invalid args: every problem at once, before any resource
 * exists. A `RunError` so the Pulumi CLI prints the message alone, without a stack trace.
 */
import * as pulumi from "@pulumi/pulumi";

export class ComponentArgsError extends pulumi.RunError {
  constructor(
    /** The component's class, e.g. `DataLake`. */
    readonly component: string,
    /** The component's resource name. */
    readonly resourceName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${component} "${resourceName}" has ${problems.length} invalid argument${
        problems.length === 1 ? "" : "s"
      }:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ComponentArgsError";
  }
}

/** Throws `ComponentArgsError` when there are problems; returns otherwise. */
export function throwIfProblems(
  component: string,
  resourceName: string,
  problems: readonly string[],
): void {
  if (problems.length > 0) throw new ComponentArgsError(component, resourceName, problems);
}
