import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import {
  GetRecommendationsCommand,
  PersonalizeRuntimeClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-personalize-runtime";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  type RecommendConfig,
  type RecommendDeps,
  handleRecommend,
  handler,
  loadRecommendConfig,
  mintRecommendationId,
} from "../../../components/personalize-recommender/api/handler";
import { partitionKeyFor } from "../../../components/shared/partition-key";
import { validateEvent } from "../../../events";
import { captureLogs } from "../handler-fixtures";

// Stubs replace send() on every client of their class: installed for this suite only, so the
// suites that talk to kinesalite and dynalite get real clients whatever order mocha runs them in.
let personalize: AwsClientStub<PersonalizeRuntimeClient>;
let kinesis: AwsClientStub<KinesisClient>;

const CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/reco";
const EXCLUDE_PURCHASED = "arn:aws:personalize:us-east-1:123456789012:filter/exclude-purchased";
const NOW = new Date("2026-11-26T03:22:36.123Z");

const config = (overrides: Partial<RecommendConfig> = {}): RecommendConfig => ({
  campaignArn: CAMPAIGN,
  filters: { "exclude-purchased": EXCLUDE_PURCHASED },
  defaultFilter: "exclude-purchased",
  streamName: "events",
  ...overrides,
});

function deps(overrides: Partial<RecommendDeps> = {}): RecommendDeps {
  let n = 0;
  return {
    personalize: new PersonalizeRuntimeClient({}),
    kinesis: new KinesisClient({}),
    fallback: { configured: ["pop-1", "pop-2", "pop-3"] },
    now: () => NOW,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    sleep: async () => undefined,
    ...overrides,
  };
}

function get(query: Record<string, string> | undefined, method = "GET"): LambdaFunctionURLEvent {
  return {
    queryStringParameters: query,
    requestContext: { http: { method } },
  } as unknown as LambdaFunctionURLEvent;
}

/** Impression events written to the stream, decoded. */
const loggedImpressions = () =>
  kinesis
    .commandCalls(PutRecordsCommand)
    .flatMap((c) =>
      c.args[0].input.Records!.map((r) => JSON.parse(Buffer.from(r.Data!).toString())),
    );

