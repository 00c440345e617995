export { KAFKA_STORE_TYPE, KafkaStore } from "./kafka-store";
export {
  DEFAULT_READERS,
  DEFAULT_TOPIC,
  MAX_PARTITIONS,
  MIN_PARTITIONS,
  PARTITION_EGRESS_BYTES,
  PARTITION_HEADROOM,
  PARTITION_INGRESS_BYTES,
  isPrivateCidr,
  kafkaPartitions,
  resolveKafkaStoreArgs,
  validateKafkaStoreArgs,
} from "./args";
export type { KafkaStoreArgs, ResolvedKafkaStoreArgs } from "./args";
export { KAFKA_STORE_TIER_DEFAULTS } from "./defaults";
export {
  GATEWAY_ENDPOINT_SERVICES,
  HTTPS_PORT,
  INTERFACE_ENDPOINT_SERVICES,
  KAFKA_IAM_PORT,
} from "./network";
export { SERVERLESS_REPLICATION_FACTOR, topicConfigs } from "./cluster";
export type { KafkaRefs } from "../shared/kafka-contracts";
export {
  kafkaReaderStatements,
  kafkaResourceArn,
  kafkaWriterStatements,
} from "../shared/kafka-contracts";
