/**
 * The runtime Lambda handlers of the recommender, run with the configuration the shipped stacks'
 * plans give them and with data at the behaviour-log schema's limits: every id as long as the
 * schema allows (read from the schema, with non-ASCII characters so lengths count characters),
 * the largest price and quantity, more events per session than one PutEvents call takes, and
 * longer served lists than one impression list holds.
 */
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { PersonalizeEventsClient } from "@aws-sdk/client-personalize-events";
import {
  GetRecommendationsCommand,
  PersonalizeRuntimeClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-personalize-runtime";
import { mockClient } from "aws-sdk-client-mock";

import type { LambdaFunctionURLEvent } from "aws-lambda";
import type { PlanResult } from "../../../../offline/plan";
import { processBatch } from "../../../../components/personalize-recommender/events/handler";
import {
  handleRecommend,
  loadRecommendConfig,
} from "../../../../components/personalize-recommender/api/handler";
import { MAX_CHANNEL_LENGTH } from "../../../../components/personalize-recommender/api/params";
import { type BehaviourEvent, validateEvent } from "../../../../events";
import schema from "../../../../events/behaviour-event.schema.json";
import { batch, uuid } from "../../../personalize-recommender/handler-fixtures";
import { mockedRequests } from "../recorder";
import type { ApiRequest } from "../validate";

type Field = keyof typeof schema.properties;
const property = (field: Field) => schema.properties[field] as Record<string, any>;

/** The longest value the schema allows for a string field, `tag` making it distinct. */
export function longest(field: Field, tag: string): string {
  const max = property(field).maxLength as number;
  // Slugs (channel) take only [a-z0-9]; other ids take any character, counted as one each: a
  // 4-byte one outside the BMP (two UTF-16 units), the worst case for byte and unit counts.
  const filler = property(field).pattern ? "z" : "\u{1F600}";
  return `${tag}-`.concat(filler.repeat(max - tag.length - 1));
}

/** The largest number the schema allows for a field (the largest double when it sets no bound). */
function largest(field: Field): number {
  return (property(field).maximum as number | undefined) ?? Number.MAX_VALUE;
}

export function lambdaEnv(plan: PlanResult, name: string): Record<string, string> {
  const fn = plan.resources.find(
    (r) => r.type === "aws:lambda/function:Function" && r.name.endsWith(name),
  );
  if (!fn) throw new Error(`the ${plan.stack} plan has no Lambda function named *${name}`);
  return (
    (fn.inputs as { environment?: { variables?: Record<string, string> } }).environment
      ?.variables ?? {}
  );
}

/** One session's events at the schema's limits: 12 interactions and a 30-item served list. */
export function eventsAtLimits(
  recommendationId = longest("recommendation_id", "r"),
): BehaviourEvent[] {
  const who = {
    user_id: longest("user_id", "u"),
    session_id: longest("session_id", "s"),
    device: "android" as const,
    page: longest("page", "p"),
  };
  const channel = longest("channel", "c");
  const item = (n: number) => longest("item_id", `i${n}`);
  const at = (n: number) => new Date(Date.UTC(2026, 10, 26, 3, 0, n)).toISOString();
  const impressions = Array.from({ length: 30 }, (_, i) => ({
    ...who,
    event_id: uuid(),
    event_type: "impression" as const,
    event_time: at(0),
    item_id: item(i),
    channel,
    recommendation_id: recommendationId,
    position: i === 29 ? largest("position") : i + 1,
  }));
  const interactions = Array.from({ length: 12 }, (_, i) => ({
    ...who,
    event_id: uuid(),
    event_type: (["view", "click", "cart", "buy"] as const)[i % 4],
    event_time: at(i + 1),
    item_id: item(i),
    ...(i % 4 === 1 ? { channel, recommendation_id: recommendationId } : {}),
    ...(i % 4 === 3 ? { price: largest("price"), quantity: largest("quantity") } : {}),
  }));
  const visit = { ...who, event_id: uuid(), event_type: "visit" as const, event_time: at(0) };
  return [visit, ...impressions, ...interactions] as BehaviourEvent[];
}

/** PutEvents requests of a batch of `events` (which must be schema-valid) for each stack. */
export async function putEventsRequests(
  plans: readonly PlanResult[],
  events: readonly BehaviourEvent[],
): Promise<ApiRequest[]> {
  const invalid = events.map((e) => validateEvent(e)).filter((r) => !r.valid);
  if (invalid.length > 0) throw new Error(`not schema-valid: ${JSON.stringify(invalid)}`);
  const mock = mockClient(PersonalizeEventsClient);
  mock.onAnyCommand().resolves({});
  try {
    for (const plan of plans) {
      const trackingId = lambdaEnv(plan, "-reco-events").TRACKING_ID;
      await processBatch(batch(events), {
        client: new PersonalizeEventsClient({}),
        trackingId,
        log: () => undefined,
      });
    }
    return mockedRequests(mock, PersonalizeEventsClient);
  } finally {
    mock.restore();
  }
}

const get = (query: Record<string, string>) =>
  ({
    queryStringParameters: query,
    requestContext: { http: { method: "GET" } },
  }) as unknown as LambdaFunctionURLEvent;

export interface RecommendRun {
  readonly requests: ApiRequest[];
  /** The impression events the API logged, decoded from the PutRecords entries. */
  readonly logged: BehaviourEvent[];
}

/**
 * The recommendation API with each stack's configuration, the longest ids and channel a caller may
 * pass, the most results: once served by Personalize (with no list id, so the API mints one) and
 * once by the fallback (campaign not found).
 */
export async function recommendRequests(plans: readonly PlanResult[]): Promise<RecommendRun> {
  const requests: ApiRequest[] = [];
  const personalize = mockClient(PersonalizeRuntimeClient);
  const kinesis = mockClient(KinesisClient);
  kinesis.on(PutRecordsCommand).callsFake((input) => ({
    FailedRecordCount: 0,
    Records: input.Records.map((_: unknown, i: number) => ({
      SequenceNumber: `${i}`,
      ShardId: "shardId-0",
    })),
  }));
  const items = Array.from({ length: 25 }, (_, i) => ({ itemId: longest("item_id", `i${i}`) }));
  const query = {
    userId: longest("user_id", "u"),
    sessionId: longest("session_id", "s"),
    channel: "c".repeat(MAX_CHANNEL_LENGTH),
    numResults: "25",
  };
  try {
    for (const plan of plans) {
      const config = loadRecommendConfig(lambdaEnv(plan, "-reco-api"));
      const deps = {
        personalize: new PersonalizeRuntimeClient({}),
        kinesis: new KinesisClient({}),
        fallback: { configured: items.map((i) => i.itemId) },
        newId: uuid,
        sleep: async () => undefined,
      };
      personalize.reset();
      personalize.on(GetRecommendationsCommand).resolves({ itemList: items });
      await handleRecommend(get(query), config, deps);
      personalize
        .on(GetRecommendationsCommand)
        .rejects(new ResourceNotFoundException({ message: "no campaign", $metadata: {} }));
      await handleRecommend(get({ ...query, filter: "none" }), config, deps);
      requests.push(...mockedRequests(personalize, PersonalizeRuntimeClient));
    }
    const logged = kinesis
      .commandCalls(PutRecordsCommand)
      .flatMap((c) =>
        c.args[0].input.Records!.map((r) => JSON.parse(Buffer.from(r.Data!).toString())),
      );
    return { requests: [...requests, ...mockedRequests(kinesis, KinesisClient)], logged };
  } finally {
    personalize.restore();
    kinesis.restore();
  }
}
