/**
 * One way for a server to get its event sink from the stack's outputs: the Kinesis EventProducer
 * (unchanged) for `store: "kinesis"`, the Kafka producer for `store: "msk"`.
 */
import { EventProducer } from "./producer";
import type { EventProducerOptions } from "./options";
import { EventSink, KafkaEventProducer, KafkaEventProducerOptions } from "./kafka-producer";

export type EventSinkOptions =
  | ({ readonly store: "kinesis" } & EventProducerOptions)
  | ({ readonly store: "msk" } & KafkaEventProducerOptions);

export function createEventSink(options: EventSinkOptions): EventSink {
  if (options.store === "msk") {
    const { store: _store, ...kafka } = options;
    return new KafkaEventProducer(kafka);
  }
  if (options.store === "kinesis") {
    const { store: _store, ...kinesis } = options;
    return new EventProducer(kinesis);
  }
  throw new Error(
    `createEventSink: store is ${JSON.stringify((options as { store?: unknown }).store)}; it must be "kinesis" or "msk"`,
  );
}
