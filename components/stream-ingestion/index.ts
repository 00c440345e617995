/**
 * StreamIngestion: its class, args and settings, and the pure sizing functions it is built from. The
 * producer client web servers import is `./producer`.
 */
export { resolveIngestionArgs, validateIngestionArgs } from "./args";
export type { ExistingStream, ResolvedIngestionArgs, StreamIngestionArgs } from "./args";
export { TRANSFORM_ENTRY, eventsPrefix } from "./delivery";
export { chooseStreamMode, firehoseBuffering, shardSizing } from "./sizing";
export { STREAM_INGESTION_TYPE, StreamIngestion } from "./stream-ingestion";
