import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { useMocks } from "../../mocks";
import {
  Dataset,
  DatasetGroup,
  EXCLUDE_PURCHASED_EXPRESSION,
  EventTracker,
  Filter,
  MetricAttribution,
  PersonalizeArgsError,
  Schema,
  Solution,
  interactionsSchema,
} from "../../../components/personalize-recommender/providers";

const REGION = "us-east-1";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1111-2222";
const ROLE_ARN = "arn:aws:iam::123456789012:role/personalize";

function value<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("Personalize resources under Pulumi mocks", () => {
  const rec = useMocks({ stack: "dev" });

  it("registers a dataset group with its type token, default name and echoed outputs", async () => {
    const group = new DatasetGroup("reco", {
      region: REGION,
      kmsKeyArn: KEY_ARN,
      roleArn: ROLE_ARN,
    });
    await rec.settle();
    const r = rec.one("pulumi-nodejs:dynamic/personalize:DatasetGroup", "reco");
    expect(r.custom).to.equal(true);
    expect(r.inputs.name).to.equal("reco-dev");
    expect(r.inputs.region).to.equal(REGION);
    expect(r.inputs.kmsKeyArn).to.equal(KEY_ARN);
    expect(r.inputs.roleArn).to.equal(ROLE_ARN);
    expect(r.inputs.__provider)
      .to.be.a("string")
      .and.match(/exports\.handler/);
    expect(await value(group.name)).to.equal("reco-dev");
  });

  it("wires every resource of a dataset group together", async () => {
    const group = new DatasetGroup("reco", { region: REGION });
    const schema = new Schema("interactions", {
      region: REGION,
      datasetType: "Interactions",
      schema: interactionsSchema(),
    });
    new Dataset("interactions", {
      region: REGION,
      datasetGroupArn: group.id,
      datasetType: "Interactions",
      schemaArn: schema.id,
    });
    new EventTracker("tracker", { region: REGION, datasetGroupArn: group.id });
    new Filter("exclude-purchased", { region: REGION, datasetGroupArn: group.id });
    new MetricAttribution("metrics", {
      region: REGION,
      datasetGroupArn: group.id,
      roleArn: ROLE_ARN,
    });
    new Solution("solution", {
      region: REGION,
      datasetGroupArn: group.id,
      recipe: "aws-user-personalization-v2",
      hyperParameters: { hidden_dimension: "128" },
    });
    await rec.settle();
    const groupId = rec.one("pulumi-nodejs:dynamic/personalize:DatasetGroup").urn;
    expect(groupId).to.match(/reco$/);
    const dataset = rec.one("pulumi-nodejs:dynamic/personalize:Dataset");
    const groupArn = await value(group.id);
    expect(groupArn).to.match(/^reco-[0-9a-f]{7}$/);
    expect(dataset.inputs.datasetGroupArn).to.equal(groupArn);
    expect(dataset.inputs.schemaArn).to.equal(await value(schema.id));
    const filter = rec.one("pulumi-nodejs:dynamic/personalize:Filter");
    expect(filter.inputs.filterExpression).to.equal(EXCLUDE_PURCHASED_EXPRESSION);
    expect(filter.inputs.name).to.match(/^exclude-purchased-dev-[0-9a-f]{8}$/);
    const solution = rec.one("pulumi-nodejs:dynamic/personalize:Solution");
    expect(solution.inputs.performHPO).to.equal(false);
    expect(solution.inputs.performAutoTraining).to.equal(false);
    expect(solution.inputs.solutionConfig).to.deep.equal({
      algorithmHyperParameters: { hidden_dimension: "128" },
    });
    const metrics = rec.one("pulumi-nodejs:dynamic/personalize:MetricAttribution");
    expect(metrics.inputs.metrics).to.deep.equal([
      { eventType: "click", metricName: "CLICKS", expression: "SAMPLECOUNT()" },
      { eventType: "buy", metricName: "REVENUE", expression: "SUM(Interactions.EVENT_VALUE)" },
    ]);
  });

  it("rejects a KMS key without a role before registering anything", async () => {
    expect(() => new DatasetGroup("reco", { region: REGION, kmsKeyArn: KEY_ARN })).to.throw(
      PersonalizeArgsError,
    );
    await rec.settle();
    expect(rec.resources).to.have.length(0);
  });
});
