-- Recommendation activity per day, channel and item: impressions, clicks, attributed buys and
-- their revenue. Impressions and clicks count in their own channel, a buy in its 24-hour last
-- click's (attributed_events.sql); the channel KPIs and the top-items table aggregate this query.
--
-- Portable SQL: runs unchanged on Athena (Trino) and DuckDB; {{from}} and {{to}} are bound
-- YYYY-MM-DD parameters.
SELECT
  dt,
  channel,
  item_id,
  COUNT(CASE WHEN event_type = 'impression' THEN 1 END) AS impressions,
  COUNT(CASE WHEN event_type = 'click' THEN 1 END) AS clicks,
  COUNT(CASE WHEN event_type = 'buy' THEN 1 END) AS conversions,
  -- Rounded to a millionth: both engines sum in parallel, in no fixed order, and the last bits
  -- of a DOUBLE sum would otherwise change from run to run.
  ROUND(COALESCE(SUM(amount), CAST(0 AS DOUBLE)), 6) AS revenue
FROM (
  SELECT
    dt,
    item_id,
    event_type,
    CASE WHEN event_type = 'buy' THEN click_channel ELSE channel END AS channel,
    amount
  FROM ({{query:attributed_events}}) AS attributed
) AS facts
WHERE channel IS NOT NULL
GROUP BY dt, channel, item_id
