/**
 * The real-time view's DynamoDB table (key design in README.md and view/keys.ts). On-demand:
 * writes come in per-minute bursts and reads follow dashboards, so provisioned capacity would sit
 * idle most of the time.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MINUTE_INDEX, TTL_ATTRIBUTE } from "./view/keys";

export interface ViewTableArgs {
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Point-in-time recovery and deletion protection. */
  readonly durable: boolean;
}

export function createViewTable(
  name: string,
  args: ViewTableArgs,
  opts: pulumi.CustomResourceOptions,
): aws.dynamodb.Table {
  return new aws.dynamodb.Table(
    name,
    {
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      rangeKey: "sk",
      attributes: [
        { name: "pk", type: "S" },
        { name: "sk", type: "S" },
        { name: "minute", type: "S" },
      ],
      globalSecondaryIndexes: [
        {
          // Sparse: only channel rows carry `minute`, so one Query lists every channel of a minute.
          name: MINUTE_INDEX,
          keySchemas: [
            { attributeName: "minute", keyType: "HASH" },
            { attributeName: "pk", keyType: "RANGE" },
          ],
          projectionType: "ALL",
        },
      ],
      ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
      pointInTimeRecovery: { enabled: args.durable },
      deletionProtectionEnabled: args.durable,
    },
    opts,
  );
}