describe("recommend handler: the recommendation API", () => {
  before(() => {
    personalize = mockClient(PersonalizeRuntimeClient);
    kinesis = mockClient(KinesisClient);
  });
  after(() => {
    personalize.restore();
    kinesis.restore();
  });
  beforeEach(() => {
    personalize.reset();
    kinesis.reset();
    kinesis.on(PutRecordsCommand).callsFake((input) => ({
      FailedRecordCount: 0,
      Records: input.Records.map((_: unknown, i: number) => ({
        SequenceNumber: String(i),
        ShardId: "shardId-0",
      })),
    }));
  });

  describe("when the campaign answers", () => {
    beforeEach(() => {
      personalize.on(GetRecommendationsCommand).resolves({
        recommendationId: "RID-42",
        itemList: [
          { itemId: "i-7", score: 0.5 },
          { itemId: "i-3", score: 0.25 },
        ],
      });
    });

    it("returns Personalize's items with the default filter and logs each as an impression", async () => {
      const response = await handleRecommend(
        get({ userId: "u-1", channel: "home-rfy", numResults: "2", sessionId: "s-1" }),
        config(),
        deps(),
      );
      expect(response.statusCode).to.equal(200);
      expect(response.headers).to.deep.equal({
        "content-type": "application/json",
        "cache-control": "no-store",
      });
      expect(JSON.parse(response.body!)).to.deep.equal({
        items: [
          { itemId: "i-7", score: 0.5 },
          { itemId: "i-3", score: 0.25 },
        ],
        recommendationId: "RID-42",
        channel: "home-rfy",
        source: "personalize",
      });
      expect(personalize.commandCalls(GetRecommendationsCommand)[0].args[0].input).to.deep.equal({
        campaignArn: CAMPAIGN,
        userId: "u-1",
        numResults: 2,
        filterArn: EXCLUDE_PURCHASED,
      });
      const calls = kinesis.commandCalls(PutRecordsCommand);
      expect(calls).to.have.length(1);
      expect(calls[0].args[0].input.StreamName).to.equal("events");
      expect(calls[0].args[0].input.Records!.map((r) => r.PartitionKey)).to.deep.equal([
        "u-1",
        "u-1",
      ]);
      const events = loggedImpressions();
      expect(events).to.deep.equal([
        {
          event_id: "00000000-0000-4000-8000-000000000001",
          event_type: "impression",
          event_time: "2026-11-26T03:22:36.123Z",
          user_id: "u-1",
          session_id: "s-1",
          item_id: "i-7",
          channel: "home-rfy",
          recommendation_id: "RID-42",
          position: 1,
        },
        {
          event_id: "00000000-0000-4000-8000-000000000002",
          event_type: "impression",
          event_time: "2026-11-26T03:22:36.123Z",
          user_id: "u-1",
          session_id: "s-1",
          item_id: "i-3",
          channel: "home-rfy",
          recommendation_id: "RID-42",
          position: 2,
        },
      ]);
      // The API is a producer like any other: what it logs passes the behaviour-log schema.
      expect(events.map((e) => validateEvent(e).valid)).to.deep.equal([true, true]);
    });

    it("mints a list id PutEvents accepts when Personalize sends none, or one longer than 40", async () => {
      for (const recommendationId of [undefined, `RID-${"7".repeat(37)}`]) {
        personalize.on(GetRecommendationsCommand).resolves({
          ...(recommendationId !== undefined ? { recommendationId } : {}),
          itemList: [{ itemId: "i-7" }],
        });
        kinesis.resetHistory();
        const response = await handleRecommend(
          get({ userId: "u-1", channel: "home-rfy", sessionId: "s-1" }),
          config(),
          deps(),
        );
        const body = JSON.parse(response.body!);
        // The UUID's 128 bits in base64url: 34 characters, where personalize-<uuid> had 48.
        expect(body.recommendationId).to.equal("personalize-AAAAAAAAQACAAAAAAAAAAQ");
        const [logged] = loggedImpressions();
        expect(logged.recommendation_id).to.equal("personalize-AAAAAAAAQACAAAAAAAAAAQ");
        expect(validateEvent(logged).valid).to.equal(true);
      }
      expect(mintRecommendationId("fallback-", "ffffffff-ffff-4fff-bfff-ffffffffffff")).to.equal(
        "fallback-________T_-__________w",
      );
      expect(() => mintRecommendationId("fallback-", "r-1")).to.throw('not a UUID: "r-1"');
    });

    it("asks for 10 items by default, without a filter on filter=none, and uses the list id as session", async () => {
      await handleRecommend(
        get({ userId: "u-1", channel: "pdp-similar", filter: "none" }),
        config(),
        deps(),
      );
      expect(personalize.commandCalls(GetRecommendationsCommand)[0].args[0].input).to.deep.equal({
        campaignArn: CAMPAIGN,
        userId: "u-1",
        numResults: 10,
      });
      expect(loggedImpressions().map((e) => e.session_id)).to.deep.equal(["RID-42", "RID-42"]);
    });

    it("retries only the impressions a partial PutRecords failure rejected", async () => {
      kinesis.reset();
      kinesis
        .on(PutRecordsCommand)
        .resolvesOnce({
          FailedRecordCount: 1,
          Records: [
            { SequenceNumber: "1", ShardId: "shardId-0" },
            { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "slow down" },
          ],
        })
        .resolves({
          FailedRecordCount: 0,
          Records: [{ SequenceNumber: "2", ShardId: "shardId-0" }],
        });
      const response = await handleRecommend(
        get({ userId: "u-1", channel: "home-rfy" }),
        config(),
        deps(),
      );
      expect(response.statusCode).to.equal(200);
      const calls = kinesis.commandCalls(PutRecordsCommand);
      expect(calls.map((c) => c.args[0].input.Records!.length)).to.deep.equal([2, 1]);
      const retried = JSON.parse(Buffer.from(calls[1].args[0].input.Records![0].Data!).toString());
      expect(retried).to.include({ item_id: "i-3", position: 2 });
    });

    it("counts the impressions it could not write, logging no personal data, and still answers", async () => {
      kinesis.reset();
      kinesis
        .on(PutRecordsCommand)
        .rejects(Object.assign(new Error("down for u-1"), { name: "InternalFailure" }));
      const { result, lines } = await captureLogs(() =>
        handleRecommend(
          get({ userId: "u-1", channel: "home-rfy", sessionId: "sess-9" }),
          config(),
          deps(),
        ),
      );
      expect(result.statusCode).to.equal(200);
      expect(kinesis.commandCalls(PutRecordsCommand)).to.have.length(3);
      const lost = lines.find((l) => l.message === "impressions not logged");
      expect({ ...lost, _aws: undefined }).to.deep.equal({
        _aws: undefined,
        FunctionName: "local",
        level: "ERROR",
        message: "impressions not logged",
        ImpressionsNotLogged: 2,
        error: "InternalFailure",
      });
      expect(lost._aws.CloudWatchMetrics).to.deep.equal([
        {
          Namespace: "RecoAnalytics/RecommendationApi",
          Dimensions: [["FunctionName"]],
          Metrics: [{ Name: "ImpressionsNotLogged", Unit: "Count" }],
        },
      ]);
      const all = JSON.stringify(lines);
      expect(all).not.to.include("u-1");
      expect(all).not.to.include("sess-9");
    });

    it("answers when the stream never responds: impression logging gives up at its budget", async () => {
      kinesis.reset();
      // A stream that accepts the connection and never answers (and ignores the abort signal).
      kinesis.on(PutRecordsCommand).callsFake(() => new Promise(() => undefined));
      const { result, lines } = await captureLogs(() =>
        handleRecommend(get({ userId: "u-1", channel: "home-rfy" }), config(), deps()),
      );
      expect(result.statusCode).to.equal(200);
      expect(JSON.parse(result.body!).items).to.have.length(2);
      // One call: the budget was spent waiting for it, so no retry was started.
      expect(kinesis.commandCalls(PutRecordsCommand)).to.have.length(1);
      expect(lines.find((l) => l.message === "impressions not logged")).to.deep.include({
        ImpressionsNotLogged: 2,
        error: "TimeoutError",
      });
    });
  });

  describe("when the campaign cannot answer (fallback)", () => {
    it("serves the configured list when the stack has no campaign, under the fallback channel", async () => {
      const response = await handleRecommend(
        get({ userId: "u-1", channel: "home-rfy", numResults: "2" }),
        config({ campaignArn: undefined }),
        deps(),
      );
      expect(response.statusCode).to.equal(200);
      expect(JSON.parse(response.body!)).to.deep.equal({
        items: [{ itemId: "pop-1" }, { itemId: "pop-2" }],
        recommendationId: "fallback-AAAAAAAAQACAAAAAAAAAAQ",
        channel: "home-rfy-fallback",
        source: "fallback",
        reason: "campaign-not-configured",
        fallbackFrom: "configured-list",
      });
      expect(personalize.commandCalls(GetRecommendationsCommand)).to.have.length(0);
      const events = loggedImpressions();
      expect(
        events.map((e) => [e.item_id, e.position, e.channel, e.recommendation_id]),
      ).to.deep.equal([
        ["pop-1", 1, "home-rfy-fallback", "fallback-AAAAAAAAQACAAAAAAAAAAQ"],
        ["pop-2", 2, "home-rfy-fallback", "fallback-AAAAAAAAQACAAAAAAAAAAQ"],
      ]);
      expect(events.every((e) => validateEvent(e).valid)).to.equal(true);
    });

    it("serves trending items first, topped up from the list, when the campaign does not exist yet", async () => {
      personalize.on(GetRecommendationsCommand).rejects(
        new ResourceNotFoundException({
          message: "no campaign",
          $metadata: { httpStatusCode: 404 },
        }),
      );
      const trendingLimits: number[] = [];
      const { result } = await captureLogs(() =>
        handleRecommend(
          get({ userId: "u-1", channel: "home-rfy", numResults: "4" }),
          config(),
          deps({
            fallback: {
              configured: ["pop-1", "hot-2", "pop-3"],
              trending: async (limit) => (trendingLimits.push(limit), ["hot-1", "hot-2"]),
            },
          }),
        ),
      );
      expect(trendingLimits).to.deep.equal([4]);
      expect(JSON.parse(result.body!)).to.deep.include({
        items: [{ itemId: "hot-1" }, { itemId: "hot-2" }, { itemId: "pop-1" }, { itemId: "pop-3" }],
        source: "fallback",
        reason: "campaign-not-found",
        fallbackFrom: "realtime-trending",
      });
      expect(loggedImpressions()).to.have.length(4);
    });

    it("falls back when Personalize throttles, and to the list when the view read fails", async () => {
      personalize
        .on(GetRecommendationsCommand)
        .rejects(
          Object.assign(new Error("rate exceeded"), { name: "ThrottlingException", $metadata: {} }),
        );
      const { result, lines } = await captureLogs(() =>
        handleRecommend(
          get({ userId: "u-1", channel: "home-rfy", numResults: "1" }),
          config(),
          deps({
            fallback: {
              configured: ["pop-1"],
              trending: async () => {
                throw Object.assign(new Error("table gone"), { name: "ResourceNotFoundException" });
              },
            },
          }),
        ),
      );
      expect(JSON.parse(result.body!)).to.deep.include({
        items: [{ itemId: "pop-1" }],
        reason: "personalize-unavailable",
        fallbackFrom: "configured-list",
      });
      expect(lines.map((l) => l.message)).to.deep.equal([
        "serving fallback",
        "trending read failed; serving the configured list",
      ]);
    });

    it("answers an empty fallback list when nothing is configured, logging no impressions", async () => {
      const response = await handleRecommend(
        get({ userId: "u-1", channel: "home-rfy" }),
        config({ campaignArn: undefined }),
        deps({ fallback: { configured: [] } }),
      );
      expect(JSON.parse(response.body!)).to.deep.include({ items: [], fallbackFrom: "none" });
      expect(kinesis.commandCalls(PutRecordsCommand)).to.have.length(0);
    });

    it("answers 502, not a fallback, when Personalize denies access (a deployment fault)", async () => {
      personalize.on(GetRecommendationsCommand).rejects(
        Object.assign(new Error("no"), {
          name: "AccessDeniedException",
          $metadata: { httpStatusCode: 403 },
        }),
      );
      const { result } = await captureLogs(() =>
        handleRecommend(get({ userId: "u-1", channel: "home-rfy" }), config(), deps()),
      );
      expect(result.statusCode).to.equal(502);
      expect(JSON.parse(result.body!)).to.deep.equal({
        error: "recommendations unavailable: AccessDeniedException",
      });
      expect(kinesis.commandCalls(PutRecordsCommand)).to.have.length(0);
    });
  });

  describe("request validation", () => {
    it("lists every invalid parameter in one 400", async () => {
      const response = await handleRecommend(
        get({ channel: "Home RFY", numResults: "26", filter: "cheap", userid: "u-1" }),
        config(),
        deps(),
      );
      expect(response.statusCode).to.equal(400);
      expect(JSON.parse(response.body!)).to.deep.equal({
        error: "invalid request",
        problems: [
          'unknown query parameter "userid"; allowed: userId, channel, numResults, filter, sessionId',
          "userId is required: pass ?userId=<id> (1-256 characters)",
          'channel "Home RFY" is invalid; it must be a lower-case slug of at most 55 characters (letters, digits, single - _ . between them), e.g. home-rfy',
          'numResults "26" is invalid; it must be an integer from 1 to 25 (default 10)',
          'filter "cheap" is not configured; allowed: exclude-purchased, none',
        ],
      });
      expect(personalize.commandCalls(GetRecommendationsCommand)).to.have.length(0);
      expect(kinesis.commandCalls(PutRecordsCommand)).to.have.length(0);
    });

    it("requires a channel and rejects fractional or zero numResults and over-long ids", async () => {
      const cases: [Record<string, string> | undefined, string[]][] = [
        [
          undefined,
          [
            "userId is required: pass ?userId=<id> (1-256 characters)",
            "channel is required: pass ?channel=<placement>, e.g. home-rfy",
          ],
        ],
        [
          { userId: "u", channel: "c", numResults: "2.5" },
          ['numResults "2.5" is invalid; it must be an integer from 1 to 25 (default 10)'],
        ],
        [
          { userId: "u", channel: "c", numResults: "0" },
          ['numResults "0" is invalid; it must be an integer from 1 to 25 (default 10)'],
        ],
        [
          { userId: "u".repeat(257), channel: "c", sessionId: "" },
          ["userId is 257 characters; it must be 1-256"],
        ],
        [
          // Counted in characters, as the event schema counts them: 257 emoji, not 514 units.
          { userId: "😀".repeat(257), channel: "c" },
          ["userId is 257 characters; it must be 1-256"],
        ],
      ];
      for (const [query, problems] of cases) {
        const response = await handleRecommend(get(query), config(), deps());
        expect(JSON.parse(response.body!).problems, JSON.stringify(query)).to.deep.equal(problems);
      }
    });

    it("accepts an id of 256 characters outside the BMP, as the event schema does", async () => {
      personalize.on(GetRecommendationsCommand).resolves({ itemList: [{ itemId: "i-1" }] });
      const userId = "😀".repeat(256);
      const response = await handleRecommend(get({ userId, channel: "c" }), config(), deps());
      expect(response.statusCode).to.equal(200);
      const [logged] = loggedImpressions();
      expect(logged.user_id).to.equal(userId);
      expect(validateEvent(logged).valid).to.equal(true);
      const [entry] = kinesis.commandCalls(PutRecordsCommand)[0].args[0].input.Records!;
      expect(entry.PartitionKey).to.equal(partitionKeyFor(userId));
    });

    it("answers 405 to anything but GET", async () => {
      const response = await handleRecommend(
        get({ userId: "u", channel: "c" }, "POST"),
        config(),
        deps(),
      );
      expect(response.statusCode).to.equal(405);
      expect(response.headers).to.include({ allow: "GET" });
      expect(JSON.parse(response.body!)).to.deep.equal({
        error: "method POST is not allowed; use GET",
      });
    });
  });

  describe("configuration from the environment", () => {
    it("reads campaign, filters, default filter, stream and fallback list", () => {
      expect(
        loadRecommendConfig({
          CAMPAIGN_ARN: CAMPAIGN,
          FILTER_ARNS: JSON.stringify({ "exclude-purchased": EXCLUDE_PURCHASED }),
          DEFAULT_FILTER: "exclude-purchased",
          STREAM_NAME: "events",
          FALLBACK_ITEMS: '["a","b"]',
          VIEW_TABLE_NAME: "view",
        }),
      ).to.deep.equal({
        campaignArn: CAMPAIGN,
        filters: { "exclude-purchased": EXCLUDE_PURCHASED },
        defaultFilter: "exclude-purchased",
        streamName: "events",
        fallbackItems: ["a", "b"],
        viewTableName: "view",
      });
      expect(loadRecommendConfig({ STREAM_NAME: "events", CAMPAIGN_ARN: "" })).to.deep.equal({
        filters: {},
        streamName: "events",
        fallbackItems: [],
      });
    });

    it("fails at cold start naming the variable that is wrong", () => {
      expect(() => loadRecommendConfig({})).to.throw(
        "environment variable STREAM_NAME is not set; the component that deploys this function sets it",
      );
      expect(() => loadRecommendConfig({ STREAM_NAME: "s", FALLBACK_ITEMS: "a,b" })).to.throw(
        'environment variable FALLBACK_ITEMS must be JSON (an array of item ids), got "a,b"',
      );
      expect(() => loadRecommendConfig({ STREAM_NAME: "s", FILTER_ARNS: '["x"]' })).to.throw(
        'environment variable FILTER_ARNS must be an object of filter name to ARN, got ["x"]',
      );
      expect(() => loadRecommendConfig({ STREAM_NAME: "s", DEFAULT_FILTER: "x" })).to.throw(
        'environment variable DEFAULT_FILTER is "x" but FILTER_ARNS has only []',
      );
    });
  });

  describe("entry point", () => {
    const saved = { ...process.env };
    after(() => {
      process.env = { ...saved };
    });

    it("serves the real-time view's trending list when the stack has no campaign", async () => {
      process.env.STREAM_NAME = "events";
      process.env.VIEW_TABLE_NAME = "view-table";
      process.env.FALLBACK_ITEMS = '["pop-1"]';
      delete process.env.CAMPAIGN_ARN;
      const view = mockClient(DynamoDBDocumentClient);
      view
        .on(QueryCommand, { Limit: 1 })
        .resolves({
          Items: [{ sk: "WINDOW#2026-11-26T03:22Z#RANK#001", window_start: "a", window_end: "b" }],
        })
        .on(QueryCommand, { Limit: 2 })
        .resolves({ Items: [{ item_id: "hot-1", clicks: 9, rank: 1 }] });
      try {
        const response = await handler(
          get({ userId: "u-1", channel: "home-rfy", numResults: "2" }),
        );
        expect(JSON.parse(response.body!)).to.deep.include({
          items: [{ itemId: "hot-1" }, { itemId: "pop-1" }],
          reason: "campaign-not-configured",
          fallbackFrom: "realtime-trending",
        });
        expect(view.commandCalls(QueryCommand).map((c) => c.args[0].input.TableName)).to.deep.equal(
          ["view-table", "view-table"],
        );
        expect(loggedImpressions()).to.have.length(2);
      } finally {
        view.restore();
      }
    });
  });
});
