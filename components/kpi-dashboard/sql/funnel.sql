-- The visit → view → cart → buy funnel: distinct users with at least one event of each type,
-- per day, over all traffic. Every day with any event has a row.
--
-- No de-duplication is needed: a duplicate of an event has the same user, so distinct user
-- counts are unchanged. Portable SQL (Athena/Trino and DuckDB); {{from}}/{{to}} are bound
-- YYYY-MM-DD parameters.
SELECT
  dt,
  COUNT(DISTINCT CASE WHEN event_type = 'visit' THEN user_id END) AS visit,
  COUNT(DISTINCT CASE WHEN event_type = 'view' THEN user_id END) AS view,
  COUNT(DISTINCT CASE WHEN event_type = 'cart' THEN user_id END) AS cart,
  COUNT(DISTINCT CASE WHEN event_type = 'buy' THEN user_id END) AS buy
FROM {{events}}
WHERE dt BETWEEN {{from}} AND {{to}}
GROUP BY dt
