export * from "./stream-ingestion";
export * from "./args";
export * from "./sizing";
export * from "./stream";
export * from "./delivery";
export * from "./alarms";
