/**
 * The Flink engine: a Managed Service for Apache Flink application running the PyFlink job in
 * flink/ (Flink SQL over the stream, written to the view through the DynamoDB connector).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountContext } from "../shared/account-context";
import type { StreamRefs } from "../shared/contracts";
import type { KafkaRefs } from "../shared/kafka-contracts";
import { flinkKafkaStatements, kafkaPropertyGroup } from "./flink-kafka";
import { PolicyStatement, assumeRolePolicy, policyDocument } from "../shared/iam";
import { createLogGroup, statefulOpts } from "../shared/logs";
import { readStreamStatements } from "../shared/service-statements";
import type { WorkloadProfile } from "../shared/workload";
import type { ResolvedArgs } from "./args";
import { flinkSizing } from "./sizing";
// The one contract between this stack, the zip (package.py) and the job (main.py).
import application from "./flink/application.json";
import { flinkPackageCommand } from "./package-command";

/** The newest Flink runtime @pulumi/aws 7.48 accepts; the tests run the job on the same minor. */
export const FLINK_RUNTIME = application.runtimeEnvironment;
/** Property group main.py reads its placeholders from. */
export const VIEW_PROPERTY_GROUP = application.view.propertyGroupId;
/** Managed Flink's `jarfile` takes one JAR: package.py merges the connectors into it. */
export const CONNECTORS_JAR = application.runOptions.jarfile;
/** The group naming the Python entry and the JAR, as Managed Flink reads it from the zip. */
export const RUN_OPTIONS = application.runOptions;
/** A minute between checkpoints matches the window length: a restart replays at most a window. */
export const CHECKPOINT_INTERVAL_MS = 60_000;

