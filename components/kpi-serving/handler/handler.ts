/**
 * The KPI serving API, behind an IAM-authenticated Lambda function URL, and the same function as
 * the dashboard's real-time custom widget.
 *
 *   GET ?channels=a,b&from=YYYY-MM-DD&to=YYYY-MM-DD → merged daily KPIs with their freshness
 *   GET ?channels=a,b&minutes=N                     → CTR per channel by minute (speed view)
 *
 * 400 lists every invalid parameter; 405 for anything but GET; 504 when Athena does not answer
 * in time (the dashboard retries; the cache makes the retry cheap once one run succeeds).
 */
import { AthenaClient } from "@aws-sdk/client-athena";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GlueClient } from "@aws-sdk/client-glue";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type {
  APIGatewayProxyStructuredResultV2 as FunctionUrlResponse,
  LambdaFunctionURLEvent,
} from "aws-lambda";
import { AthenaQueryError } from "./batch";
import { MAX_CHANNELS, MAX_MINUTES, parseKpiQuery } from "./request";
import { latestChannelWindows } from "../../realtime-analytics/view";
import { type ServingConfig, type ServingDeps, dailyKpis, minuteSeries } from "./serve";
import { type WidgetEvent, isWidgetEvent, widgetHtml, widgetMinutes } from "./widget";
import { SLUG } from "../../../events/experiment";

function json(statusCode: number, body: unknown): FunctionUrlResponse {
  return {
    statusCode,
    // Per-request numbers over a moving open day: intermediaries must not keep them.
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify(body),
  };
}

export async function handleKpiRequest(
  event: LambdaFunctionURLEvent,
  config: ServingConfig,
  deps: ServingDeps,
): Promise<FunctionUrlResponse> {
  const method = event.requestContext?.http?.method ?? "GET";
  if (method !== "GET") return json(405, { error: `method ${method} is not allowed; use GET` });
  const parsed = parseKpiQuery(event.queryStringParameters);
  if (!parsed.ok) return json(400, { error: "invalid request", problems: parsed.problems });
  try {
    const request = parsed.request;
    return json(
      200,
      request.kind === "daily"
        ? await dailyKpis(request, config, deps)
        : await minuteSeries(request, config, deps),
    );
  } catch (error) {
    if (error instanceof AthenaQueryError) {
      console.log(JSON.stringify({ level: "ERROR", message: error.message, state: error.state }));
      return json(error.state === "TIMEOUT" ? 504 : 502, { error: error.message });
    }
    throw error;
  }
}

/** The custom widget: `params.channels` of the widget, the dashboard's time range. */
export async function handleWidget(
  event: WidgetEvent,
  config: ServingConfig,
  deps: ServingDeps,
): Promise<string> {
  const pinned = Array.isArray(event.channels)
    ? event.channels.filter((c): c is string => typeof c === "string" && SLUG.test(c))
    : [];
  const channels = pinned.length > 0 ? pinned : await activeChannels(config, deps);
  if (channels.length === 0) {
    return "<p>No channel had impressions or clicks in the speed view in the last 5 minutes.</p>";
  }
  const series = await minuteSeries(
    { channels, minutes: widgetMinutes(event, MAX_MINUTES) },
    config,
    deps,
  );
  return widgetHtml(series, event.widgetContext.width, event.widgetContext.height);
}

/** Channels with traffic in the last 5 minutes, from the view's per-minute index. */
async function activeChannels(config: ServingConfig, deps: ServingDeps): Promise<string[]> {
  if (config.viewTableName === undefined) return [];
  const windows = await latestChannelWindows(deps.dynamo, config.viewTableName, {
    minutes: 5,
    now: (deps.now ?? Date.now)(),
  });
  return [...new Set(windows.map((w) => w.channel))].sort().slice(0, MAX_CHANNELS);
}

function positive(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `environment variable ${name} must be a positive integer, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** The function's configuration, from the environment the component sets. */
export function loadServingConfig(env: NodeJS.ProcessEnv = process.env): ServingConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value)
      throw new Error(
        `environment variable ${name} is not set; the KpiServingApi component sets it`,
      );
    return value;
  };
  return {
    cacheTableName: required("CACHE_TABLE_NAME"),
    ...(env.VIEW_TABLE_NAME ? { viewTableName: env.VIEW_TABLE_NAME } : {}),
    database: required("GLUE_DATABASE"),
    kpiTable: required("KPI_TABLE"),
    workgroup: required("ATHENA_WORKGROUP"),
    batchCacheSeconds: positive("BATCH_CACHE_SECONDS", env.BATCH_CACHE_SECONDS),
    watermarkCacheSeconds: positive("WATERMARK_CACHE_SECONDS", env.WATERMARK_CACHE_SECONDS),
  };
}

let runtime: { config: ServingConfig; deps: ServingDeps } | undefined;

export async function handler(
  event: LambdaFunctionURLEvent | WidgetEvent,
): Promise<FunctionUrlResponse | string> {
  runtime ??= {
    config: loadServingConfig(),
    deps: {
      dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      athena: new AthenaClient({}),
      glue: new GlueClient({}),
    },
  };
  return isWidgetEvent(event)
    ? handleWidget(event, runtime.config, runtime.deps)
    : handleKpiRequest(event, runtime.config, runtime.deps);
}
