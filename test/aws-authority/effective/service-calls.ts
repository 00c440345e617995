/**
 * The calls AWS services make with the roles the stack gives them, read from the resources that
 * configure them and from each service's documented needs: Firehose (reading an encrypted stream,
 * converting with Glue, invoking the transform, writing SSE-KMS objects, logging), Managed Flink
 * (its code, its Kinesis source and DynamoDB sink, its logs), EventBridge Scheduler, Personalize,
 * QuickSight, and the producer role web servers assume.
 */
import type { PlanResource } from "../../../offline/plan";
import { LAKE_PREFIXES } from "../../../components/shared/contracts";
import { athenaQueryCalls, athenaResultReadCalls } from "./athena-calls";
import { Call, call, keyCalls, objectCalls, streamReadCalls } from "./calls";
import { PlanIndex } from "./plan-index";
import { sdkCommandsOf } from "./sdk-commands";
import { actionOfCommand } from "./command-actions";
import { tasksOf } from "./state-machine-calls";
import { mskSourceCalls, searchDeliveryCalls } from "./store-calls";

/** The literal part of a Firehose prefix, before its first `!{…}` expression. */
const literalOf = (prefix: string) => prefix.split("!{")[0];

/** Firehose: "Controlling access with Amazon Data Firehose" (Kinesis source, S3, Glue, Lambda, logs). */
export function firehoseCalls(ix: PlanIndex, delivery: PlanResource): Call[] {
  if (delivery.inputs.opensearchserverlessConfiguration) return searchDeliveryCalls(ix, delivery);
  const s3 = delivery.inputs.extendedS3Configuration;
  const principal = String(s3.roleArn);
  const origin = `${delivery.name}: Firehose`;
  const calls: Call[] = delivery.inputs.mskSourceConfiguration ? mskSourceCalls(delivery) : [];
  const source = delivery.inputs.kinesisSourceConfiguration;
  if (source) {
    calls.push(
      ...streamReadCalls(
        ix,
        String(source.roleArn),
        origin,
        source.kinesisStreamArn,
        ix.keyOf(source.kinesisStreamArn),
        "firehose",
      ),
    );
  }
  const bucket = String(s3.bucketArn).slice("arn:aws:s3:::".length);
  calls.push(
    ...["GetBucketLocation", "ListBucket", "ListBucketMultipartUploads"].map((a) =>
      call(principal, `s3:${a}`, String(s3.bucketArn), origin),
    ),
  );
  for (const prefix of [s3.prefix, s3.errorOutputPrefix].filter(Boolean).map(literalOf)) {
    const key = `${prefix}2026-12-01/part-0.parquet`;
    calls.push(...objectCalls(ix, principal, origin, bucket, key, "multipart-write"));
    calls.push(call(principal, "s3:GetObject", `${s3.bucketArn}/${key}`, origin));
    calls.push(call(principal, "s3:AbortMultipartUpload", `${s3.bucketArn}/${key}`, origin));
  }
  const schema = s3.dataFormatConversionConfiguration?.schemaConfiguration;
  if (schema) {
    const table = ix.glueTable(schema.databaseName, schema.tableName)!;
    for (const arn of [
      ix.arn("glue", "catalog"),
      ix.arn("glue", `database/${schema.databaseName}`),
      table.arn,
    ]) {
      for (const action of ["GetTable", "GetTableVersion", "GetTableVersions"]) {
        calls.push(
          call(String(schema.roleArn), `glue:${action}`, arn, `${origin} format conversion`),
        );
      }
    }
  }
  for (const processor of s3.processingConfiguration?.processors ?? []) {
    const lambdaArn = processor.parameters.find(
      (p: any) => p.parameterName === "LambdaArn",
    )?.parameterValue;
    for (const action of ["InvokeFunction", "GetFunctionConfiguration"]) {
      calls.push(call(principal, `lambda:${action}`, String(lambdaArn), `${origin} transform`));
    }
  }
  const logs = s3.cloudwatchLoggingOptions;
  if (logs?.enabled) {
    const stream = ix.arn(
      "logs",
      `log-group:${logs.logGroupName}:log-stream:${logs.logStreamName}`,
    );
    calls.push(call(principal, "logs:PutLogEvents", stream, `${origin} error logging`));
  }
  return calls;
}

/** Managed Flink: its code, the job's Kinesis source and DynamoDB sink, its logs. */
export function flinkCalls(ix: PlanIndex, app: PlanResource): Call[] {
  const principal = String(app.inputs.serviceExecutionRole);
  const origin = `${app.name}: Managed Flink`;
  const config = app.inputs.applicationConfiguration;
  const code = config.applicationCodeConfiguration.codeContent.s3ContentLocation;
  const groups = config.environmentProperties.propertyGroups as {
    propertyGroupId: string;
    propertyMap: Record<string, string>;
  }[];
  const job = groups.find((g) => g.propertyMap.stream_arn)!.propertyMap;
  const table = ix.arnFor(job.table_name)!;
  const logStream = String(app.inputs.cloudwatchLoggingOptions.logStreamArn);
  return [
    ...objectCalls(
      ix,
      principal,
      origin,
      code.bucketArn.slice("arn:aws:s3:::".length),
      code.fileKey,
      "read",
    ),
    ...streamReadCalls(
      ix,
      principal,
      `${origin} Kinesis source`,
      job.stream_arn,
      ix.keyOf(job.stream_arn),
      "flink",
    ),
    ...["DescribeTable", "BatchWriteItem"].map((a) =>
      call(principal, `dynamodb:${a}`, table, `${origin} DynamoDB sink`),
    ),
    ...keyCalls(ix, principal, `${origin} DynamoDB sink`, ix.keyOf(table), ["decrypt"], "dynamodb"),
    call(principal, "logs:DescribeLogGroups", "*", `${origin} logging`),
    call(
      principal,
      "logs:DescribeLogStreams",
      logStream.replace(/:log-stream:.*$/, ":log-stream:*"),
      `${origin} logging`,
    ),
    call(principal, "logs:PutLogEvents", logStream, `${origin} logging`),
  ];
}

