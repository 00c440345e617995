-- Recommendation events once each, with their 24-hour last-click attribution: the one place where
-- de-duplication and attribution are defined. channel_item_daily (and through it the channel KPIs
-- and the top items) and experiment_readout aggregate it; it is not materialised on its own.
--
-- One row per impression, click and buy from {{from}} to {{to}}: the event's own channel,
-- experiment and variant, and for a buy the channel, experiment and variant of the same user's
-- latest click on the same item at or before it within 24 hours (null when there is none).
--
-- Portable SQL: runs unchanged on Athena (Trino) and DuckDB. No QUALIFY, no engine-specific
-- date functions; {{from}} and {{to}} are bound parameters (YYYY-MM-DD strings) and {{events}}
-- is the events relation (the Glue table in Athena, a view over local files in DuckDB).
--
-- Cost: the events table is scanned once. Attribution uses window functions instead of a
-- click-to-buy self-join, because Trino inlines every reference to a CTE and would scan the
-- lake once per reference; columns a caller does not select are pruned before the scan.
WITH unique_events AS (
  SELECT event_id, event_type, event_time, user_id, item_id, channel, experiment, variant,
    price, quantity, dt
  FROM (
    SELECT
      event_id, event_type, event_time, user_id, item_id, channel, experiment, variant,
      price, quantity, dt,
      -- Duplicates of one event_id are the same event delivered twice: keep one copy.
      ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY event_time, dt) AS copy_number
    FROM {{events}}
    -- Partition pruning: a buy on {{from}} may be attributed to a click up to 24 hours
    -- earlier, so the scan starts one day before {{from}}.
    WHERE dt BETWEEN CAST(CAST(CAST({{from}} AS DATE) - INTERVAL '1' DAY AS DATE) AS VARCHAR)
      AND {{to}}
      AND event_type IN ('impression', 'click', 'buy')
  ) AS numbered
  WHERE copy_number = 1
),
sequenced AS (
  SELECT
    event_type, event_time, user_id, item_id, channel, experiment, variant, price, quantity, dt,
    CASE WHEN event_type = 'click' AND channel IS NOT NULL THEN 1 ELSE 0 END AS is_click,
    -- Running number of clicks by this user on this item, in time order. Clicks sort before
    -- anything else at the same instant (a click at the buy's instant counts) and, among
    -- clicks at one instant, by event_id, so the greater event_id is the later click.
    COUNT(CASE WHEN event_type = 'click' AND channel IS NOT NULL THEN 1 END) OVER (
      PARTITION BY user_id, item_id
      ORDER BY event_time, CASE WHEN event_type = 'click' THEN 0 ELSE 1 END, event_id
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS clicks_so_far
  FROM unique_events
),
with_last_click AS (
  SELECT
    event_type, event_time, user_id, item_id, channel, experiment, variant, price, quantity, dt,
    -- Rows sharing clicks_so_far hold exactly one click, the latest one at or before each row.
    MAX(CASE WHEN is_click = 1 THEN event_time END) OVER (
      PARTITION BY user_id, item_id, clicks_so_far
    ) AS last_click_time,
    MAX(CASE WHEN is_click = 1 THEN channel END) OVER (
      PARTITION BY user_id, item_id, clicks_so_far
    ) AS last_click_channel,
    MAX(CASE WHEN is_click = 1 THEN experiment END) OVER (
      PARTITION BY user_id, item_id, clicks_so_far
    ) AS last_click_experiment,
    MAX(CASE WHEN is_click = 1 THEN variant END) OVER (
      PARTITION BY user_id, item_id, clicks_so_far
    ) AS last_click_variant
  FROM sequenced
),
attributed AS (
  SELECT
    dt, user_id, item_id, event_type, channel, experiment, variant, last_click_channel,
    last_click_experiment, last_click_variant,
    event_type = 'buy' AND last_click_time >= event_time - INTERVAL '24' HOUR AS has_click,
    CASE WHEN event_type = 'buy' THEN price * quantity END AS amount
  FROM with_last_click
  WHERE dt >= {{from}}
)
SELECT
  dt, user_id, item_id, event_type, channel, experiment, variant, amount,
  -- Last-click attribution within 24 hours; a buy with no such click has none.
  CASE WHEN has_click THEN last_click_channel END AS click_channel,
  CASE WHEN has_click THEN last_click_experiment END AS click_experiment,
  CASE WHEN has_click THEN last_click_variant END AS click_variant
FROM attributed
