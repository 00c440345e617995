/**
 * The recommendation API, behind an IAM-authenticated Lambda function URL.
 *
 *   GET ?userId=&channel=[&numResults=10][&filter=<name>|none][&sessionId=]
 *
 * 200 → `{ items: [{ itemId, score? }], recommendationId, channel, source: "personalize" }`, or,
 * when the campaign cannot answer, `{ items, recommendationId: "fallback-…", channel:
 * "<channel>-fallback", source: "fallback", reason, fallbackFrom }` (see fallback.ts). Either way
 * the served list is logged as impression events under the returned channel and recommendation id:
 * clients log clicks with the same two values, so CTR and CVR are measured for Personalize and the
 * fallback separately. 400 lists every invalid parameter; 405 for methods other than GET; 502 when
 * Personalize rejects the call for a reason a fallback would hide (access denied, bad input).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import {
  GetRecommendationsCommand,
  PersonalizeRuntimeClient,
} from "@aws-sdk/client-personalize-runtime";
import type {
  APIGatewayProxyStructuredResultV2 as FunctionUrlResponse,
  LambdaFunctionURLEvent,
} from "aws-lambda";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { trendingItems } from "../../realtime-analytics/view";
import { FALLBACK_RECOMMENDATION_PREFIX } from "../events/event-mapping";
import { type FallbackReason, type FallbackSources, fallbackList } from "./fallback";
import { impressionEvents, logImpressions } from "./impressions";
import {
  FALLBACK_CHANNEL_SUFFIX,
  NO_FILTER,
  type RecommendRequest,
  parseRecommendQuery,
} from "./params";
import { isStringArray, isStringRecord, jsonEnv, requiredEnv } from "../../shared/handler-runtime";
import { type RecommendExperiment, experimentArm, experimentFromEnv } from "./experiment";

/**
 * The most characters PutEvents accepts as a recommendationId (and so the behaviour-log schema's
 * limit for recommendation_id): every id the API logs must fit it.
 */
export const MAX_RECOMMENDATION_ID_LENGTH = 40;
const PERSONALIZE_RECOMMENDATION_PREFIX = "personalize-";

/**
 * A list id the API mints: the prefix and the UUID's 128 bits in base64url (22 characters), so
 * `personalize-…` (34) and `fallback-…` (31) fit PutEvents' 40 where `<prefix><uuid>` would not.
 */
