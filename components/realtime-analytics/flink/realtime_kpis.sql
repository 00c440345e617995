-- Real-time KPIs of the behaviour log (the speed layer). Placeholders ${...} are filled by main.py
-- from the application's property group; statements are separated by a semicolon at line end.
-- Semantics (README.md "Semantics"): event-time 1-minute tumbling windows per channel; duplicates
-- of one event_id counted once; events later than the watermark bound dropped (the batch layer
-- counts them); ctr = clicks / impressions, NULL when impressions = 0.

-- Source: the behaviour-log stream. Every field is read as text so that one malformed record
-- cannot fail the job; the ones the view needs are checked below. A missing or malformed
-- event_time maps to the epoch, which is always behind the watermark: such rows are dropped as
-- late instead of stopping the job with a NULL rowtime.
CREATE TABLE behaviour_events (
  event_id STRING,
  event_type STRING,
  event_time STRING,
  item_id STRING,
  channel STRING,
  ts AS COALESCE(
    TO_TIMESTAMP(event_time, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
    TIMESTAMP '1970-01-01 00:00:00.000'
  ),
  WATERMARK FOR ts AS ts - INTERVAL '${lateness_seconds}' SECOND
) WITH (
  'connector' = 'kinesis',
  'stream.arn' = '${stream_arn}',
  'aws.region' = '${region}',
  'source.init.position' = 'LATEST',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true',
  'json.fail-on-missing-field' = 'false'
);

-- The schema requires channel and item_id on impressions and clicks.
CREATE TEMPORARY VIEW kpi_events AS
SELECT event_id, event_type, channel, item_id, ts
FROM behaviour_events
WHERE event_type IN ('impression', 'click')
  AND event_id IS NOT NULL
  AND channel IS NOT NULL
  AND item_id IS NOT NULL;

-- One row per event_id per minute. Copies of one event carry its event_time, so they fall in the
-- same window: grouping by event_id inside the window counts each event once. The window's
-- rowtime carries on so the next windows cascade from it.
CREATE TEMPORARY VIEW unique_events AS
SELECT
  window_time AS minute_time,
  event_id,
  MIN(event_type) AS event_type,
  MIN(channel) AS channel,
  MIN(item_id) AS item_id
FROM TABLE(TUMBLE(TABLE kpi_events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, event_id;

-- Per channel per minute: impressions, clicks.
CREATE TEMPORARY VIEW channel_minutes AS
SELECT
  window_start,
  window_end,
  channel,
  SUM(CASE WHEN event_type = 'impression' THEN 1 ELSE 0 END) AS impressions,
  SUM(CASE WHEN event_type = 'click' THEN 1 ELSE 0 END) AS clicks
FROM TABLE(TUMBLE(TABLE unique_events, DESCRIPTOR(minute_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, channel;

CREATE TEMPORARY VIEW unique_clicks AS
SELECT minute_time, item_id FROM unique_events WHERE event_type = 'click';

-- Clicks per item over a 5-minute window sliding by 1 minute.
CREATE TEMPORARY VIEW item_clicks_5m AS
SELECT window_start, window_end, item_id, COUNT(*) AS clicks
FROM TABLE(HOP(TABLE unique_clicks, DESCRIPTOR(minute_time), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
GROUP BY window_start, window_end, item_id;

-- Sinks: the view's rows (key design in README.md). PARTITIONED BY the key lets the connector
-- keep only the last write of a key within one batch.
CREATE TABLE view_channel_windows (
  pk STRING,
  sk STRING,
  `minute` STRING,
  channel STRING,
  window_start STRING,
  window_end STRING,
  impressions INT,
  clicks INT,
  ctr DOUBLE,
  engine STRING,
  expires_at BIGINT
) PARTITIONED BY (pk, sk) WITH (
  'connector' = 'dynamodb',
  'table-name' = '${table_name}',
  'aws.region' = '${region}'
);

CREATE TABLE view_trending (
  pk STRING,
  sk STRING,
  item_id STRING,
  clicks BIGINT,
  `rank` BIGINT,
  window_start STRING,
  window_end STRING,
  engine STRING,
  expires_at BIGINT
) PARTITIONED BY (pk, sk) WITH (
  'connector' = 'dynamodb',
  'table-name' = '${table_name}',
  'aws.region' = '${region}'
);

INSERT INTO view_channel_windows
SELECT
  'CHANNEL#' || channel,
  'WINDOW#' || DATE_FORMAT(window_start, 'yyyy-MM-dd''T''HH:mm''Z'''),
  DATE_FORMAT(window_start, 'yyyy-MM-dd''T''HH:mm''Z'''),
  channel,
  DATE_FORMAT(window_start, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
  DATE_FORMAT(window_end, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
  impressions,
  clicks,
  CASE WHEN impressions = 0 THEN CAST(NULL AS DOUBLE) ELSE CAST(clicks AS DOUBLE) / impressions END,
  'flink',
  CAST(TIMESTAMPDIFF(MINUTE, TIMESTAMP '1970-01-01 00:00:00', window_end) AS BIGINT) * 60 + ${retention_seconds}
FROM channel_minutes;

-- Top N items per sliding window; ties go to the smaller item_id so reruns rank alike.
INSERT INTO view_trending
SELECT
  'TRENDING',
  'WINDOW#' || DATE_FORMAT(window_end, 'yyyy-MM-dd''T''HH:mm''Z''') || '#RANK#' || LPAD(CAST(item_rank AS STRING), 3, '0'),
  item_id,
  clicks,
  item_rank,
  DATE_FORMAT(window_start, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
  DATE_FORMAT(window_end, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),
  'flink',
  CAST(TIMESTAMPDIFF(MINUTE, TIMESTAMP '1970-01-01 00:00:00', window_end) AS BIGINT) * 60 + ${retention_seconds}
FROM (
  SELECT *, ROW_NUMBER() OVER (
    PARTITION BY window_start, window_end ORDER BY clicks DESC, item_id ASC
  ) AS item_rank
  FROM item_clicks_5m
)
WHERE item_rank <= ${top_n};
