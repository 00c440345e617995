export { EventProducer } from "./producer";
export type { ProducerStats } from "./producer";
export { ProducerFailureError } from "./failures";
export type { FailedRecord } from "./failures";
export type { EventProducerOptions } from "./options";
export {
  PUT_RECORDS_LIMITS,
  backoffDelay,
  batchLength,
  isRetryableCallError,
  isRetryableEntryError,
  isSplittableCallError,
  recordBytes,
} from "./limits";
export { MAX_PARTITION_KEY_LENGTH, partitionKeyFor } from "../../shared/partition-key";
export { KafkaEventProducer, kafkaOptionsProblems } from "./kafka-producer";
export type { EventSink, KafkaEventProducerOptions } from "./kafka-producer";
export { mskIamConnection } from "./msk-iam";
export { createEventSink } from "./sink";
export type { EventSinkOptions } from "./sink";
