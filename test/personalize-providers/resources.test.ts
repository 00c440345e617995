import { expect } from "chai";
import { ComponentArgsError } from "../../components/shared/args-error";
import * as pulumi from "@pulumi/pulumi";
import { useMocks } from "../mocks";
import {
  Dataset,
  DatasetGroup,
  EXCLUDE_PURCHASED_EXPRESSION,
  EventTracker,
  Filter,
  MetricAttribution,
  Schema,
  Solution,
  interactionsSchema,
  usersSchema,
} from "../../components/personalize-providers";

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
    // The mocks give Personalize resources the ARN Personalize would: its id.
    expect(groupArn).to.equal("arn:aws:personalize:us-east-1:123456789012:dataset-group/reco-dev");
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
      ComponentArgsError,
    );
    await rec.settle();
    expect(rec.resources).to.have.length(0);
  });

  it("lists every invalid argument of a solution at once", () => {
    const build = () =>
      new Solution("solution", {
        region: REGION,
        datasetGroupArn: "arn",
        name: "bad name",
        recipe: "user-personalization",
        hpoConfig: {},
        autoTraining: { schedule: "rate(45 days)" },
        eventValueThreshold: "high",
      });
    expect(build).to.throw(
      ComponentArgsError,
      'Personalize solution "solution" has 5 invalid arguments:\n' +
        '  - name is "bad name"; it must be 1-63 letters, digits, "-" or "_", starting with a letter or digit. Fix: pass such a name, or omit name to get "<resource>-<stack>".\n' +
        '  - recipe is "user-personalization"; it must be a recipe name like "aws-user-personalization-v2" or a recipe ARN (arn:aws:personalize:::recipe/<name>). Fix: pass one of them.\n' +
        "  - hpoConfig is set but performHPO is not true; Personalize ignores it. Fix: set performHPO: true or drop hpoConfig.\n" +
        '  - autoTraining.schedule is "rate(45 days)"; it must be "rate(N days)" with N from 1 to 30. Fix: e.g. "rate(7 days)".\n' +
        '  - eventValueThreshold is "high"; it must be a number as a string, e.g. "0.5".',
    );
  });

  it("validates a schema against its dataset type before registering it", async () => {
    const schema = {
      ...usersSchema(),
      fields: usersSchema().fields.filter((f) => f.name !== "USER_ID"),
    };
    expect(() => new Schema("users", { region: REGION, datasetType: "Users", schema })).to.throw(
      ComponentArgsError,
      'Personalize schema "users" has 1 invalid argument:\n' +
        '  - Users schema: required field USER_ID is missing. Fix: add { "name": "USER_ID", "type": "string" }.',
    );
    await rec.settle();
    expect(rec.resources).to.have.length(0);
  });

  it("names a schema by its content, so a changed schema gets a new name", async () => {
    new Schema("a", { region: REGION, datasetType: "Interactions", schema: interactionsSchema() });
    new Schema("b", {
      region: REGION,
      datasetType: "Interactions",
      schema: JSON.stringify(interactionsSchema(), null, 2),
    });
    new Schema("c", {
      region: REGION,
      datasetType: "Interactions",
      schema: interactionsSchema({ context: [] }),
    });
    await rec.settle();
    const hash = (n: string) =>
      rec.one("pulumi-nodejs:dynamic/personalize:Schema", n).inputs.name.slice(-8);
    expect(hash("a")).to.equal(hash("b"));
    expect(hash("c")).to.not.equal(hash("a"));
    expect(rec.one("pulumi-nodejs:dynamic/personalize:Schema", "a").inputs.name).to.match(
      /^a-dev-[0-9a-f]{8}$/,
    );
  });

  it("rejects metrics Personalize would refuse", () => {
    expect(
      () =>
        new MetricAttribution("metrics", {
          region: REGION,
          datasetGroupArn: "arn",
          roleArn: ROLE_ARN,
          metrics: [
            { eventType: "click", metricName: "CLICKS", expression: "COUNT(*)" },
            { eventType: "click", metricName: "CLICKS", expression: "SAMPLECOUNT()" },
          ],
        }),
    ).to.throw(
      ComponentArgsError,
      'Personalize metric attribution "metrics" has 2 invalid arguments:\n' +
        '  - metrics "CLICKS" has expression "COUNT(*)"; it must be SAMPLECOUNT() or SUM(Interactions.<COLUMN>) / SUM(Items.<COLUMN>). Fix: e.g. SUM(Interactions.EVENT_VALUE).\n' +
        '  - metrics has metricName "CLICKS" twice. Fix: give each metric its own name.',
    );
  });

  it("keeps long default names within Personalize's 63 characters", async () => {
    new DatasetGroup("a-very-long-component-name-for-the-recommendation-dataset-group", {
      region: REGION,
    });
    await rec.settle();
    const name: string = rec.one("pulumi-nodejs:dynamic/personalize:DatasetGroup").inputs.name;
    expect(name).to.have.length(63);
    expect(name).to.match(/^a-very-long-component-name-for-the-recommendation-data-[0-9a-f]{8}$/);
  });
});
