/**
 * The emulator's own ceiling for the producer benchmark: PutRecords calls of 500 pre-serialised
 * records sent back to back, with nothing of the producer in the way (no validation, no partition
 * key hashing, no buffering or retries), `concurrency` calls in flight as the producer's default
 * allows. What kinesalite accepts this way bounds any batched client; divided by the single-put
 * rate it bounds the batched/single ratio a client could show against this emulator.
 */
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import type { BehaviourEvent } from "../events";
import { partitionKeyFor } from "../components/shared/partition-key";

/** PutRecords carries at most 500 records per call (the Kinesis API limit). */
export const RECORDS_PER_CALL = 500;

/** Records per second kinesalite stored from bare PutRecords calls; throws on any failed record. */
export async function barePutRecordsRate(
  client: KinesisClient,
  stream: string,
  events: readonly BehaviourEvent[],
  concurrency: number,
): Promise<number> {
  const batches: { Data: Uint8Array; PartitionKey: string }[][] = [];
  for (let i = 0; i < events.length; i += RECORDS_PER_CALL) {
    batches.push(
      events.slice(i, i + RECORDS_PER_CALL).map((e) => ({
        Data: Buffer.from(JSON.stringify(e)),
        PartitionKey: partitionKeyFor(e.user_id),
      })),
    );
  }
  let next = 0;
  const lane = async () => {
    while (next < batches.length) {
      const records = batches[next++];
      const out = await client.send(
        new PutRecordsCommand({ StreamName: stream, Records: records }),
      );
      if (out.FailedRecordCount) {
        throw new Error(`kinesalite refused ${out.FailedRecordCount} of ${records.length} records`);
      }
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, lane));
  return events.length / (Number(process.hrtime.bigint() - start) / 1e9);
}
