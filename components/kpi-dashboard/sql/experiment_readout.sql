-- Experiment readout: for one experiment over a dt range, per variant the users exposed (a user
-- with at least one impression of the variant), their impressions, clicks, attributed buys and
-- revenue, and per metric (ctr, conversion_rate, revenue_per_user) the estimate with its 95 %
-- interval, the difference from the control (the allocation's first variant) with its 95 %
-- interval and two-sided p-value, and a sample-ratio-mismatch chi-square check against the
-- configured allocation.
--
-- The user is the randomisation unit, so every variance is computed over users:
-- - ctr (clicks / impressions) is a ratio of per-user sums; its variance is the delta method's,
--   not p(1-p)/impressions, which would treat a user's impressions as independent and overstate
--   significance. The test is the two-sample z-test on that variance.
-- - conversion_rate (share of users with an attributed buy) is a proportion of independent users:
--   the two-proportion z-test, with the pooled proportion under the null hypothesis.
-- - revenue_per_user (zeros included) is heavily skewed: Welch's unequal-variance statistic,
--   referred to the normal distribution. That holds by the central limit theorem at the user
--   counts an experiment needs (thousands per variant); the readout is not to be trusted below.
-- Two-sided p-values use the normal tail by Abramowitz & Stegun 7.1.26 (error below 1.5e-7), the
-- SRM p-value the exact tail for one degree of freedom and Wilson-Hilferty's approximation for
-- more: neither engine has a portable normal or chi-square CDF.
--
-- Attribution is attributed_events.sql's, the one channel_item_daily uses (24-hour last click,
-- ties to the greater event_id): a buy counts for the variant of the click it is attributed to.
--
-- Portable SQL (Athena/Trino and DuckDB). {{experiment}} binds the experiment's name,
-- {{allocation}} renders as a VALUES relation (variant, weight, variant_order) of bound values,
-- and the included attributed_events binds the YYYY-MM-DD range.
WITH facts AS (
  SELECT
    user_id,
    event_type,
    CASE
      WHEN event_type <> 'buy' AND experiment = {{experiment}} THEN variant
      WHEN event_type = 'buy' AND click_experiment = {{experiment}} THEN click_variant
    END AS variant,
    amount
  FROM ({{query:attributed_events}}) AS attributed
),
per_user AS (
  SELECT
    variant,
    user_id,
    CAST(COUNT(CASE WHEN event_type = 'impression' THEN 1 END) AS DOUBLE) AS impressions,
    CAST(COUNT(CASE WHEN event_type = 'click' THEN 1 END) AS DOUBLE) AS clicks,
    CAST(COUNT(CASE WHEN event_type = 'buy' THEN 1 END) AS DOUBLE) AS conversions,
    COALESCE(SUM(amount), CAST(0 AS DOUBLE)) AS revenue
  FROM facts
  WHERE variant IS NOT NULL
  GROUP BY variant, user_id
),
variants AS (
  SELECT
    allocation.variant,
    allocation.weight,
    allocation.variant_order,
    CAST(COUNT(exposed.user_id) AS DOUBLE) AS users,
    COALESCE(SUM(exposed.impressions), 0) AS impressions,
    COALESCE(SUM(exposed.clicks), 0) AS clicks,
    COALESCE(SUM(exposed.conversions), 0) AS conversions,
    CAST(COUNT(CASE WHEN exposed.conversions > 0 THEN 1 END) AS DOUBLE) AS converters,
    COALESCE(SUM(exposed.revenue), 0) AS revenue,
    AVG(exposed.impressions) AS mean_impressions,
    VAR_SAMP(exposed.impressions) AS var_impressions,
    VAR_SAMP(exposed.clicks) AS var_clicks,
    COVAR_SAMP(exposed.clicks, exposed.impressions) AS cov_clicks_impressions,
    VAR_SAMP(exposed.revenue) AS var_revenue
  FROM {{allocation}}
  LEFT JOIN (SELECT * FROM per_user WHERE impressions > 0) AS exposed
    ON exposed.variant = allocation.variant
  GROUP BY allocation.variant, allocation.weight, allocation.variant_order
),
ratios AS (
  SELECT
    *,
    clicks / NULLIF(impressions, 0) AS ctr,
    converters / NULLIF(users, 0) AS conversion_rate,
    revenue / NULLIF(users, 0) AS revenue_per_user
  FROM variants
),
per_metric AS (
  SELECT
    ratios.*,
    metrics.metric,
    CASE metrics.metric
      WHEN 'ctr' THEN ctr
      WHEN 'conversion_rate' THEN conversion_rate
      ELSE revenue_per_user
    END AS value,
    -- Variance of the estimate: delta method, binomial, and s^2 / n respectively.
    CASE metrics.metric
      WHEN 'ctr' THEN (var_clicks - 2 * ctr * cov_clicks_impressions + ctr * ctr * var_impressions)
        / NULLIF(users * mean_impressions * mean_impressions, 0)
      WHEN 'conversion_rate' THEN conversion_rate * (1 - conversion_rate) / NULLIF(users, 0)
      ELSE var_revenue / NULLIF(users, 0)
    END AS variance
  FROM ratios
  CROSS JOIN (VALUES ('ctr'), ('conversion_rate'), ('revenue_per_user')) AS metrics (metric)
),
with_control AS (
  SELECT
    *,
    MAX(CASE WHEN variant_order = 0 THEN value END) OVER (PARTITION BY metric) AS control_value,
    MAX(CASE WHEN variant_order = 0 THEN variance END) OVER (PARTITION BY metric)
      AS control_variance,
    MAX(CASE WHEN variant_order = 0 THEN users END) OVER (PARTITION BY metric) AS control_users,
    MAX(CASE WHEN variant_order = 0 THEN converters END) OVER (PARTITION BY metric)
      AS control_converters,
    SUM(users) OVER (PARTITION BY metric) AS all_users,
    SUM(weight) OVER (PARTITION BY metric) AS all_weight,
    CAST(COUNT(*) OVER (PARTITION BY metric) - 1 AS DOUBLE) AS srm_df
  FROM per_metric
),
tested AS (
  SELECT
    *,
    CASE WHEN variant_order > 0 THEN value - control_value END AS difference,
    CASE WHEN variant_order > 0 THEN SQRT(variance + control_variance) END AS difference_se,
    CASE
      WHEN variant_order = 0 THEN NULL
      WHEN metric = 'conversion_rate' THEN (value - control_value) / NULLIF(SQRT(
        ((converters + control_converters) / (users + control_users))
        * (1 - (converters + control_converters) / (users + control_users))
        * (1 / users + 1 / control_users)
      ), 0)
      ELSE (value - control_value) / NULLIF(SQRT(variance + control_variance), 0)
    END AS z,
    SUM(
      (users - all_users * weight / all_weight) * (users - all_users * weight / all_weight)
      / NULLIF(all_users * weight / all_weight, 0)
    ) OVER (PARTITION BY metric) AS srm_chi_square
  FROM with_control
),
tails AS (
  SELECT
    *,
    -- A&S 7.1.26's t for erfc(|z| / sqrt 2); 0.7071067811865476 = 1 / sqrt 2.
    1 / (1 + 0.3275911 * ABS(z) * 0.7071067811865476) AS t_z,
    -- The SRM statistic as a standard normal deviate: sqrt(chi2) for 1 df, else Wilson-Hilferty.
    CASE
      WHEN srm_df = 1 THEN SQRT(srm_chi_square)
      ELSE (POWER(srm_chi_square / srm_df, CAST(1 AS DOUBLE) / 3) - (1 - 2 / (9 * srm_df)))
        / SQRT(2 / (9 * srm_df))
    END AS srm_z
  FROM tested
),
srm_tails AS (
  SELECT *, 1 / (1 + 0.3275911 * ABS(srm_z) * 0.7071067811865476) AS t_srm
  FROM tails
)
SELECT
  CAST({{experiment}} AS VARCHAR) AS experiment,
  variant,
  CAST(variant_order AS BIGINT) AS variant_order,
  weight / all_weight AS allocation,
  CAST(users AS BIGINT) AS users,
  CAST(impressions AS BIGINT) AS impressions,
  CAST(clicks AS BIGINT) AS clicks,
  CAST(conversions AS BIGINT) AS conversions,
  CAST(converters AS BIGINT) AS converters,
  ROUND(revenue, 6) AS revenue,
  metric,
  value,
  value - 1.959963984540054 * SQRT(variance) AS ci_low,
  value + 1.959963984540054 * SQRT(variance) AS ci_high,
  difference,
  difference - 1.959963984540054 * difference_se AS difference_low,
  difference + 1.959963984540054 * difference_se AS difference_high,
  difference / NULLIF(control_value, 0) AS relative_difference,
  z,
  -- Two-sided: erfc(|z| / sqrt 2).
  t_z * (0.254829592 + t_z * (-0.284496736 + t_z * (1.421413741 + t_z * (-1.453152027
    + t_z * 1.061405429)))) * EXP(-z * z / 2) AS p_value,
  srm_chi_square,
  CAST(srm_df AS BIGINT) AS srm_df,
  -- Upper tail: for 1 df the two-sided normal tail of sqrt(chi2); else the upper normal tail.
  CASE
    WHEN srm_df = 1 OR srm_z >= 0 THEN
      (CASE WHEN srm_df = 1 THEN 1 ELSE 0.5 END)
      * t_srm * (0.254829592 + t_srm * (-0.284496736 + t_srm * (1.421413741
        + t_srm * (-1.453152027 + t_srm * 1.061405429)))) * EXP(-srm_z * srm_z / 2)
    ELSE 1 - 0.5 * t_srm * (0.254829592 + t_srm * (-0.284496736 + t_srm * (1.421413741
        + t_srm * (-1.453152027 + t_srm * 1.061405429)))) * EXP(-srm_z * srm_z / 2)
  END AS srm_p_value
FROM srm_tails
