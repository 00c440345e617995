/**
 * The lake as the training pipeline's local executions see it: an in-memory bucket behind an
 * aws-sdk-client-mock S3 stub, so the state machine's header step runs the real handler
 * (handlers/unquote-header.ts) on the file the simulated Athena export wrote, and the simulated
 * import job reads what the handler wrote.
 */
import { Readable } from "node:stream";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { sdkStreamMixin } from "@smithy/core/serde";
import { mockClient } from "aws-sdk-client-mock";
import {
  type UnquoteHeaderEvent,
  handler as unquoteHeader,
} from "../../components/training-pipeline/unquote-header/handler";
import { type DatasetKind, EXPORT_COLUMNS } from "../../components/training-pipeline";

export interface SimulatedLake {
  readonly objects: Map<string, Buffer>;
  /** Every S3 command the handler sent, as sent (for the API-model checks). */
  sent(): readonly { readonly command: object }[];
  /** Runs the real handler against the in-memory lake, as Lambda would with `payload`. */
  invokeUnquoteHeader(payload: UnquoteHeaderEvent): Promise<unknown>;
  restore(): void;
}

/** Athena's CSV of a dataset: every field quoted, the header too. */
export function athenaCsv(columns: readonly string[], rows: readonly string[][]): Buffer {
  const line = (fields: readonly string[]) =>
    fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(",");
  return Buffer.from([columns, ...rows].map(line).join("\n") + "\n", "utf8");
}

export function exportCsv(kind: DatasetKind, header?: readonly string[]): Buffer {
  const columns = header ?? EXPORT_COLUMNS[kind];
  return athenaCsv(columns, [columns.map((c, i) => `${c.toLowerCase()}-${i}`)]);
}

export function simulatedLake(kmsKeyArn: string): SimulatedLake {
  const objects = new Map<string, Buffer>();
  const s3 = mockClient(S3Client);
  s3.on(GetObjectCommand).callsFake((input) => {
    const object = objects.get(`s3://${input.Bucket}/${input.Key}`);
    if (!object)
      throw Object.assign(new Error("The specified key does not exist."), { name: "NoSuchKey" });
    const [, first, last] = /^bytes=(\d+)-(\d+)$/.exec(input.Range)!.map(Number);
    const bytes = object.subarray(first, Math.min(last + 1, object.length));
    return {
      Body: sdkStreamMixin(Readable.from([bytes])),
      ContentRange: `bytes ${first}-${first + bytes.length - 1}/${object.length}`,
      ContentLength: bytes.length,
      ETag: `"${object.length}"`,
    };
  });
  s3.on(PutObjectCommand).callsFake((input) => {
    if (input.ServerSideEncryption !== "aws:kms" || input.SSEKMSKeyId !== kmsKeyArn) {
      throw Object.assign(new Error("Access Denied: the lake takes only SSE-KMS"), {
        name: "AccessDenied",
      });
    }
    objects.set(`s3://${input.Bucket}/${input.Key}`, Buffer.from(input.Body as Buffer));
    return { ETag: '"put"' };
  });
  return {
    objects,
    sent: () => s3.calls().map((call) => ({ command: call.args[0] as object })),
    async invokeUnquoteHeader(payload) {
      const saved = process.env.KMS_KEY_ARN;
      process.env.KMS_KEY_ARN = kmsKeyArn;
      try {
        return { StatusCode: 200, Payload: await unquoteHeader(payload) };
      } catch (error) {
        // lambda:invoke reports a function error as the error's type with Lambda's JSON as cause.
        const e = error as Error;
        throw Object.assign(
          new Error(JSON.stringify({ errorType: e.name, errorMessage: e.message })),
          { name: e.name },
        );
      } finally {
        if (saved === undefined) delete process.env.KMS_KEY_ARN;
        else process.env.KMS_KEY_ARN = saved;
      }
    },
    restore: () => s3.restore(),
  };
}
