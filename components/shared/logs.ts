/**
 * CloudWatch log groups: always with a retention (never-expiring logs are a silent cost), and
 * encrypted with a customer key where the tier asks for it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface LogGroupArgs {
  /**
   * Full log group name. Prefer `namePrefix`: a fixed name collides when two stacks share an
   * account.
   */
  readonly name?: pulumi.Input<string>;
  /** Prefix to which Pulumi appends a unique suffix, e.g. `/aws/lambda/<function>-`. */
  readonly namePrefix?: pulumi.Input<string>;
  readonly retentionInDays: number;
  /** Customer-managed key; without it CloudWatch encrypts with its own key. */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/**
 * Options of a child whose loss loses data (a table, a queue of pointers, a log group, a topic):
 * protected from deletion, and kept by AWS when Pulumi drops it, when the tier protects data.
 */
export function statefulOpts(
  parent: pulumi.Resource,
  protectData: boolean,
): pulumi.CustomResourceOptions {
  return protectData ? { parent, protect: true, retainOnDelete: true } : { parent };
}

export function createLogGroup(
  name: string,
  args: LogGroupArgs,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    name,
    {
      ...(args.name !== undefined ? { name: args.name } : {}),
      ...(args.namePrefix !== undefined ? { namePrefix: args.namePrefix } : {}),
      retentionInDays: args.retentionInDays,
      ...(args.kmsKeyArn ? { kmsKeyId: args.kmsKeyArn } : {}),
    },
    opts,
  );
}
