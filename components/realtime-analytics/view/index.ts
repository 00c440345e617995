/**
 * The view's keys and readers, without the component: what Lambda handlers bundle to read the
 * view (importing the component's index would bundle Pulumi with them).
 */
export {
  channelKey,
  ctr,
  eventClaimKey,
  expiresAt,
  isoMinute,
  itemClicksKey,
  MAX_SORT_KEY_BYTES,
  MINUTE_INDEX,
  MINUTE_MS,
  minuteStartMs,
  TRENDING_PK,
  TRENDING_WINDOW_MINUTES,
  trendingKey,
  trendingWindowPrefix,
  TTL_ATTRIBUTE,
} from "./keys";
export { latestChannelWindows, trendingItems } from "./read";
export type { ChannelWindow, LatestChannelWindowsOptions, TrendingItems } from "./read";
