/**
 * What IAM action an SDK command is authorised as. Most operations are authorised under their
 * own name in the service's IAM prefix; the exceptions below are AWS's (the S3 API Reference's
 * "Permissions" section of each operation; lib-dynamodb's document commands wrap item operations).
 * A command that maps to no action in the authorization data fails the test that derives it.
 */
import type { SdkCommand } from "./sdk-commands";

const SERVICE_OF_PACKAGE: Record<string, string> = {
  "@aws-sdk/client-athena": "athena",
  "@aws-sdk/client-cloudwatch": "cloudwatch",
  "@aws-sdk/client-dynamodb": "dynamodb",
  "@aws-sdk/client-glue": "glue",
  "@aws-sdk/lib-dynamodb": "dynamodb",
  "@aws-sdk/client-kinesis": "kinesis",
  "@aws-sdk/client-personalize": "personalize",
  "@aws-sdk/client-personalize-events": "personalize",
  "@aws-sdk/client-personalize-runtime": "personalize",
  "@aws-sdk/client-s3": "s3",
  "@aws-sdk/client-sfn": "states",
  "@aws-sdk/client-sns": "sns",
  "@aws-sdk/client-sqs": "sqs",
  "@aws-sdk/client-sts": "sts",
};

const DOCUMENT_OPERATIONS: Record<string, string> = {
  Put: "PutItem",
  Get: "GetItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  BatchWrite: "BatchWriteItem",
  BatchGet: "BatchGetItem",
  TransactWrite: "TransactWriteItems",
  TransactGet: "TransactGetItems",
};

/**
 * SQS's batch operations are authorised as their single-message action (the SQS Developer Guide's
 * "Amazon SQS API permissions: Actions and resource reference").
 */
const SQS_BATCH_OPERATIONS: Record<string, string> = {
  SendMessageBatch: "SendMessage",
  DeleteMessageBatch: "DeleteMessage",
  ChangeMessageVisibilityBatch: "ChangeMessageVisibility",
};

/** How an S3 operation touches objects: what it is authorised as, and how it uses the key. */
export type S3Access = "read" | "write" | "multipart-write" | "copy-source" | "delete" | "abort";

export const S3_OPERATION_ACCESS: Record<string, readonly S3Access[]> = {
  GetObject: ["read"],
  HeadObject: ["read"],
  PutObject: ["write"],
  CreateMultipartUpload: ["multipart-write"],
  UploadPart: ["multipart-write"],
  CompleteMultipartUpload: ["multipart-write"],
  // Writes the target part and reads the source object.
  UploadPartCopy: ["multipart-write", "copy-source"],
  CopyObject: ["write", "copy-source"],
  AbortMultipartUpload: ["abort"],
  DeleteObject: ["delete"],
  DeleteObjects: ["delete"],
};

export interface CommandAction {
  readonly service: string;
  /** The operation, e.g. `PutRecords`, `UpdateItem`, `UploadPartCopy`. */
  readonly operation: string;
  /** `service:Action` for non-S3-object operations; S3 object operations use S3_OPERATION_ACCESS. */
  readonly action: string;
}

export function actionOfCommand(command: SdkCommand): CommandAction {
  const service = SERVICE_OF_PACKAGE[command.sdkPackage];
  if (!service) {
    throw new Error(
      `${command.file} sends ${command.command} from ${command.sdkPackage}, a package this check does not map to an IAM service: add it`,
    );
  }
  const bare = command.command.replace(/Command$/, "");
  const operation =
    command.sdkPackage === "@aws-sdk/lib-dynamodb" ? (DOCUMENT_OPERATIONS[bare] ?? bare) : bare;
  const authorisedAs =
    service === "sqs" ? (SQS_BATCH_OPERATIONS[operation] ?? operation) : operation;
  return { service, operation, action: `${service}:${authorisedAs}` };
}
