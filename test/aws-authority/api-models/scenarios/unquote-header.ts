/**
 * The training pipeline's export-header function (S3 only), with each stack's configuration.
 */
import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { sdkStreamMixin } from "@smithy/core/serde";
import { mockClient } from "aws-sdk-client-mock";
import { Readable } from "node:stream";
import type { PlanResult } from "../../../../offline/plan";
import {
  type UnquoteHeaderEvent,
  handler as unquoteHeader,
} from "../../../../components/training-pipeline/unquote-header/handler";
import { GOOD_METRICS } from "../../../training-pipeline/fixtures";
import { runPipeline } from "../../../training-pipeline/simulated-aws";
import { exportCsv } from "../../../training-pipeline/simulated-s3";
import { commandRequests, mockedRequests } from "../recorder";
import type { ApiRequest } from "../validate";
import { lambdaEnv } from "./handlers";

/**
 * The export-header function as the training pipeline of each stack runs it (small exports: one
 * PutObject), then on a 6 GiB export (multipart: its rewritten head, then copied
 * ranges), once completing and once aborting after a failed copy, with the event the training
 * pipeline of each stack invokes it with and the key its environment names.
 */
export async function unquoteHeaderRequests(plans: readonly PlanResult[]): Promise<ApiRequest[]> {
  const size = 6 * 1024 ** 3;
  const requests: ApiRequest[] = [];
  for (const plan of plans) {
    const training = plan.resources.find(
      (r) =>
        r.type === "aws:sfn/stateMachine:StateMachine" &&
        String(r.inputs.definition).includes("ResolveTrainingMode"),
    )!;
    const run = await runPipeline(JSON.parse(String(training.inputs.definition)), {
      candidateMetrics: GOOD_METRICS,
    });
    // The pipeline's own run rewrites small exports with one PutObject.
    requests.push(...commandRequests(run.s3Commands, S3Client));
    const payloads = run.calls
      .filter((c) => /^Unquote\w+Header$/.test(c.state))
      .map((c) => c.input.Payload as UnquoteHeaderEvent);
    const env = lambdaEnv(plan, "-reco-training-unquote-header");
    const s3 = mockClient(S3Client);
    const saved = process.env.KMS_KEY_ARN;
    process.env.KMS_KEY_ARN = env.KMS_KEY_ARN;
    try {
      for (const failCopy of [false, true]) {
        for (const payload of payloads) {
          s3.reset();
          s3.on(GetObjectCommand).callsFake(() => {
            const head = exportCsv(payload.kind);
            return {
              Body: sdkStreamMixin(Readable.from([head])),
              ContentRange: `bytes 0-${head.length - 1}/${size}`,
              ETag: '"export"',
            };
          });
          s3.on(CreateMultipartUploadCommand).resolves({ UploadId: "upload-1" });
          s3.on(UploadPartCommand).resolves({ ETag: '"part-1"' });
          if (failCopy) s3.on(UploadPartCopyCommand).rejects(new Error("SlowDown"));
          else s3.on(UploadPartCopyCommand).resolves({ CopyPartResult: { ETag: '"copy"' } });
          await unquoteHeader(payload).catch((error: Error) => {
            if (!failCopy) throw error;
          });
          requests.push(...mockedRequests(s3, S3Client));
        }
      }
    } finally {
      s3.restore();
      if (saved === undefined) delete process.env.KMS_KEY_ARN;
      else process.env.KMS_KEY_ARN = saved;
    }
  }
  return requests;
}
