/**
 * The Personalize client every provider method builds for itself. Dynamic providers are serialised
 * by closure and run in the engine's provider process, so a client must never be created at module
 * level or captured: each call builds one from the resource's own `region` and `assumeRoleArn`.
 */
import { PersonalizeClient } from "@aws-sdk/client-personalize";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

/** Where a resource lives and how to reach it: the same choices as the stack's AWS provider. */
export interface ProviderTarget {
  readonly region: string;
  readonly assumeRoleArn?: string;
}

/** Session name that shows in CloudTrail for every call the providers make. */
export const ROLE_SESSION_NAME = "reco-analytics-personalize";

/**
 * Attempts per API call. A deploy creates several Personalize resources at once and the control
 * plane throttles early; the SDK's standard mode retries those with jittered backoff.
 */
export const MAX_ATTEMPTS = 6;

export function personalizeClient(target: ProviderTarget): PersonalizeClient {
  return new PersonalizeClient({
    region: target.region,
    maxAttempts: MAX_ATTEMPTS,
    ...(target.assumeRoleArn
      ? { credentials: assumedRoleCredentials(target.region, target.assumeRoleArn) }
      : {}),
  });
}

/**
 * Credentials of `roleArn`, fetched on first use. The SDK refreshes them before `expiration`,
 * so a long wait for ACTIVE outlives a one-hour session safely.
 */
export function assumedRoleCredentials(region: string, roleArn: string) {
  return async () => {
    const sts = new STSClient({ region, maxAttempts: MAX_ATTEMPTS });
    const { Credentials: creds } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME }),
    );
    if (!creds?.AccessKeyId || !creds.SecretAccessKey) {
      throw new Error(
        `Assuming ${roleArn} returned no credentials. Fix: check that the role trusts the ` +
          `identity running \`pulumi up\` (sts:AssumeRole), or remove assumeRoleArn.`,
      );
    }
    return {
      accessKeyId: creds.AccessKeyId,
      secretAccessKey: creds.SecretAccessKey,
      sessionToken: creds.SessionToken,
      expiration: creds.Expiration,
    };
  };
}

/** The AWS partition of a region, for ARNs Personalize does not return (recipes). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** A client for the state the engine hands to read/delete; state always carries its region. */
export function clientForState(
  state: Partial<ProviderTarget> | undefined,
  id: string,
): PersonalizeClient {
  if (!state?.region) {
    throw new Error(
      `Personalize resource ${id} has no region in its state. Fix: declare it with the region ` +
        `argument (importing needs the same inputs as creating).`,
    );
  }
  return personalizeClient({ region: state.region, assumeRoleArn: state.assumeRoleArn });
}
