/**
 * Reliability: enough stream history to replay after an incident, failed records kept rather than
 * lost, poison batches isolated, and prod data stores that a destroy cannot delete.
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { TYPES } from "./util";

export const kinesisRetentionMinimum: ResourceValidationPolicy = {
  name: "kinesis-retention-minimum",
  description: "Checks whether Kinesis streams keep records at least as long as the tier requires.",
  configSchema: {
    properties: {
      minRetentionHours: { type: "integer", minimum: 24, maximum: 8760, default: 168 },
    },
  },
  validateResource: validateResourceOfType(aws.kinesis.Stream, (stream, args, report) => {
    const { minRetentionHours } = args.getConfig<{ minRetentionHours: number }>();
    const hours = stream.retentionPeriod ?? 24;
    if (hours < minRetentionHours) {
      report(
        `retentionPeriod is ${hours} hours; this tier needs at least ${minRetentionHours} so consumers can replay after an outage.`,
      );
    }
  }),
};

export const firehoseErrorPrefix: ResourceValidationPolicy = {
  name: "firehose-error-prefix",
  description: "Checks whether Firehose writes failed records under an error prefix by error type.",
  validateResource: validateResourceOfType(
    aws.kinesis.FirehoseDeliveryStream,
    (firehose, _args, report) => {
      const s3 = firehose.extendedS3Configuration;
      if (!s3) return;
      if (!s3.errorOutputPrefix) {
        report(
          'extendedS3Configuration.errorOutputPrefix is not set; set it, e.g. "failed/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/", so failed records are kept apart and never mixed with good data.',
        );
      } else if (!s3.errorOutputPrefix.includes("!{firehose:error-output-type}")) {
        report(
          `errorOutputPrefix ${JSON.stringify(s3.errorOutputPrefix)} does not include !{firehose:error-output-type}; add it so conversion and processing failures land apart.`,
        );
      }
    },
  ),
};

export const eventSourceMappingSafe: ResourceValidationPolicy = {
  name: "event-source-mapping-safe",
  description:
    "Checks whether stream event source mappings split failing batches, bound retries and record age, and keep failures on an on-failure destination.",
  validateResource: validateResourceOfType(
    aws.lambda.EventSourceMapping,
    (mapping, _args, report) => {
      // Only stream sources (Kinesis, DynamoDB Streams) have a starting position; Kafka sources
      // cannot bisect batches, so they are left out.
      const kafka = mapping.selfManagedEventSource || mapping.amazonManagedKafkaEventSourceConfig;
      if (!mapping.startingPosition || kafka) return;
      if (mapping.bisectBatchOnFunctionError !== true) {
        report(
          "bisectBatchOnFunctionError is not true; set it so one bad record cannot block its shard.",
        );
      }
      const retries = mapping.maximumRetryAttempts ?? -1;
      if (retries < 0) {
        report(
          "maximumRetryAttempts is unbounded (-1); set it (e.g. 3) so a failing batch does not retry until it expires.",
        );
      }
      const age = mapping.maximumRecordAgeInSeconds ?? -1;
      if (age < 0) {
        report(
          "maximumRecordAgeInSeconds is unbounded (-1); set it (e.g. 3600) so a stuck shard skips records to the on-failure destination instead of falling days behind.",
        );
      }
      if (!mapping.destinationConfig?.onFailure?.destinationArn) {
        report(
          "destinationConfig.onFailure.destinationArn is not set; send discarded batches to an encrypted SQS queue so nothing is lost silently.",
        );
      }
    },
  ),
};

export const prodStatefulProtected: ResourceValidationPolicy = {
  name: "prod-stateful-protected",
  description:
    "Checks whether stateful resources (buckets, streams, tables, keys, catalogue tables, queues, log groups, topics) are protected from deletion.",
  configSchema: {
    properties: {
      statefulTypes: {
        type: "array",
        items: { type: "string" },
        default: [
          ...TYPES.bucket,
          TYPES.kinesisStream,
          "aws:dynamodb/table:Table",
          "aws:kms/key:Key",
          TYPES.glueDatabase,
          // Dropping one of these loses data too: a table's schema and partitions, a queue's
          // failed-batch pointers, a log group's audit trail, a topic's subscriptions.
          TYPES.glueTable,
          "aws:sqs/queue:Queue",
          "aws:cloudwatch/logGroup:LogGroup",
          "aws:sns/topic:Topic",
        ],
      },
    },
  },
  validateResource: (args, report) => {
    const { statefulTypes } = args.getConfig<{ statefulTypes: string[] }>();
    if (!statefulTypes.includes(args.type)) return;
    // The engine tells analyzers `protect` but not `retainOnDelete`; components set both.
    if (!args.opts.protect) {
      report(
        "protect is not set; set protect: true (and retainOnDelete: true) so a destroy or a rename cannot delete its data.",
      );
    }
    if (
      (TYPES.bucket as readonly string[]).includes(args.type) &&
      args.props.forceDestroy === true
    ) {
      report("forceDestroy is true; a protected tier must never empty a bucket on delete.");
    }
  },
};

export const dynamodbTableRecoverable: ResourceValidationPolicy = {
  name: "dynamodb-table-recoverable",
  description:
    "Checks whether DynamoDB tables keep point-in-time recovery and deletion protection on.",
  validateResource: validateResourceOfType(aws.dynamodb.Table, (table, _args, report) => {
    if (table.pointInTimeRecovery?.enabled !== true) {
      report(
        "pointInTimeRecovery.enabled is not true; turn it on so a bad write or a buggy deploy can be rolled back to any second of the last 35 days.",
      );
    }
    if (table.deletionProtectionEnabled !== true) {
      report(
        "deletionProtectionEnabled is not true; turn it on so the table cannot be deleted by an API call or a replaced resource.",
      );
    }
  }),
};

export const reliabilityPolicies = [
  kinesisRetentionMinimum,
  firehoseErrorPrefix,
  eventSourceMappingSafe,
  prodStatefulProtected,
  dynamodbTableRecoverable,
];
