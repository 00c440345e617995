/**
 * "Customer-managed key" checked, not just promised: the encryption policies ask whether data is
 * encrypted; this one asks whose key. AWS-managed keys (`alias/aws/<service>`, or a service's
 * KMS mode with no key id) and AWS-owned keys cannot have their key policy narrowed, cannot be
 * disabled to cut access off, and log no per-workload grants, so every encryption setting must
 * name a key the stack's owner controls.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";

/** `alias/aws/s3`, `arn:aws:kms:…:alias/aws/s3`: an AWS-managed key by its reserved alias. */
export const isAwsManagedAlias = (key: unknown): boolean =>
  typeof key === "string" && /(^|:)alias\/aws\//.test(key);

type Props = Record<string, any>;
/** One finding: `[setting path, what it is]`, reported as "<path> <is>; …". */
type Finding = [string, string];

const keyFinding = (path: string, key: unknown): Finding[] =>
  isAwsManagedAlias(key) ? [[path, `is ${JSON.stringify(key)}, an AWS-managed key`]] : [];

/** Where each type names its key, and what its AWS-managed default looks like. */
const CHECKS: Readonly<Record<string, (p: Props) => Finding[]>> = {
  "aws:kinesis/stream:Stream": (p) => keyFinding("kmsKeyId", p.kmsKeyId),
  "aws:sqs/queue:Queue": (p) => keyFinding("kmsMasterKeyId", p.kmsMasterKeyId),
  "aws:sns/topic:Topic": (p) => keyFinding("kmsMasterKeyId", p.kmsMasterKeyId),
  "aws:cloudwatch/logGroup:LogGroup": (p) => keyFinding("kmsKeyId", p.kmsKeyId),
  "aws:lambda/function:Function": (p) => keyFinding("kmsKeyArn", p.kmsKeyArn),
  "aws:dynamodb/table:Table": (p) =>
    p.serverSideEncryption?.enabled === true && !p.serverSideEncryption.kmsKeyArn
      ? [
          [
            "serverSideEncryption",
            "is enabled with no kmsKeyArn, which uses the AWS-managed aws/dynamodb key",
          ],
        ]
      : keyFinding("serverSideEncryption.kmsKeyArn", p.serverSideEncryption?.kmsKeyArn),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (p) =>
    s3Rules(p.rules),
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": (
    p,
  ) => s3Rules(p.rules),
  "aws:s3/bucket:Bucket": (p) =>
    s3Rules(p.serverSideEncryptionConfiguration ? [p.serverSideEncryptionConfiguration.rule] : []),
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (p) => {
    const sse = p.serverSideEncryption;
    if (sse?.enabled !== true) return [];
    // Firehose's keyType defaults to AWS_OWNED_CMK when SSE is enabled without one.
    return sse.keyType === "CUSTOMER_MANAGED_CMK"
      ? keyFinding("serverSideEncryption.keyArn", sse.keyArn)
      : [
          [
            "serverSideEncryption.keyType",
            `is ${JSON.stringify(sse.keyType ?? "AWS_OWNED_CMK")}, an AWS-owned key`,
          ],
        ];
  },
  "aws:athena/workgroup:Workgroup": (p) =>
    keyFinding(
      "configuration.resultConfiguration.encryptionConfiguration.kmsKeyArn",
      p.configuration?.resultConfiguration?.encryptionConfiguration?.kmsKeyArn,
    ),
  "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings": (p) => {
    const s = p.dataCatalogEncryptionSettings ?? {};
    const atRest = s.encryptionAtRest ?? {};
    const findings: Finding[] = [];
    if (String(atRest.catalogEncryptionMode).startsWith("SSE-KMS") && !atRest.sseAwsKmsKeyId) {
      findings.push([
        "encryptionAtRest.sseAwsKmsKeyId",
        "is not set, so the catalogue uses the AWS-managed aws/glue key",
      ]);
    } else findings.push(...keyFinding("encryptionAtRest.sseAwsKmsKeyId", atRest.sseAwsKmsKeyId));
    const passwords = s.connectionPasswordEncryption ?? {};
    if (passwords.returnConnectionPasswordEncrypted === true && !passwords.awsKmsKeyId) {
      findings.push([
        "connectionPasswordEncryption.awsKmsKeyId",
        "is not set, so connection passwords use the AWS-managed aws/glue key",
      ]);
    } else
      findings.push(
        ...keyFinding("connectionPasswordEncryption.awsKmsKeyId", passwords.awsKmsKeyId),
      );
    return findings;
  },
  "aws:secretsmanager/secret:Secret": (p) =>
    p.kmsKeyId
      ? keyFinding("kmsKeyId", p.kmsKeyId)
      : [["kmsKeyId", "is not set, so the secret uses the AWS-managed aws/secretsmanager key"]],
  "aws:ssm/parameter:Parameter": (p) =>
    p.type === "SecureString"
      ? p.keyId
        ? keyFinding("keyId", p.keyId)
        : [["keyId", "is not set, so the SecureString uses the AWS-managed aws/ssm key"]]
      : [],
  "aws:ebs/volume:Volume": (p) =>
    p.encrypted === true && !p.kmsKeyId
      ? [["kmsKeyId", "is not set, so the volume uses the AWS-managed aws/ebs key"]]
      : keyFinding("kmsKeyId", p.kmsKeyId),
};

function s3Rules(rules: any[] | undefined): Finding[] {
  return (rules ?? []).flatMap((rule: any, i: number): Finding[] => {
    const byDefault = rule?.applyServerSideEncryptionByDefault ?? {};
    const path = `rules[${i}].applyServerSideEncryptionByDefault.kmsMasterKeyId`;
    if (String(byDefault.sseAlgorithm).startsWith("aws:kms") && !byDefault.kmsMasterKeyId) {
      return [
        [
          path,
          `is not set with sseAlgorithm ${JSON.stringify(byDefault.sseAlgorithm)}, so objects use the AWS-managed aws/s3 key`,
        ],
      ];
    }
    return keyFinding(path, byDefault.kmsMasterKeyId);
  });
}

export const kmsCustomerManagedKey: ResourceValidationPolicy = {
  name: "kms-customer-managed-key",
  description:
    "Checks whether every encryption setting names a customer-managed KMS key rather than an AWS-managed (alias/aws/…) or AWS-owned key.",
  validateResource: (args, report) => {
    for (const [path, is] of CHECKS[args.type]?.(args.props) ?? []) {
      report(
        `${path} ${is}; its key policy cannot be narrowed or disabled and its use cannot be told apart per workload, so name a customer-managed key (aws.kms.Key) instead.`,
      );
    }
  },
};
