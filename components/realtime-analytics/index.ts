export * from "./args";
export * from "./alarms";
export * from "./flink-engine";
export * from "./lambda-engine";
export * from "./realtime-analytics";
export * from "./sizing";
export * from "./view";