/** EventBridge Scheduler: starts its target and dead-letters what it cannot deliver. */
export function schedulerCalls(ix: PlanIndex, schedule: PlanResource): Call[] {
  const target = schedule.inputs.target;
  const principal = String(target.roleArn);
  const origin = `${schedule.name}: Scheduler`;
  const dlq = target.deadLetterConfig?.arn as string | undefined;
  return [
    call(principal, "states:StartExecution", String(target.arn), origin),
    ...(dlq
      ? [
          call(principal, "sqs:SendMessage", dlq, `${origin} dead letter`),
          ...keyCalls(
            ix,
            principal,
            `${origin} dead letter`,
            ix.keyOf(dlq),
            ["encrypt", "decrypt"],
            "sqs",
          ),
        ]
      : []),
  ];
}

/**
 * Personalize with its role: reading each import job's files (the pipeline writes them under the
 * lake's imports prefix), the dataset group's key, attribution metrics.
 */
export function personalizeCalls(ix: PlanIndex, lakeBucket: string): Call[] {
  const calls: Call[] = [];
  for (const sm of ix.ofType("aws:sfn/stateMachine:StateMachine")) {
    for (const task of tasksOf(JSON.parse(sm.inputs.definition).States)) {
      if (!task.Resource.endsWith(":personalize:createDatasetImportJob")) continue;
      const principal = String((task.Parameters ?? task.Arguments)!.RoleArn);
      const origin = `${sm.name}: ${task.path}: Personalize imports`;
      const key = `${LAKE_PREFIXES.personalizeImports}run-0123/interactions.csv`;
      calls.push(
        call(principal, "s3:ListBucket", `arn:aws:s3:::${lakeBucket}`, origin, {
          "s3:prefix": key,
        }),
      );
      calls.push(...objectCalls(ix, principal, origin, lakeBucket, key, "read"));
    }
  }
  for (const group of ix.ofType("pulumi-nodejs:dynamic/personalize:DatasetGroup")) {
    if (!group.inputs.kmsKeyArn || !group.inputs.roleArn) continue;
    const principal = String(group.inputs.roleArn);
    for (const action of ["Decrypt", "GenerateDataKey", "DescribeKey"]) {
      calls.push(
        call(
          principal,
          `kms:${action}`,
          String(group.inputs.kmsKeyArn),
          `${group.name}: Personalize dataset group key`,
        ),
      );
    }
  }
  for (const attribution of ix.ofType("pulumi-nodejs:dynamic/personalize:MetricAttribution")) {
    calls.push(
      call(
        String(attribution.inputs.roleArn),
        "cloudwatch:PutMetricData",
        "*",
        `${attribution.name}: Personalize metric attribution`,
      ),
    );
  }
  return calls;
}

/** QuickSight with its Athena role: the datasets' tables through the data source's workgroup. */
export function quicksightCalls(ix: PlanIndex): Call[] {
  return ix.ofType("aws:quicksight/dataSource:DataSource").flatMap((source) => {
    const athena = source.inputs.parameters.athena;
    const principal = String(athena.roleArn);
    const sourceArn = ix.arnOf(source);
    return ix
      .ofType("aws:quicksight/dataSet:DataSet")
      .flatMap((set) => (set.inputs.physicalTableMaps as any[]).map((t) => ({ set, t })))
      .filter(({ t }) => t.relationalTable?.dataSourceArn === sourceArn)
      .flatMap(({ set, t }) => {
        const sql = `SELECT * FROM "${t.relationalTable.schema}"."${t.relationalTable.name}"`;
        const origin = `${set.name}: QuickSight direct query`;
        return [
          ...athenaQueryCalls(
            ix,
            principal,
            origin,
            { QueryString: sql, WorkGroup: athena.workGroup },
            "",
          ),
          ...athenaResultReadCalls(ix, principal, origin, [athena.workGroup]),
        ];
      });
  });
}

/** The role web servers assume to run the producer: what the producer's code sends. */
export function producerCalls(
  ix: PlanIndex,
  role: PlanResource,
  streamArn: string,
  root: string,
): Call[] {
  const principal = ix.arnOf(role);
  return sdkCommandsOf("components/stream-ingestion/producer/index.ts", root).flatMap((command) => {
    const origin = `producer: ${command.command} in ${command.file}`;
    return [
      call(principal, actionOfCommand(command).action, streamArn, origin),
      ...keyCalls(ix, principal, origin, ix.keyOf(streamArn), ["encrypt"], "kinesis"),
    ];
  });
}
