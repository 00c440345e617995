/**
 * Encryption at rest: every store of behaviour data (stream, delivery stream, lake, catalogue,
 * query results, queues, tables, logs, Personalize datasets) is encrypted, with customer-managed
 * keys where the tier asks for them, and those keys rotate.
 */
import * as aws from "@pulumi/aws";
import {
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { TYPES, attachedTo, bucketsOf, forEachKnown, isDynamicResource, label } from "./util";

export const kinesisStreamEncrypted: ResourceValidationPolicy = {
  name: "kinesis-stream-encrypted",
  description: "Checks whether Kinesis data streams are encrypted at rest with KMS.",
  validateResource: validateResourceOfType(aws.kinesis.Stream, (stream, _args, report) => {
    if (stream.encryptionType !== "KMS") {
      report(
        `encryptionType is ${JSON.stringify(stream.encryptionType ?? "NONE")}; it must be "KMS" with kmsKeyId set to a customer-managed key.`,
      );
    } else if (!stream.kmsKeyId) {
      report(
        `encryptionType is "KMS" but kmsKeyId is not set; set it to a customer-managed key ARN.`,
      );
    }
  }),
};

/**
 * Firehose cannot apply its own server-side encryption when it reads from a Kinesis stream: the
 * data is protected by the source stream's encryption, so that is what this policy checks there.
 */
export const firehoseEncrypted: StackValidationPolicy = {
  name: "firehose-encrypted",
  description:
    "Checks whether Firehose delivery streams enable server-side encryption or read from a KMS-encrypted Kinesis stream.",
  configSchema: {
    properties: {
      externalEncryptedStreams: {
        type: "array",
        items: { type: "string", pattern: "^arn:aws[a-z-]*:kinesis:" },
        default: [],
        description:
          "ARNs of source streams outside the stack whose owners have confirmed KMS encryption.",
      },
    },
  },
  validateStack: (args, report) => {
    const { externalEncryptedStreams } = args.getConfig<{ externalEncryptedStreams: string[] }>();
    forEachKnown(
      args.resources.filter((r) => r.type === TYPES.firehose),
      (firehose) => {
        const sse = firehose.props.serverSideEncryption?.enabled === true;
        const source = firehose.props.kinesisSourceConfiguration;
        if (source && sse) {
          report(
            `${label(firehose)} reads a Kinesis stream and enables serverSideEncryption, which Firehose accepts only for Direct PUT sources; remove serverSideEncryption and encrypt the source stream with KMS instead.`,
            firehose.urn,
          );
          return;
        }
        if (sse) return;
        // An MSK source cannot take Firehose SSE either; the cluster's own encryption (always on
        // for Serverless, a customer key for provisioned) is msk-cluster-iam-tls's to check.
        if (firehose.props.mskSourceConfiguration) return;
        if (!source) {
          report(
            `${label(firehose)} must set serverSideEncryption { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn }.`,
            firehose.urn,
          );
          return;
        }
        const streams = args.resources.filter((r) => r.type === TYPES.kinesisStream);
        const stream =
          firehose.dependencies.find((d) => d.type === TYPES.kinesisStream) ??
          streams.find((s) => s.props.arn === source.kinesisStreamArn);
        // Fail closed: a stream adopted from outside the stack cannot be seen, so it must be vouched for.
        if (!stream && !externalEncryptedStreams.includes(source.kinesisStreamArn)) {
          report(
            `${label(firehose)} reads ${source.kinesisStreamArn}, a stream outside this stack, so its encryption cannot be verified here; create the stream in this stack, or list its ARN in firehose-encrypted.externalEncryptedStreams in the stack's policy pack config once its owner confirms KMS encryption.`,
            firehose.urn,
          );
        } else if (stream && stream.props.encryptionType !== "KMS") {
          report(
            `${label(firehose)} reads ${label(stream)}, which is not KMS-encrypted; Firehose cannot add its own encryption to a Kinesis source, so the stream must set encryptionType "KMS".`,
            firehose.urn,
          );
        }
      },
    );
  },
};

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

export const s3BucketSseKms: StackValidationPolicy = {
  name: "s3-bucket-sse-kms",
  description:
    "Checks whether every S3 bucket has default encryption with SSE-KMS (aws:kms) and S3 Bucket Keys.",
  configSchema: {
    properties: {
      requireBucketKey: {
        type: "boolean",
        default: true,
        description: "Bucket Keys cut KMS request charges by up to 99% for SSE-KMS buckets.",
      },
    },
  },
  validateStack: (args, report) => {
    const { requireBucketKey } = args.getConfig<{ requireBucketKey: boolean }>();
    forEachKnown(bucketsOf(args.resources), (bucket) => {
      const rules: any[] = [
        ...attachedTo(bucket, args.resources, TYPES.bucketSse).flatMap((c) => c.props.rules ?? []),
        ...(bucket.props.serverSideEncryptionConfiguration?.rule
          ? [bucket.props.serverSideEncryptionConfiguration.rule]
          : []),
      ];
      if (rules.length === 0) {
        report(
          `${label(bucket)} has no aws.s3.BucketServerSideEncryptionConfiguration; add one with sseAlgorithm "aws:kms", a kmsMasterKeyId and bucketKeyEnabled true.`,
          bucket.urn,
        );
        return;
      }
      const algorithms = rules.map((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm);
      if (!algorithms.some((a) => KMS_ALGORITHMS.includes(a))) {
        report(
          `${label(bucket)} encrypts with ${JSON.stringify(algorithms[0] ?? "none")}; sseAlgorithm must be "aws:kms" with a customer-managed kmsMasterKeyId.`,
          bucket.urn,
        );
      } else if (requireBucketKey && !rules.some((r) => r.bucketKeyEnabled === true)) {
        report(
          `${label(bucket)} uses SSE-KMS without S3 Bucket Keys; set bucketKeyEnabled true so every object write is not a KMS request.`,
          bucket.urn,
        );
      }
    });
  },
};

export const athenaWorkgroupEncryptedEnforced: ResourceValidationPolicy = {
  name: "athena-workgroup-encrypted-enforced",
  description:
    "Checks whether Athena workgroups encrypt query results with KMS and enforce the workgroup configuration.",
  validateResource: validateResourceOfType(aws.athena.Workgroup, (wg, _args, report) => {
    const config = wg.configuration;
    // The provider defaults enforceWorkgroupConfiguration to true; only an explicit false opts out.
    if (config?.enforceWorkgroupConfiguration === false) {
      report(
        "configuration.enforceWorkgroupConfiguration is false; it must be true so clients cannot override result encryption or the scan cutoff.",
      );
    }
    const option = config?.resultConfiguration?.encryptionConfiguration?.encryptionOption;
    if (option !== "SSE_KMS" && option !== "CSE_KMS") {
      report(
        `query results are encrypted with ${JSON.stringify(option ?? "nothing")}; set configuration.resultConfiguration.encryptionConfiguration { encryptionOption: "SSE_KMS", kmsKeyArn }.`,
      );
    }
  }),
};

export const glueCatalogEncrypted: StackValidationPolicy = {
  name: "glue-catalog-encrypted",
  description:
    "Checks whether a stack with Glue databases or tables encrypts the Data Catalog and connection passwords with KMS.",
  validateStack: (args, report) => {
    const catalog = args.resources.filter(
      (r) => r.type === TYPES.glueDatabase || r.type === TYPES.glueTable,
    );
    if (catalog.length === 0) return;
    const settings = args.resources.filter((r) => r.type === TYPES.glueEncryption);
    const encrypted = settings.map((s) => s.props.dataCatalogEncryptionSettings);
    const first = catalog[0];
    if (encrypted.length === 0) {
      report(
        `${label(first)} is in a Data Catalog without encryption; add aws.glue.DataCatalogEncryptionSettings with encryptionAtRest.catalogEncryptionMode "SSE-KMS" and connectionPasswordEncryption.`,
        first.urn,
      );
      return;
    }
    if (
      !encrypted.some((e) =>
        String(e?.encryptionAtRest?.catalogEncryptionMode).startsWith("SSE-KMS"),
      )
    ) {
      report(
        `Data Catalog encryptionAtRest.catalogEncryptionMode is ${JSON.stringify(encrypted[0]?.encryptionAtRest?.catalogEncryptionMode)}; it must be "SSE-KMS" with sseAwsKmsKeyId.`,
        settings[0].urn,
      );
    }
    if (
      !encrypted.some(
        (e) => e?.connectionPasswordEncryption?.returnConnectionPasswordEncrypted === true,
      )
    ) {
      report(
        "Data Catalog connectionPasswordEncryption.returnConnectionPasswordEncrypted must be true with awsKmsKeyId set.",
        settings[0].urn,
      );
    }
  },
};

export const snsTopicEncrypted: ResourceValidationPolicy = {
  name: "sns-topic-encrypted",
  description: "Checks whether SNS topics are encrypted with a KMS key.",
  validateResource: validateResourceOfType(aws.sns.Topic, (topic, _args, report) => {
    if (!topic.kmsMasterKeyId) {
      report("kmsMasterKeyId is not set; SNS topics are unencrypted by default, so set a KMS key.");
    }
  }),
};

const requireCmkSchema = {
  properties: {
    requireCustomerManagedKey: {
      type: "boolean" as const,
      default: true,
      description: "Require a customer-managed KMS key rather than the service-owned key.",
    },
  },
};

export const sqsQueueEncrypted: ResourceValidationPolicy = {
  name: "sqs-queue-encrypted",
  description: "Checks whether SQS queues (dead-letter queues included) are encrypted at rest.",
  configSchema: requireCmkSchema,
  validateResource: validateResourceOfType(aws.sqs.Queue, (queue, args, report) => {
    const { requireCustomerManagedKey } = args.getConfig<{ requireCustomerManagedKey: boolean }>();
    if (queue.kmsMasterKeyId) return;
    if (requireCustomerManagedKey) {
      report(
        "kmsMasterKeyId is not set; failed records are behaviour data, so encrypt the queue with a customer-managed KMS key.",
      );
    } else if (queue.sqsManagedSseEnabled === false) {
      report("sqsManagedSseEnabled is false and no kmsMasterKeyId is set; enable one of them.");
    }
  }),
};

export const dynamodbTableEncrypted: ResourceValidationPolicy = {
  name: "dynamodb-table-encrypted",
  description: "Checks whether DynamoDB tables are encrypted with a customer-managed KMS key.",
  configSchema: requireCmkSchema,
  validateResource: validateResourceOfType(aws.dynamodb.Table, (table, args, report) => {
    const { requireCustomerManagedKey } = args.getConfig<{ requireCustomerManagedKey: boolean }>();
    // Without this block DynamoDB still encrypts, with an AWS-owned key no one can audit.
    if (
      requireCustomerManagedKey &&
      !(table.serverSideEncryption?.enabled && table.serverSideEncryption.kmsKeyArn)
    ) {
      report(
        "serverSideEncryption must be { enabled: true, kmsKeyArn } with a customer-managed key.",
      );
    }
  }),
};

export const cloudwatchLogGroupKms: ResourceValidationPolicy = {
  name: "cloudwatch-log-group-kms",
  description:
    "Checks whether CloudWatch log groups are encrypted with a customer-managed KMS key.",
  validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, _args, report) => {
    if (!group.kmsKeyId) {
      report(
        "kmsKeyId is not set; logs can hold event payloads, so encrypt the group with a customer-managed key.",
      );
    }
  }),
};

