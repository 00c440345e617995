/**
 * The component's customer key: it encrypts the view table, the failed-batch queue and the log
 * groups (Lambda's or Flink's), so its policy lets CloudWatch Logs use it for this account's log
 * groups; every other use is granted by the roles' own IAM policies.
 */
import * as pulumi from "@pulumi/pulumi";
import { accountContext, cloudWatchLogsUseKey, keyPolicy } from "../shared/key-policy";
import { createKmsKey } from "../shared/kms";
import { ownOrSharedKeyArn } from "../shared/shared-key";

export function createRealtimeKey(
  name: string,
  deletionWindowInDays: number,
  opts: pulumi.CustomResourceOptions & { readonly parent: pulumi.Resource },
  /** The stack's shared key: when given, the component creates no key of its own. */
  sharedKmsKeyArn?: pulumi.Input<string>,
): pulumi.Output<string> {
  return ownOrSharedKeyArn(sharedKmsKeyArn, () => {
    const ctx = accountContext(opts.parent);
    return createKmsKey(
      name,
      {
        description: "Real-time view, its failed-batch queue and its logs",
        policy: keyPolicy(ctx, cloudWatchLogsUseKey(ctx)),
        deletionWindowInDays,
      },
      opts,
    ).key;
  });
}
