/**
 * The one error thrown for invalid args, by every component and builder and by the producer
 * clients: every problem at once, before any resource exists (or, for a producer, before any
 * connection).
 *
 * It does not load `@pulumi/pulumi`, so the producers web servers import stay free of it. The
 * Pulumi CLI still prints it as a `RunError` (the message alone, no stack trace): the Node.js
 * runtime recognises a RunError by `RunError.isInstance`, which reads the `__pulumiRunError`
 * marker the SDK sets on its own RunErrors so that side-by-side copies of the SDK agree
 * (@pulumi/pulumi errors.js; cmd/run/run.js). This class carries the same marker.
 */
export class ComponentArgsError extends Error {
  /** The marker `pulumi.RunError.isInstance` reads. */
  readonly __pulumiRunError = true;

  constructor(
    /** The component's or client's class, e.g. `DataLake`, `EventProducer`. */
    readonly component: string,
    /** The component's resource name; none for a client. */
    readonly resourceName: string | undefined,
    readonly problems: readonly string[],
  ) {
    super(
      `${component}${resourceName === undefined ? "" : ` "${resourceName}"`} has ${
        problems.length
      } invalid argument${problems.length === 1 ? "" : "s"}:\n${problems
        .map((p) => `  - ${p}`)
        .join("\n")}`,
    );
    this.name = "ComponentArgsError";
  }
}

/** Throws `ComponentArgsError` when there are problems; returns otherwise. */
export function throwIfProblems(
  component: string,
  resourceName: string | undefined,
  problems: readonly string[],
): void {
  if (problems.length > 0) throw new ComponentArgsError(component, resourceName, problems);
}
