/**
 * RealtimeAnalytics: its class, args and settings, the Flink package contract, and the view's keys
 * and readers.
 */
export { DEFAULT_ENGINE, ENGINES, resolveArgs } from "./args";
export type { RealtimeAnalyticsArgs, RealtimeEngineName, ResolvedArgs, ResolveHost } from "./args";
export { CONNECTORS_JAR, FLINK_RUNTIME, RUN_OPTIONS, VIEW_PROPERTY_GROUP } from "./flink-engine";
export { RealtimeAnalytics } from "./realtime-analytics";
export { flinkSizing } from "./sizing";
export { channelKey, ctr, expiresAt, minuteStartMs, trendingKey } from "./view/keys";
export { latestChannelWindows, trendingItems } from "./view/read";
export type { ChannelWindow, LatestChannelWindowsOptions, TrendingItems } from "./view/read";
