/**
 * The partition, region and account of the provider a component's children use: looked up once per
 * component and passed to whatever builds ARNs, trust policies or key policies.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export interface AccountContext {
  readonly partition: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
  readonly accountId: pulumi.Output<string>;
}

/** Partition, region and account of the provider a component's children use. */
export function accountContext(parent: pulumi.Resource): AccountContext {
  const opts = { parent };
  return {
    partition: aws.getPartitionOutput({}, opts).partition,
    region: aws.getRegionOutput({}, opts).region,
    accountId: aws.getCallerIdentityOutput({}, opts).accountId,
  };
}
