/**
 * The recommendation API under an experiment: sticky assignment by the shared hashing, each arm
 * served as configured (campaign with its own filter, or the fallback holdout), and the variant
 * on the response and on every logged impression, which the schema accepts.
 */
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import {
  GetRecommendationsCommand,
  PersonalizeRuntimeClient,
} from "@aws-sdk/client-personalize-runtime";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  type RecommendConfig,
  handleRecommend,
  loadRecommendConfig,
} from "../../../components/personalize-recommender/api/handler";
import {
  type RecommendExperiment,
  experimentArm,
  validateExperiment,
} from "../../../components/personalize-recommender/api/experiment";
import { assignVariant, validateEvent } from "../../../events";
import { EXPERIMENT_FILTERS } from "../../../components/personalize-recommender/args";
import { EXCLUDE_PURCHASED_FILTER } from "../../../components/personalize-recommender/recommender";

let personalize: AwsClientStub<PersonalizeRuntimeClient>;
let kinesis: AwsClientStub<KinesisClient>;

const CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/reco";
const EXCLUDE = "arn:aws:personalize:us-east-1:123456789012:filter/exclude-purchased";
const EXPERIMENT: RecommendExperiment = {
  name: "reco-vs-popular",
  salt: "2026-12-01",
  variants: [
    { name: "control", weight: 1, serve: "fallback" },
    { name: "personalized", weight: 1, serve: "campaign", filter: "none" },
  ],
};
const config: RecommendConfig = {
  campaignArn: CAMPAIGN,
  filters: { "exclude-purchased": EXCLUDE },
  defaultFilter: "exclude-purchased",
  streamName: "events",
  experiment: EXPERIMENT,
};
const get = (userId: string) =>
  ({
    queryStringParameters: { userId, channel: "home-rfy", numResults: "2" },
    requestContext: { http: { method: "GET" } },
  }) as unknown as LambdaFunctionURLEvent;

let n = 0;
const deps = () => ({
  personalize: new PersonalizeRuntimeClient({}),
  kinesis: new KinesisClient({}),
  fallback: { configured: ["pop-1", "pop-2"] },
  now: () => new Date("2026-12-01T10:00:00.000Z"),
  newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
  sleep: async () => undefined,
});

/** The first user ids (u-1, u-2, …) the hashing puts in `variant`. */
const usersIn = (variant: string, count: number) => {
  const found: string[] = [];
  for (let i = 1; found.length < count; i++)
    if (assignVariant(EXPERIMENT, `u-${i}`) === variant) found.push(`u-${i}`);
  return found;
};

describe("recommend handler: experiments", () => {
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
    personalize.on(GetRecommendationsCommand).resolves({
      itemList: [{ itemId: "i-1" }, { itemId: "i-2" }],
      recommendationId: "RID-1",
    });
    kinesis.on(PutRecordsCommand).callsFake((input) => ({
      FailedRecordCount: 0,
      Records: input.Records.map(() => ({ SequenceNumber: "1", ShardId: "shardId-0" })),
    }));
  });

  it("assigns users stickily and close to the allocation", () => {
    const arms = Array.from({ length: 4000 }, (_, i) => experimentArm(EXPERIMENT, `u-${i}`));
    expect(arms.map((a) => a.variant)).to.deep.equal(
      Array.from({ length: 4000 }, (_, i) => experimentArm(EXPERIMENT, `u-${i}`).variant),
    );
    const share = arms.filter((a) => a.variant === "control").length / arms.length;
    // 4000 fair coin flips: 3 standard deviations is 0.024.
    expect(share).to.be.within(0.476, 0.524);
    // Another salt reshuffles: the same users do not keep their variants.
    const resalted = arms.filter(
      (a, i) =>
        experimentArm({ ...EXPERIMENT, salt: "2027-01-01" }, `u-${i}`).variant !== a.variant,
    ).length;
    expect(resalted / arms.length).to.be.within(0.45, 0.55);
  });

  it("serves the holdout the fallback list without asking Personalize, labelled", async () => {
    const [user] = usersIn("control", 1);
    const response = await handleRecommend(get(user), config, deps());
    const body = JSON.parse(response.body as string);
    expect(body).to.include({
      source: "fallback",
      reason: "experiment-holdout",
      channel: "home-rfy-fallback",
      experiment: "reco-vs-popular",
      variant: "control",
    });
    expect(personalize.commandCalls(GetRecommendationsCommand)).to.have.length(0);
  });

  it("serves the campaign arm through its own filter and logs the variant on every impression", async () => {
    const [user] = usersIn("personalized", 1);
    const response = await handleRecommend(get(user), config, deps());
    const body = JSON.parse(response.body as string);
    expect(body).to.include({
      source: "personalize",
      experiment: "reco-vs-popular",
      variant: "personalized",
    });
    // filter "none" overrides the default exclude-purchased filter for every user of the arm.
    expect(personalize.commandCalls(GetRecommendationsCommand)[0].args[0].input).to.deep.equal({
      campaignArn: CAMPAIGN,
      userId: user,
      numResults: 2,
    });
    const logged = kinesis
      .commandCalls(PutRecordsCommand)
      .flatMap((c) =>
        c.args[0].input.Records!.map((r) => JSON.parse(Buffer.from(r.Data!).toString())),
      );
    expect(logged.map((e) => [e.item_id, e.experiment, e.variant])).to.deep.equal([
      ["i-1", "reco-vs-popular", "personalized"],
      ["i-2", "reco-vs-popular", "personalized"],
    ]);
    for (const e of logged) expect(validateEvent(e).valid).to.equal(true);
  });

  it("reads the experiment from EXPERIMENT and fails at cold start on a bad one, naming it", () => {
    const env = {
      STREAM_NAME: "events",
      FILTER_ARNS: JSON.stringify({ "exclude-purchased": EXCLUDE }),
      EXPERIMENT: JSON.stringify(EXPERIMENT),
    };
    expect(loadRecommendConfig(env).experiment).to.deep.equal(EXPERIMENT);
    const bad = {
      ...EXPERIMENT,
      variants: [
        { name: "control", weight: 0, serve: "fallback" },
        { name: "b", weight: 1, serve: "campaign", filter: "recent" },
      ],
    };
    expect(() => loadRecommendConfig({ ...env, EXPERIMENT: JSON.stringify(bad) })).to.throw(
      "environment variable EXPERIMENT.variants[0].weight must be a number > 0, got 0; " +
        'EXPERIMENT.variants[1].filter "recent" is not a configured filter; use one of exclude-purchased, none',
    );
  });

  it("lets arms choose exactly the filters the component creates", () => {
    expect(EXPERIMENT_FILTERS).to.deep.equal([EXCLUDE_PURCHASED_FILTER]);
  });

  it("rejects a filter on the fallback arm and an unknown serve", () => {
    expect(
      validateExperiment(
        {
          ...EXPERIMENT,
          variants: [
            { name: "control", weight: 1, serve: "fallback", filter: "none" },
            { name: "b", weight: 1, serve: "both" as "campaign" },
          ],
        },
        [],
      ),
    ).to.deep.equal([
      'experiment.variants[0].filter applies to campaign arms only; remove it from the fallback arm "control"',
      'experiment.variants[1].serve must be one of campaign, fallback, got "both"',
    ]);
  });
});
