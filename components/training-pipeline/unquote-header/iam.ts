/**
 * What the export-header function may do (its grants live beside its handler, so the feature reads
 * in one folder).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { LakeRefs } from "../../shared/contracts";
import { type PolicyStatement, objectArn } from "../../shared/iam";
import { EXPORT_RESULTS_PREFIX, IMPORT_FILES_PREFIX } from "../export-sql";

export interface UnquoteHeaderPolicyArgs {
  readonly lake: Pick<LakeRefs, "bucketArn" | "kmsKeyArn">;
  /** Key of the function's environment (and logs); the function decrypts its environment with it. */
  readonly environmentKeyArn?: pulumi.Input<string>;
}

/**
 * What the export-header function may do: read Athena's result files, write the import files
 * (multipart uploads and UploadPartCopy are PutObject on the destination and GetObject on the
 * source), abort its own unfinished uploads, and use the lake key both ways.
 */
export function unquoteHeaderStatements(a: UnquoteHeaderPolicyArgs): PolicyStatement[] {
  return [
    {
      Sid: "ReadExports",
      Action: ["s3:GetObject"],
      Resource: [objectArn(a.lake.bucketArn, EXPORT_RESULTS_PREFIX)],
    },
    {
      Sid: "WriteImportFiles",
      Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
      Resource: [objectArn(a.lake.bucketArn, IMPORT_FILES_PREFIX)],
    },
    {
      Sid: "UseLakeKey",
      // Decrypt the export; GenerateDataKey (and Decrypt, for multipart) to write the import file.
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [a.lake.kmsKeyArn],
    },
    ...(a.environmentKeyArn !== undefined
      ? [
          {
            Sid: "DecryptEnvironment",
            Action: ["kms:Decrypt"],
            Resource: [a.environmentKeyArn],
          },
        ]
      : []),
  ];
}
