/**
 * What the producer reports about records it gave up on: each record with its last error, and the
 * error flush()/close() reject with when nobody took them as they failed.
 */
import type { BehaviourEvent } from "../../../events/schema";

/** A record the producer gave up on, with the last error Kinesis returned for it. */
export interface FailedRecord {
  readonly event: BehaviourEvent;
  readonly errorCode: string;
  readonly errorMessage: string;
  /** PutRecords calls that carried it. */
  readonly attempts: number;
}

/** Rejection of flush()/close() when records failed and no onFailure or listener took them. */
export class ProducerFailureError extends Error {
  constructor(readonly failures: readonly FailedRecord[]) {
    super(
      `${failures.length} record(s) could not be put: ` +
        failures
          .slice(0, 10)
          .map((f) => `${f.event.event_id} (${f.errorCode} after ${f.attempts} attempt(s))`)
          .join(", ") +
        (failures.length > 10 ? ", …" : "") +
        "; pass onFailure or listen for 'failure' to send them to a dead-letter store",
    );
    this.name = "ProducerFailureError";
  }
}
