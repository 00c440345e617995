export { EventProducer, ProducerFailureError } from "./producer";
export type { FailedRecord, ProducerStats } from "./producer";
export type { EventProducerOptions } from "./options";
export {
  PUT_RECORDS_LIMITS,
  backoffDelay,
  batchLength,
  isRetryableCallError,
  isRetryableEntryError,
  recordBytes,
} from "./limits";
