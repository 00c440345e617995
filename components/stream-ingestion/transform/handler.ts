/**
 * Firehose data transformation: validates every record against the behaviour-event schema before
 * the JSON→Parquet conversion. Valid records go on as one canonical JSON line with their `dt`
 * partition key (dynamic partitioning by event date); anything else is marked ProcessingFailed with
 * its original bytes, so Firehose writes it under the `failed/` error prefix. Nothing is ever
 * "Dropped": a bad event must stay visible and replayable.
 *
 * Decoding is strict UTF-8: bytes that are not UTF-8 fail the record rather than turn into
 * U+FFFD replacement characters, which would pass validation and silently change an id.
 */
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from "aws-lambda";
// The schema and Glue modules alone: the bundle needs neither the generator nor anything else.
import { validateEvent } from "../../../events/schema";
import { eventDate } from "../../../events/glue";

/** Throws on any byte sequence that is not UTF-8 (Buffer#toString would substitute U+FFFD). */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export async function handler(
  event: FirehoseTransformationEvent,
): Promise<FirehoseTransformationResult> {
  const records = event.records.map(transformRecord);
  const failed = records.filter((r) => r.result === "ProcessingFailed").length;
  if (failed > 0) {
    // One structured line per batch: enough for a metric filter, without logging user data.
    console.warn(
      JSON.stringify({
        message: "records failed validation",
        invocationId: event.invocationId,
        failed,
        total: records.length,
      }),
    );
  }
  return { records };
}

/** One Firehose record in, exactly one result out with the same recordId. */
export function transformRecord(
  record: FirehoseTransformationEventRecord,
): FirehoseTransformationResultRecord {
  const failed: FirehoseTransformationResultRecord = {
    recordId: record.recordId,
    result: "ProcessingFailed",
    data: record.data,
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(Buffer.from(record.data, "base64")));
  } catch {
    // Not UTF-8, or not JSON: failed with the bytes exactly as they came.
    return failed;
  }
  const validation = validateEvent(parsed);
  if (!validation.valid) return failed;
  return {
    recordId: record.recordId,
    result: "Ok",
    // Parquet conversion reads one JSON object per line; the newline keeps records apart if the
    // same stream is ever delivered as raw JSON too.
    data: Buffer.from(`${JSON.stringify(validation.event)}\n`, "utf8").toString("base64"),
    metadata: { partitionKeys: { dt: eventDate(validation.event) } },
  };
}
