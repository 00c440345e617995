/**
 * The Lambda the training state machine calls between each export and its import to unquote the
 * CSV header (handler.ts), with the grants of iam.ts.
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { LakeRefs } from "../../shared/contracts";
import { type NodeFunction, createNodeFunction } from "../../shared/lambda";
import { unquoteHeaderStatements } from "./iam";

export interface UnquoteHeaderFunctionArgs {
  readonly lake: Pick<LakeRefs, "bucketArn" | "kmsKeyArn">;
  readonly logRetentionDays: number;
  /** Protect the function's log group from deletion (prod). @default false */
  readonly protectData?: boolean;
  /** Customer key of the function's logs and environment. @default AWS-owned keys */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/**
 * Lambda's 15-minute maximum: the function only waits on S3's server-side copies (8 in flight,
 * 512 MiB each), which covers exports of tens of GB several times over.
 */
export const UNQUOTE_HEADER_TIMEOUT_SECONDS = 900;

export function createUnquoteHeaderFunction(
  name: string,
  args: UnquoteHeaderFunctionArgs,
  parent: pulumi.Resource,
): NodeFunction {
  return createNodeFunction(
    name,
    {
      entry: path.join(__dirname, "handler.ts"),
      description:
        "Unquotes the header of each Personalize training export (Athena quotes it) into the import file",
      logRetentionDays: args.logRetentionDays,
      protectData: args.protectData ?? false,
      ...(args.kmsKeyArn !== undefined ? { kmsKeyArn: args.kmsKeyArn } : {}),
      // Holds one 8 MiB range at a time; the rows never pass through the function.
      memorySize: 256,
      timeout: UNQUOTE_HEADER_TIMEOUT_SECONDS,
      environment: { KMS_KEY_ARN: args.lake.kmsKeyArn },
      statements: unquoteHeaderStatements({
        lake: args.lake,
        ...(args.kmsKeyArn !== undefined ? { environmentKeyArn: args.kmsKeyArn } : {}),
      }),
    },
    parent,
  );
}
