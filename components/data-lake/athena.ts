/**
 * The lake's Athena workgroup: engine v3, results SSE-KMS in the results bucket, CloudWatch
 * metrics, and a per-query scan cutoff, all enforced so a client cannot override them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export const ATHENA_ENGINE_VERSION = "Athena engine version 3";

export interface LakeWorkgroupArgs {
  readonly resultsBucketName: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly bytesScannedCutoffPerQuery: number;
  /** Delete saved queries with the workgroup (dev). */
  readonly forceDestroy: boolean;
}

export function createLakeWorkgroup(
  name: string,
  args: LakeWorkgroupArgs,
  parent: pulumi.Resource,
): aws.athena.Workgroup {
  return new aws.athena.Workgroup(
    `${name}-workgroup`,
    {
      description: "Analysts, dashboards and KPI jobs querying the behaviour-log lake",
      state: "ENABLED",
      forceDestroy: args.forceDestroy,
      configuration: {
        // Clients cannot choose an unencrypted output location or lift the scan cutoff.
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: args.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
        resultConfiguration: {
          outputLocation: pulumi.interpolate`s3://${args.resultsBucketName}/results/`,
          encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.kmsKeyArn },
        },
      },
    },
    { parent },
  );
}