export function mintRecommendationId(prefix: string, uuid: string): string {
  const hex = uuid.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${JSON.stringify(uuid)}`);
  return `${prefix}${Buffer.from(hex, "hex").toString("base64url")}`;
}

/** Personalize's own id when it sent one that fits; otherwise one minted for the list. */
function recommendationIdOf(fromPersonalize: string | undefined, newId: () => string): string {
  return fromPersonalize !== undefined &&
    fromPersonalize.length >= 1 &&
    fromPersonalize.length <= MAX_RECOMMENDATION_ID_LENGTH
    ? fromPersonalize
    : mintRecommendationId(PERSONALIZE_RECOMMENDATION_PREFIX, newId());
}

export interface RecommendConfig {
  /** Campaign to ask; absent when the stack deploys none. */
  readonly campaignArn?: string;
  /** Filters callers may name (name → ARN). */
  readonly filters: Readonly<Record<string, string>>;
  readonly defaultFilter?: string;
  /** Stream the impression events are written to. */
  readonly streamName: string;
  /** The running experiment: every user is served, and logged under, their variant's arm. */
  readonly experiment?: RecommendExperiment;
}

export interface RecommendDeps {
  readonly personalize: PersonalizeRuntimeClient;
  readonly kinesis: KinesisClient;
  readonly fallback: FallbackSources;
  readonly now?: () => Date;
  readonly newId?: () => string;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RecommendedItem {
  readonly itemId: string;
  readonly score?: number;
}

export interface RecommendBody {
  readonly items: readonly RecommendedItem[];
  readonly recommendationId: string;
  readonly channel: string;
  readonly source: "personalize" | "fallback";
  readonly reason?: FallbackReason;
  readonly fallbackFrom?: string;
  /** Present while an experiment runs: the user's variant, also on every logged impression. */
  readonly experiment?: string;
  readonly variant?: string;
}

function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): FunctionUrlResponse {
  return {
    statusCode,
    // Recommendations are per user and per moment: no cache may keep them.
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
    body: JSON.stringify(body),
  };
}

/** Personalize errors the fallback answers; anything else is a deployment fault to surface. */
function fallbackReasonFor(error: unknown): FallbackReason | undefined {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === "ResourceNotFoundException") return "campaign-not-found";
  if (e.name === "ThrottlingException" || (e.$metadata?.httpStatusCode ?? 0) >= 500) {
    return "personalize-unavailable";
  }
  return undefined;
}

async function fromPersonalize(
  request: RecommendRequest,
  config: RecommendConfig,
  deps: RecommendDeps,
): Promise<RecommendBody | FallbackReason> {
  if (config.campaignArn === undefined) return "campaign-not-configured";
  try {
    const response = await deps.personalize.send(
      new GetRecommendationsCommand({
        campaignArn: config.campaignArn,
        userId: request.userId,
        numResults: request.numResults,
        ...(request.filter !== undefined ? { filterArn: config.filters[request.filter] } : {}),
      }),
    );
    const items = (response.itemList ?? [])
      .filter((i): i is typeof i & { itemId: string } => i.itemId !== undefined)
      .map((i) =>
        i.score !== undefined ? { itemId: i.itemId, score: i.score } : { itemId: i.itemId },
      );
    return {
      items,
      recommendationId: recommendationIdOf(response.recommendationId, deps.newId ?? randomUUID),
      channel: request.channel,
      source: "personalize",
    };
  } catch (error) {
    const reason = fallbackReasonFor(error);
    if (reason === undefined) throw error;
    console.log(
      JSON.stringify({
        level: "WARN",
        message: "serving fallback",
        reason,
        error: (error as Error).name,
      }),
    );
    return reason;
  }
}

export async function handleRecommend(
  event: LambdaFunctionURLEvent,
  config: RecommendConfig,
  deps: RecommendDeps,
): Promise<FunctionUrlResponse> {
  const method = event.requestContext?.http?.method ?? "GET";
  if (method !== "GET") {
    return json(405, { error: `method ${method} is not allowed; use GET` }, { allow: "GET" });
  }
  const parsed = parseRecommendQuery(event.queryStringParameters, config);
  if (!parsed.ok) return json(400, { error: "invalid request", problems: parsed.problems });
  const arm = config.experiment
    ? experimentArm(config.experiment, parsed.request.userId)
    : undefined;
  // A campaign arm with its own filter overrides the caller's, so every user of a variant gets one treatment.
  const request =
    arm?.filter === undefined
      ? parsed.request
      : { ...parsed.request, filter: arm.filter === NO_FILTER ? undefined : arm.filter };
  const labels = arm ? { experiment: arm.experiment, variant: arm.variant } : {};
  const newId = deps.newId ?? randomUUID;

  let body: RecommendBody;
  try {
    const answer =
      arm?.serve === "fallback"
        ? "experiment-holdout"
        : await fromPersonalize(request, config, deps);
    if (typeof answer === "string") {
      const list = await fallbackList(request.numResults, deps.fallback);
      body = {
        items: list.itemIds.map((itemId) => ({ itemId })),
        recommendationId: mintRecommendationId(FALLBACK_RECOMMENDATION_PREFIX, newId()),
        channel: `${request.channel}${FALLBACK_CHANNEL_SUFFIX}`,
        source: "fallback",
        reason: answer,
        fallbackFrom: list.from,
        ...labels,
      };
    } else {
      body = { ...answer, ...labels };
    }
  } catch (error) {
    const e = error as Error;
    console.log(
      JSON.stringify({
        level: "ERROR",
        message: "GetRecommendations failed",
        error: e.name,
        detail: e.message,
      }),
    );
    return json(502, { error: `recommendations unavailable: ${e.name}` });
  }

  if (body.items.length > 0) {
    const events = impressionEvents(
      {
        userId: request.userId,
        sessionId: request.sessionId ?? body.recommendationId,
        channel: body.channel,
        recommendationId: body.recommendationId,
        itemIds: body.items.map((i) => i.itemId),
        ...labels,
      },
      (deps.now ?? (() => new Date()))(),
      newId,
    );
    // Bounded by IMPRESSION_LOG_BUDGET_MS whatever the stream does; failures are counted there.
    await logImpressions(events, {
      kinesis: deps.kinesis,
      streamName: config.streamName,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
  }
  return json(200, body);
}

/** The function's configuration, from the environment the component sets; fails naming the variable. */
export function loadRecommendConfig(
  env: NodeJS.ProcessEnv = process.env,
): RecommendConfig & { fallbackItems: string[]; viewTableName?: string } {
  const filters = jsonEnv(
    "FILTER_ARNS",
    isStringRecord,
    "an object of filter name to ARN",
    {},
    env,
  );
  const defaultFilter = env.DEFAULT_FILTER || undefined;
  if (defaultFilter !== undefined && !(defaultFilter in filters)) {
    throw new Error(
      `environment variable DEFAULT_FILTER is ${JSON.stringify(defaultFilter)} but FILTER_ARNS has only ${JSON.stringify(Object.keys(filters))}`,
    );
  }
  const campaignArn = env.CAMPAIGN_ARN || undefined;
  const viewTableName = env.VIEW_TABLE_NAME || undefined;
  return {
    ...(campaignArn !== undefined ? { campaignArn } : {}),
    filters,
    ...(defaultFilter !== undefined ? { defaultFilter } : {}),
    streamName: requiredEnv("STREAM_NAME", env),
    fallbackItems: jsonEnv("FALLBACK_ITEMS", isStringArray, "an array of item ids", [], env),
    ...optional("experiment", experimentFromEnv(env.EXPERIMENT, Object.keys(filters))),
    ...(viewTableName !== undefined ? { viewTableName } : {}),
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

let runtime: { config: RecommendConfig; deps: RecommendDeps } | undefined;

/** Entry point; clients and configuration are built once per execution environment. */
export async function handler(event: LambdaFunctionURLEvent): Promise<FunctionUrlResponse> {
  if (runtime === undefined) {
    const config = loadRecommendConfig();
    const table = config.viewTableName;
    const view =
      table !== undefined ? DynamoDBDocumentClient.from(new DynamoDBClient({})) : undefined;
    runtime = {
      config,
      deps: {
        personalize: new PersonalizeRuntimeClient({}),
        kinesis: new KinesisClient({}),
        fallback: {
          configured: config.fallbackItems,
          ...(view !== undefined && table !== undefined
            ? {
                trending: async (limit: number) =>
                  (await trendingItems(view, table, { limit })).items.map((i) => i.itemId),
              }
            : {}),
        },
      },
    };
  }
  return handleRecommend(event, runtime.config, runtime.deps);
}
