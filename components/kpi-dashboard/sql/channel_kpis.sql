-- Recommendation KPIs per day and channel: CTR, conversions by 24-hour last click, CVR,
-- revenue and catalogue coverage. Ratios are NULL when their denominator is zero.
--
-- Portable SQL (Athena/Trino and DuckDB); {{from}}/{{to}} are bound YYYY-MM-DD parameters.
SELECT
  dt,
  channel,
  CAST(SUM(impressions) AS BIGINT) AS impressions,
  CAST(SUM(clicks) AS BIGINT) AS clicks,
  CAST(SUM(clicks) AS DOUBLE) / NULLIF(SUM(impressions), 0) AS ctr,
  CAST(SUM(conversions) AS BIGINT) AS conversions,
  CAST(SUM(conversions) AS DOUBLE) / NULLIF(SUM(clicks), 0) AS cvr,
  ROUND(SUM(revenue), 6) AS revenue,
  COUNT(DISTINCT CASE WHEN impressions > 0 THEN item_id END) AS coverage
FROM ({{query:channel_item_daily}}) AS per_item
GROUP BY dt, channel
