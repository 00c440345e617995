/**
 * Errors the providers raise and recognise. Messages name the resource, what went wrong and the
 * fix, because the engine prints them as the whole explanation of a failed deploy.
 */

/** The SDK's error name (`ResourceNotFoundException`, …), whatever shape the error has. */
export function errorName(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "name" in error
    ? String((error as { name: unknown }).name)
    : undefined;
}

export function isNotFound(error: unknown): boolean {
  return errorName(error) === "ResourceNotFoundException";
}

/** A parent cannot be deleted while a child's deletion is still in progress. */
export function isInUse(error: unknown): boolean {
  return errorName(error) === "ResourceInUseException";
}

/** Statuses after which Personalize will not make progress by itself. */
export const FAILED_STATUSES: readonly string[] = ["CREATE FAILED", "DELETE FAILED"];

/**
 * A resource Personalize accepted but could not bring to ACTIVE. Carrying `id` and `properties`
 * makes the engine record it as created-with-errors (ErrorResourceInitFailed): nothing is orphaned,
 * the next `pulumi up` replaces it and `pulumi destroy` deletes it.
 */
export class ResourceInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "ResourceInitError";
  }
}

/** A fix to suggest for the failure reasons that have a usual cause. */
export function fixFor(failureReason: string): string {
  if (/kms|key/i.test(failureReason)) {
    return (
      "Fix: let the role in roleArn use the KMS key (kms:Decrypt, kms:GenerateDataKey, " +
      "kms:DescribeKey in the key policy and the role's policy) and make the role trust " +
      "personalize.amazonaws.com."
    );
  }
  if (/role|assume|access ?denied|not authori[sz]ed|permission/i.test(failureReason)) {
    return "Fix: make the role trust personalize.amazonaws.com and grant it the access named above.";
  }
  if (/schema|field|column/i.test(failureReason)) {
    return "Fix: correct the schema or the expression named above (validateSchema checks schemas before deploy).";
  }
  return "Fix: correct the cause above.";
}

export function createFailedError(
  kind: string,
  name: string,
  id: string,
  properties: Record<string, unknown>,
  failureReason: string | undefined,
): ResourceInitError {
  const reason = failureReason?.trim() || "Personalize gave no failure reason";
  return new ResourceInitError(
    `Personalize ${kind} "${name}" is CREATE FAILED: ${reason}. ${fixFor(reason)} Then run ` +
      `\`pulumi up\` again: the failed ${kind} stays in the stack's state and is replaced.`,
    id,
    { ...properties, status: "CREATE FAILED", failureReason: reason },
    [reason],
  );
}

/** An in-place update Personalize accepted and then rejected (UpdateDataset, UpdateSolution, …). */
export function updateFailedError(
  kind: string,
  name: string,
  failureReason: string | undefined,
): Error {
  const reason = failureReason?.trim() || "Personalize gave no failure reason";
  return new Error(
    `Personalize ${kind} "${name}" update failed: ${reason}. ${fixFor(reason)} Then run \`pulumi up\` again.`,
  );
}