export const kmsKeyRotation: ResourceValidationPolicy = {
  name: "kms-key-rotation",
  description: "Checks whether symmetric customer-managed KMS keys rotate automatically.",
  validateResource: validateResourceOfType(aws.kms.Key, (key, _args, report) => {
    const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
    // AWS supports automatic rotation only for symmetric encryption keys.
    if (spec === "SYMMETRIC_DEFAULT" && key.enableKeyRotation !== true) {
      report("enableKeyRotation is not true; turn on automatic rotation for this symmetric key.");
    }
  }),
};

/**
 * Personalize resources are dynamic-provider resources: the dataset group is recognised by its
 * type token (`pulumi-nodejs:dynamic/personalize:DatasetGroup`, the project's providers), else by
 * a `kind`/`resourceKind` input or a serialised provider calling CreateDatasetGroup.
 */
export function isPersonalizeDatasetGroup(type: string, props: Record<string, any>): boolean {
  if (!isDynamicResource(type)) return false;
  if (/^pulumi-nodejs:dynamic\/personalize:DatasetGroup$/.test(type)) return true;
  const kind = props.kind ?? props.resourceKind;
  if (typeof kind === "string")
    return /^(personalize[:.-]?)?datasetgroup$/i.test(kind.replace(/[\s_]/g, ""));
  return (
    typeof props.__provider === "string" && props.__provider.includes("CreateDatasetGroupCommand")
  );
}

export const personalizeDatasetGroupKms: ResourceValidationPolicy = {
  name: "personalize-dataset-group-kms",
  description: "Checks whether Personalize dataset groups encrypt their data with a KMS key.",
  validateResource: (args, report) => {
    if (!isPersonalizeDatasetGroup(args.type, args.props)) return;
    if (!args.props.kmsKeyArn) {
      report(
        "kmsKeyArn is not set; the dataset group must encrypt imported interactions with a customer-managed key.",
      );
    } else if (!args.props.roleArn) {
      report("kmsKeyArn is set without roleArn; Personalize needs a role allowed to use the key.");
    }
  },
};

export const encryptionPolicies = [
  kinesisStreamEncrypted,
  firehoseEncrypted,
  s3BucketSseKms,
  athenaWorkgroupEncryptedEnforced,
  glueCatalogEncrypted,
  snsTopicEncrypted,
  sqsQueueEncrypted,
  dynamodbTableEncrypted,
  cloudwatchLogGroupKms,
  kmsKeyRotation,
  personalizeDatasetGroupKms,
];
