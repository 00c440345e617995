export { EventProducer } from "./producer";
export type { ProducerStats } from "./producer";
export { ProducerFailureError } from "./failures";
export type { FailedRecord } from "./failures";
export type { EventProducerOptions } from "./options";
export {
  MAX_PARTITION_KEY_LENGTH,
  PUT_RECORDS_LIMITS,
  backoffDelay,
  batchLength,
  isRetryableCallError,
  isRetryableEntryError,
  isSplittableCallError,
  partitionKeyFor,
  recordBytes,
} from "./limits";
