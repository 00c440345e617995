/**
 * Issue 4's "done when" on the real program: the offline plan of the shipped stacks shows the
 * Personalize resources, the training state machine, its schedule, the event source mapping, the
 * dead-letter queue and the API under the recommender in prod, and no campaign in dev.
 */
import { expect } from "chai";
import type { PlanResource, PlanResult } from "../../offline/plan";
import { shippedPlan } from "../offline/plans";

const RECOMMENDER = "reco:personalize-recommender:PersonalizeRecommender";
const DYNAMIC = "pulumi-nodejs:dynamic/personalize:";

/** Every resource below the recommender component, by type. */
function underRecommender(plan: PlanResult): Map<string, PlanResource[]> {
  const root = plan.resources.find((r) => r.type === RECOMMENDER);
  expect(root, "the stack declares a PersonalizeRecommender").not.to.equal(undefined);
  const inside = new Set([root!.urn]);
  const byType = new Map<string, PlanResource[]>();
  // Resources are recorded parents first, so one pass collects the whole subtree.
  for (const r of plan.resources) {
    if (r.parent === null || !inside.has(r.parent)) continue;
    inside.add(r.urn);
    byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  }
  return byType;
}

function only(byType: Map<string, PlanResource[]>, type: string): PlanResource {
  const found = byType.get(type) ?? [];
  expect(found, type).to.have.length(1);
  return found[0];
}

function trainingDefinition(byType: Map<string, PlanResource[]>): string {
  return only(byType, "aws:sfn/stateMachine:StateMachine").inputs.definition as string;
}

describe("PersonalizeRecommender in the offline plan of the shipped stacks", () => {
  let prod: Map<string, PlanResource[]>;
  let dev: Map<string, PlanResource[]>;

  before(async () => {
    prod = underRecommender(await shippedPlan("prod"));
    dev = underRecommender(await shippedPlan("dev"));
  });

  it("prod declares every Personalize resource as a dynamic resource", () => {
    const counts = Object.fromEntries(
      [...prod.keys()]
        .filter((type) => type.startsWith(DYNAMIC))
        .map((type) => [type.slice(DYNAMIC.length), prod.get(type)!.length]),
    );
    expect(counts).to.deep.equal({
      DatasetGroup: 1,
      Schema: 3,
      Dataset: 3,
      EventTracker: 1,
      Filter: 1,
      MetricAttribution: 1,
      Solution: 1,
    });
    expect(
      prod
        .get(`${DYNAMIC}Dataset`)!
        .map((d) => d.inputs.datasetType as string)
        .sort(),
    ).to.deep.equal(["Interactions", "Items", "Users"]);
  });

  it("prod trains with a state machine on a schedule and creates or updates the campaign", () => {
    const definition = trainingDefinition(prod);
    expect(definition).to.contain("createCampaign");
    expect(definition).to.contain("updateCampaign");
    const schedule = only(prod, "aws:scheduler/schedule:Schedule");
    expect(schedule.inputs.scheduleExpression).to.match(/^rate\(\d+ days?\)$/);
    expect((schedule.inputs.target as { arn: string }).arn).to.match(/:stateMachine:/);
  });

  it("prod unquotes each export's header with a function only the state machine invokes", () => {
    const fn = (prod.get("aws:lambda/function:Function") ?? []).find((f) =>
      f.name.endsWith("-training-unquote-header"),
    );
    expect(fn, "the export-header function").not.to.equal(undefined);
    const policies = prod.get("aws:iam/rolePolicy:RolePolicy") ?? [];
    const statements = (suffix: string) =>
      JSON.parse(policies.find((p) => p.name.endsWith(suffix))!.inputs.policy as string).Statement;
    const own = statements("-training-unquote-header-policy");
    expect(own.map((s: { Sid: string }) => s.Sid)).to.deep.equal([
      "WriteOwnLogs",
      "WriteTraces",
      "ReadExports",
      "WriteImportFiles",
      "UseLakeKey",
      "DecryptEnvironment",
    ]);
    expect(own[3].Action).to.deep.equal(["s3:PutObject", "s3:AbortMultipartUpload"]);
    expect(own[3].Resource[0]).to.match(/^arn:aws:s3:::[^/]+\/personalize\/imports\/\*$/);
    const invoke = statements("-training-policy").find(
      (s: { Sid: string }) => s.Sid === "UnquoteExportHeaders",
    );
    expect(invoke.Action).to.deep.equal(["lambda:InvokeFunction"]);
    expect(invoke.Resource).to.have.length(1);
    expect(invoke.Resource[0]).to.match(
      /:function:[a-z0-9-]*-training-unquote-header-[0-9a-f]{7}$/,
    );
    expect(trainingDefinition(prod)).to.contain(`"FunctionName":"${invoke.Resource[0]}"`);
  });

  it("prod feeds the tracker from the stream with an encrypted dead-letter queue", () => {
    const mapping = only(prod, "aws:lambda/eventSourceMapping:EventSourceMapping");
    expect(mapping.inputs).to.include({ bisectBatchOnFunctionError: true });
    const dlq = (prod.get("aws:sqs/queue:Queue") ?? []).find((q) => q.name.endsWith("-events-dlq"));
    expect(dlq, "the events function's dead-letter queue").to.not.equal(undefined);
    expect(dlq!.inputs.kmsMasterKeyId).to.be.a("string").and.match(/:kms:/);
    const onFailure = (
      mapping.inputs.destinationConfig as { onFailure: { destinationArn: string } }
    ).onFailure.destinationArn;
    expect(onFailure).to.match(/^arn:aws:sqs:/);
  });

  it("prod serves an IAM-authenticated API that calls the campaign", () => {
    expect(only(prod, "aws:lambda/functionUrl:FunctionUrl").inputs.authorizationType).to.equal(
      "AWS_IAM",
    );
    const api = (prod.get("aws:lambda/function:Function") ?? []).find((f) =>
      f.name.endsWith("-api"),
    );
    const env = (api!.inputs.environment as { variables: Record<string, string> }).variables;
    expect(env.CAMPAIGN_ARN).to.match(/^arn:aws:personalize:[a-z0-9-]+:\d{12}:campaign\//);
  });

  it("dev keeps no campaign: the pipeline never creates one and the API falls back", () => {
    const definition = trainingDefinition(dev);
    expect(definition).not.to.contain("createCampaign");
    expect(definition).not.to.contain("updateCampaign");
    const api = (dev.get("aws:lambda/function:Function") ?? []).find((f) =>
      f.name.endsWith("-api"),
    );
    const env = (api!.inputs.environment as { variables: Record<string, string> }).variables;
    // Empty means "no campaign": the handler serves the real-time view's trending list instead.
    expect(env.CAMPAIGN_ARN).to.equal("");
    expect(env.VIEW_TABLE_NAME).to.match(/^dev-realtime-view-/);
  });
});