export interface FlinkEngineArgs {
  readonly settings: ResolvedArgs;
  readonly workload: WorkloadProfile;
  readonly stream: StreamRefs;
  /** Also read the MSK store's topic, from inside its VPC. */
  readonly kafka?: KafkaRefs;
  readonly table: aws.dynamodb.Table;
  readonly viewKeyArn: pulumi.Input<string>;
  readonly artifactsBucket?: {
    readonly name: pulumi.Input<string>;
    readonly arn: pulumi.Input<string>;
    /**
     * Customer key the bucket encrypts objects with (DataLake's `kmsKeyArn`): the application's
     * role may decrypt its code with it, through S3 only. @default none (an SSE-S3 bucket)
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
  };
}

export interface FlinkEngine {
  readonly application: aws.kinesisanalyticsv2.Application;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

/** The zip's location in S3: uploaded now (keyed by its content) or already there. */
function artifactLocation(name: string, args: FlinkEngineArgs, parent: pulumi.Resource) {
  const artifact = args.settings.flinkArtifact;
  if (artifact.kind === "s3") {
    const bucketArn = `arn:aws:s3:::${artifact.bucket}`;
    return {
      bucketArn: pulumi.output(bucketArn),
      fileKey: pulumi.output(artifact.key),
      objectArn: `${bucketArn}/${artifact.key}`,
    };
  }
  if (artifact.kind === "unbuilt") {
    pulumi.log.warn(
      `the Flink application zip ${artifact.path} is not built; this preview shows the upload with ` +
        `the job's sources only. Run "${flinkPackageCommand()}" (it fetches the connector JARs) before "pulumi up".`,
      parent,
    );
  }
  // The key changes with the content, so a new zip is a new fileKey and Managed Flink reloads it.
  const digest =
    artifact.kind === "file"
      ? createHash("sha256").update(fs.readFileSync(artifact.path)).digest("hex").slice(0, 16)
      : "unbuilt";
  const source =
    artifact.kind === "file"
      ? new pulumi.asset.FileAsset(artifact.path)
      : new pulumi.asset.AssetArchive(
          Object.fromEntries(
            application.appFiles.map((file) => [
              file,
              new pulumi.asset.FileAsset(path.join(__dirname, "flink", file)),
            ]),
          ),
        );
  const bucket = args.artifactsBucket!;
  const object = new aws.s3.BucketObjectv2(
    `${name}-artifact`,
    {
      bucket: bucket.name,
      key: `flink/${name}/realtime-flink-${digest}.zip`,
      source,
      contentType: "application/zip",
    },
    { parent },
  );
  return {
    bucketArn: pulumi.output(bucket.arn),
    fileKey: object.key,
    objectArn: pulumi.interpolate`${bucket.arn}/${object.key}`,
  };
}

export function createFlinkEngine(
  name: string,
  args: FlinkEngineArgs,
  parent: pulumi.Resource,
): FlinkEngine {
  const opts = { parent };
  const { settings } = args;
  const ctx = accountContext(parent);
  const location = artifactLocation(name, args, parent);

  const logGroup = createLogGroup(
    `${name}-logs`,
    {
      // Stack in the name: log group names are unique per account and region, stacks may share one.
      name: `/aws/kinesis-analytics/${pulumi.getProject()}-${pulumi.getStack()}/${name}`,
      retentionInDays: settings.logRetentionDays,
      kmsKeyArn: args.viewKeyArn,
    },
    statefulOpts(parent, settings.protectData),
  );
  const logStream = new aws.cloudwatch.LogStream(
    `${name}-log-stream`,
    { name: "application", logGroupName: logGroup.name },
    opts,
  );

  const statements: PolicyStatement[] = [
    ...readStreamStatements(args.stream),
    ...(args.kafka ? flinkKafkaStatements(args.kafka, ctx.region, ctx.accountId) : []),
    {
      Sid: "WriteView",
      Action: ["dynamodb:DescribeTable", "dynamodb:BatchWriteItem", "dynamodb:PutItem"],
      Resource: [args.table.arn],
    },
    {
      Sid: "UseViewKeyThroughDynamoDB",
      Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
      Resource: [args.viewKeyArn],
      Condition: {
        StringEquals: {
          "kms:ViaService": pulumi.interpolate`dynamodb.${ctx.region}.amazonaws.com`,
        },
      },
    },
    {
      Sid: "ReadApplicationCode",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: [location.objectArn],
    },
    // Managed Flink reads the zip with this role: an SSE-KMS object needs the bucket's key too.
    ...(args.artifactsBucket?.kmsKeyArn
      ? [
          {
            Sid: "DecryptApplicationCode",
            Action: ["kms:Decrypt"],
            Resource: [args.artifactsBucket.kmsKeyArn],
            Condition: {
              StringEquals: {
                "kms:ViaService": pulumi.interpolate`s3.${ctx.region}.amazonaws.com`,
              },
            },
          },
        ]
      : []),
    {
      // DescribeLogGroups has no resource-level permissions: "*" is the only Resource it matches.
      Sid: "FindLogGroup",
      Action: ["logs:DescribeLogGroups"],
      Resource: ["*"],
    },
    {
      Sid: "FindLogStream",
      Action: ["logs:DescribeLogStreams"],
      Resource: [pulumi.interpolate`${logGroup.arn}:log-stream:*`],
    },
    { Sid: "WriteLogs", Action: ["logs:PutLogEvents"], Resource: [logStream.arn] },
  ];
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      description: `Service execution role of ${name}`,
      assumeRolePolicy: assumeRolePolicy("kinesisanalytics.amazonaws.com", ctx.accountId),
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-policy`,
    { role: role.id, policy: policyDocument(statements) },
    opts,
  );

  const sizing = flinkSizing(args.workload);
  const durable = settings.tier === "prod";
  const application = new aws.kinesisanalyticsv2.Application(
    name,
    {
      description:
        "Real-time KPIs: impressions, clicks and CTR per channel per minute; trending items",
      runtimeEnvironment: FLINK_RUNTIME,
      applicationMode: "STREAMING",
      serviceExecutionRole: role.arn,
      startApplication: true,
      applicationConfiguration: {
        applicationCodeConfiguration: {
          codeContentType: "ZIPFILE",
          codeContent: {
            s3ContentLocation: { bucketArn: location.bucketArn, fileKey: location.fileKey },
          },
        },
        // Snapshots keep window state across updates and restarts; dev restarts from the stream.
        applicationSnapshotConfiguration: { snapshotsEnabled: durable },
        runConfiguration: {
          applicationRestoreConfiguration: {
            applicationRestoreType: durable
              ? "RESTORE_FROM_LATEST_SNAPSHOT"
              : "SKIP_RESTORE_FROM_SNAPSHOT",
          },
          flinkRunConfiguration: { allowNonRestoredState: false },
        },
        environmentProperties: {
          propertyGroups: [
            {
              propertyGroupId: RUN_OPTIONS.propertyGroupId,
              propertyMap: { python: RUN_OPTIONS.python, jarfile: RUN_OPTIONS.jarfile },
            },
            ...(args.kafka ? [kafkaPropertyGroup(args.kafka)] : []),
            {
              propertyGroupId: VIEW_PROPERTY_GROUP,
              propertyMap: {
                stream_arn: args.stream.streamArn,
                region: ctx.region,
                table_name: args.table.name,
                lateness_seconds: String(settings.latenessSeconds),
                retention_seconds: String(settings.retentionSeconds),
                top_n: String(settings.trendingTopN),
              },
            },
          ],
        },
        // In the store's VPC, the application reaches the brokers; S3 and DynamoDB through the
        // VPC's gateway endpoints (no NAT).
        ...(args.kafka
          ? {
              vpcConfiguration: {
                subnetIds: args.kafka.subnetIds,
                securityGroupIds: [args.kafka.clientSecurityGroupId],
              },
            }
          : {}),
        flinkApplicationConfiguration: {
          checkpointConfiguration: {
            configurationType: "CUSTOM",
            checkpointingEnabled: true,
            checkpointInterval: CHECKPOINT_INTERVAL_MS,
            minPauseBetweenCheckpoints: 5_000,
          },
          // TASK level publishes busy and back-pressure time per task for diagnosis.
          monitoringConfiguration: {
            configurationType: "CUSTOM",
            logLevel: durable ? "WARN" : "INFO",
            metricsLevel: "TASK",
          },
          parallelismConfiguration: {
            configurationType: "CUSTOM",
            parallelism: sizing.parallelism,
            parallelismPerKpu: sizing.parallelismPerKpu,
            autoScalingEnabled: true,
          },
        },
      },
      cloudwatchLoggingOptions: { logStreamArn: logStream.arn },
    },
    // The role must be able to read the code and the stream before the application starts.
    { parent, dependsOn: [policy] },
  );
  return { application, role, logGroup };
}
