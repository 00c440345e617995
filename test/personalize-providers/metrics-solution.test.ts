import {
  CreateMetricAttributionCommand,
  CreateSolutionCommand,
  DeleteMetricAttributionCommand,
  DeleteSolutionCommand,
  DescribeMetricAttributionCommand,
  DescribeSolutionCommand,
  ListMetricAttributionMetricsCommand,
  ListTagsForResourceCommand,
  UpdateMetricAttributionCommand,
  UpdateSolutionCommand,
} from "@aws-sdk/client-personalize";
import { expect } from "chai";
import {
  MetricAttributionInputs,
  MetricAttributionProvider,
  SolutionInputs,
  SolutionProvider,
  clicksAndRevenueMetrics,
  metricChanges,
  recipeArnFor,
} from "../../components/personalize-providers";
import { arnOf, fakeClock, inUse, inputOf, notFound, usePersonalizeMock, REGION } from "./helpers";

const GROUP_ARN = arnOf("dataset-group/reco-prod");
const ROLE = "arn:aws:iam::123456789012:role/personalize-metrics";
const MA_ARN = arnOf("metric-attribution/metrics-prod");
const MA: MetricAttributionInputs = {
  name: "metrics-prod",
  region: REGION,
  datasetGroupArn: GROUP_ARN,
  metrics: clicksAndRevenueMetrics(),
  roleArn: ROLE,
};
const MA_STATE = { ...MA, arn: MA_ARN, status: "ACTIVE" };
const CONVERSIONS = { eventType: "buy", metricName: "CONVERSIONS", expression: "SAMPLECOUNT()" };

describe("MetricAttributionProvider", () => {
  const pz = usePersonalizeMock();

  it("creates clicks and revenue metrics published to CloudWatch and waits for ACTIVE", async () => {
    const { wait, sleeps } = fakeClock();
    pz.on(CreateMetricAttributionCommand).resolves({ metricAttributionArn: MA_ARN });
    pz.on(DescribeMetricAttributionCommand)
      .resolvesOnce({ metricAttribution: { status: "CREATE PENDING" } })
      .resolvesOnce({ metricAttribution: { status: "CREATE IN_PROGRESS" } })
      .resolves({ metricAttribution: { status: "ACTIVE" } });
    const result = await new MetricAttributionProvider(wait).create(MA);
    expect(inputOf(pz.commandCalls(CreateMetricAttributionCommand))).to.deep.equal({
      name: "metrics-prod",
      datasetGroupArn: GROUP_ARN,
      metrics: [
        { eventType: "click", metricName: "CLICKS", expression: "SAMPLECOUNT()" },
        { eventType: "buy", metricName: "REVENUE", expression: "SUM(Interactions.EVENT_VALUE)" },
      ],
      metricsOutputConfig: { roleArn: ROLE, s3DataDestination: undefined },
    });
    expect(sleeps).to.deep.equal([10, 20]);
    expect(result).to.deep.equal({ id: MA_ARN, outs: MA_STATE });
  });

  it("reports CREATE FAILED with the role fix", async () => {
    pz.on(CreateMetricAttributionCommand).resolves({ metricAttributionArn: MA_ARN });
    pz.on(DescribeMetricAttributionCommand).resolves({
      metricAttribution: { status: "CREATE FAILED", failureReason: "Role cannot be assumed" },
    });
    const error = await new MetricAttributionProvider(fakeClock().wait)
      .create(MA)
      .catch((e: Error) => e);
    expect((error as Error).message).to.equal(
      'Personalize metric attribution "metrics-prod" is CREATE FAILED: Role cannot be assumed. ' +
        "Fix: make the role trust personalize.amazonaws.com and grant it the access named above. " +
        "Then run `pulumi up` again: the failed metric attribution stays in the stack's state and is replaced.",
    );
  });

  it("reads the metrics page by page", async () => {
    pz.on(DescribeMetricAttributionCommand).resolves({
      metricAttribution: {
        name: "metrics-prod",
        datasetGroupArn: GROUP_ARN,
        status: "ACTIVE",
        metricsOutputConfig: { roleArn: ROLE },
      },
    });
    pz.on(ListMetricAttributionMetricsCommand)
      .resolvesOnce({ metrics: [MA.metrics[0]], nextToken: "t" })
      .resolves({ metrics: [MA.metrics[1]] });
    expect(await new MetricAttributionProvider().read(MA_ARN, MA_STATE)).to.deep.equal({
      id: MA_ARN,
      props: MA_STATE,
    });
    expect(inputOf(pz.commandCalls(ListMetricAttributionMetricsCommand), 1)).to.deep.equal({
      metricAttributionArn: MA_ARN,
      nextToken: "t",
    });
  });

  it("updates metrics and output config in place; a new dataset group replaces", async () => {
    const provider = new MetricAttributionProvider();
    expect(
      await provider.diff(MA_ARN, MA_STATE, { ...MA, metrics: [...MA.metrics, CONVERSIONS] }),
    ).to.deep.equal({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(
      await provider.diff(MA_ARN, MA_STATE, { ...MA, datasetGroupArn: "other" }),
    ).to.deep.equal({
      changes: true,
      replaces: ["datasetGroupArn"],
      deleteBeforeReplace: true,
    });
  });

  it("adds, removes and reconfigures in one UpdateMetricAttribution call", async () => {
    pz.on(UpdateMetricAttributionCommand).resolves({});
    pz.on(DescribeMetricAttributionCommand).resolves({ metricAttribution: { status: "ACTIVE" } });
    const news = {
      ...MA,
      metrics: [MA.metrics[0], CONVERSIONS],
      s3Destination: { path: "s3://lake/metrics/" },
    };
    const result = await new MetricAttributionProvider(fakeClock().wait).update(
      MA_ARN,
      MA_STATE,
      news,
    );
    expect(
      pz.commandCalls(UpdateMetricAttributionCommand).map((c) => c.args[0].input),
    ).to.deep.equal([
      {
        metricAttributionArn: MA_ARN,
        removeMetrics: ["REVENUE"],
        addMetrics: [CONVERSIONS],
        metricsOutputConfig: { roleArn: ROLE, s3DataDestination: { path: "s3://lake/metrics/" } },
      },
    ]);
    expect(result.outs).to.deep.equal({ ...news, arn: MA_ARN, status: "ACTIVE" });
  });

  it("removes a redefined metric before adding it back under the same name", async () => {
    pz.on(UpdateMetricAttributionCommand).resolves({});
    pz.on(DescribeMetricAttributionCommand).resolves({ metricAttribution: { status: "ACTIVE" } });
    const revenue = { eventType: "buy", metricName: "REVENUE", expression: "SUM(Items.PRICE)" };
    await new MetricAttributionProvider(fakeClock().wait).update(MA_ARN, MA_STATE, {
      ...MA,
      metrics: [MA.metrics[0], revenue],
    });
    expect(
      pz.commandCalls(UpdateMetricAttributionCommand).map((c) => c.args[0].input),
    ).to.deep.equal([
      { metricAttributionArn: MA_ARN, removeMetrics: ["REVENUE"] },
      { metricAttributionArn: MA_ARN, addMetrics: [revenue] },
    ]);
    expect(metricChanges(MA.metrics, MA.metrics)).to.deep.equal({ remove: [], add: [] });
  });

  it("reports an update Personalize rejects", async () => {
    pz.on(UpdateMetricAttributionCommand).resolves({});
    pz.on(DescribeMetricAttributionCommand).resolves({
      metricAttribution: { status: "UPDATE FAILED", failureReason: "Column PRICE not found" },
    });
    const error = await new MetricAttributionProvider(fakeClock().wait)
      .update(MA_ARN, MA_STATE, { ...MA, metrics: [MA.metrics[0]] })
      .catch((e: Error) => e);
    expect((error as Error).message).to.equal(
      'Personalize metric attribution "metrics-prod" update failed: Column PRICE not found. ' +
        "Fix: correct the schema or the expression named above (validateSchema checks schemas before deploy). Then run `pulumi up` again.",
    );
  });

  it("deletes and waits; a missing attribution is done", async () => {
    const { wait } = fakeClock();
    pz.on(DeleteMetricAttributionCommand).resolves({});
    pz.on(DescribeMetricAttributionCommand)
      .resolvesOnce({ metricAttribution: { status: "DELETE PENDING" } })
      .rejects(notFound());
    await new MetricAttributionProvider(wait).delete(MA_ARN, MA_STATE);
    expect(pz.commandCalls(DescribeMetricAttributionCommand)).to.have.length(2);
    pz.reset();
    pz.on(DeleteMetricAttributionCommand).rejects(notFound());
    await new MetricAttributionProvider(wait).delete(MA_ARN, MA_STATE);
    expect(pz.calls()).to.have.length(1);
  });
});

const SOLUTION_ARN = arnOf("solution/solution-prod-1a2b3c4d");
const SOLUTION: SolutionInputs = {
  name: "solution-prod-1a2b3c4d",
  region: REGION,
  datasetGroupArn: GROUP_ARN,
  recipe: "aws-user-personalization-v2",
  performHPO: false,
  solutionConfig: { algorithmHyperParameters: { hidden_dimension: "128" } },
  performAutoTraining: false,
};
const RECIPE_ARN = "arn:aws:personalize:::recipe/aws-user-personalization-v2";
const SOLUTION_STATE = { ...SOLUTION, arn: SOLUTION_ARN, recipeArn: RECIPE_ARN, status: "ACTIVE" };

describe("SolutionProvider", () => {
  const pz = usePersonalizeMock();

  it("derives the recipe ARN from the recipe name and the region's partition", () => {
    expect(recipeArnFor("eu-west-1", "aws-similar-items")).to.equal(
      "arn:aws:personalize:::recipe/aws-similar-items",
    );
    expect(recipeArnFor("cn-north-1", "aws-sims")).to.equal(
      "arn:aws-cn:personalize:::recipe/aws-sims",
    );
    expect(recipeArnFor("us-east-1", RECIPE_ARN)).to.equal(RECIPE_ARN);
  });

  it("creates with hyper-parameters, AutoML off, and waits for ACTIVE", async () => {
    const { wait, sleeps } = fakeClock();
    pz.on(CreateSolutionCommand).resolves({ solutionArn: SOLUTION_ARN });
    pz.on(DescribeSolutionCommand)
      .resolvesOnce({ solution: { status: "CREATE PENDING" } })
      .resolvesOnce({ solution: { status: "CREATE IN_PROGRESS" } })
      .resolves({ solution: { status: "ACTIVE" } });
    const result = await new SolutionProvider(wait).create(SOLUTION);
    expect(inputOf(pz.commandCalls(CreateSolutionCommand))).to.deep.equal({
      name: SOLUTION.name,
      datasetGroupArn: GROUP_ARN,
      recipeArn: RECIPE_ARN,
      eventType: undefined,
      performHPO: false,
      performAutoML: false,
      performAutoTraining: false,
      solutionConfig: { algorithmHyperParameters: { hidden_dimension: "128" } },
      tags: undefined,
    });
    expect(sleeps).to.deep.equal([10, 20]);
    expect(result).to.deep.equal({ id: SOLUTION_ARN, outs: SOLUTION_STATE });
  });

  it("puts the auto-training schedule and events config into the solution config", async () => {
    pz.on(CreateSolutionCommand).resolves({ solutionArn: SOLUTION_ARN });
    pz.on(DescribeSolutionCommand).resolves({ solution: { status: "ACTIVE" } });
    const eventsConfig = { eventParametersList: [{ eventType: "buy", weight: 0.7 }] };
    await new SolutionProvider(fakeClock().wait).create({
      ...SOLUTION,
      performAutoTraining: true,
      autoTrainingSchedule: "rate(7 days)",
      eventsConfig,
    });
    expect(inputOf(pz.commandCalls(CreateSolutionCommand)).solutionConfig).to.deep.equal({
      algorithmHyperParameters: { hidden_dimension: "128" },
      autoTrainingConfig: { schedulingExpression: "rate(7 days)" },
      eventsConfig,
    });
  });

  it("reports CREATE FAILED", async () => {
    pz.on(CreateSolutionCommand).resolves({ solutionArn: SOLUTION_ARN });
    pz.on(DescribeSolutionCommand).resolves({ solution: { status: "CREATE FAILED" } });
    const error = await new SolutionProvider(fakeClock().wait).create(SOLUTION).catch((e) => e);
    expect(error.message).to.match(
      /^Personalize solution "solution-prod-1a2b3c4d" is CREATE FAILED: /,
    );
    expect(error.properties.recipeArn).to.equal(RECIPE_ARN);
  });

  it("reads the configuration back, splitting what UpdateSolution can change", async () => {
    pz.on(DescribeSolutionCommand).resolves({
      solution: {
        name: SOLUTION.name,
        datasetGroupArn: GROUP_ARN,
        recipeArn: RECIPE_ARN,
        performHPO: false,
        performAutoTraining: true,
        solutionConfig: {
          algorithmHyperParameters: { hidden_dimension: "128" },
          autoTrainingConfig: { schedulingExpression: "rate(3 days)" },
        },
        status: "ACTIVE",
      },
    });
    pz.on(ListTagsForResourceCommand).resolves({});
    const result = await new SolutionProvider().read(SOLUTION_ARN, SOLUTION_STATE);
    expect(result.props).to.deep.equal({
      ...SOLUTION_STATE,
      performAutoTraining: true,
      autoTrainingSchedule: "rate(3 days)",
    });
  });

  it("updates auto-training in place but replaces on new hyper-parameters or recipe", async () => {
    const provider = new SolutionProvider();
    expect(
      await provider.diff(SOLUTION_ARN, SOLUTION_STATE, {
        ...SOLUTION,
        performAutoTraining: true,
        autoTrainingSchedule: "rate(7 days)",
      }),
    ).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(
      await provider.diff(SOLUTION_ARN, SOLUTION_STATE, {
        ...SOLUTION,
        name: "solution-prod-99999999",
        recipe: "aws-similar-items",
        solutionConfig: { algorithmHyperParameters: { hidden_dimension: "256" } },
      }),
    ).to.deep.equal({
      changes: true,
      replaces: ["name", "recipe", "solutionConfig"],
      deleteBeforeReplace: false,
    });
  });

  it("turns auto-training on with UpdateSolution and waits for that update", async () => {
    const { wait, sleeps } = fakeClock();
    pz.on(UpdateSolutionCommand).resolves({ solutionArn: SOLUTION_ARN });
    pz.on(DescribeSolutionCommand)
      .resolvesOnce({
        solution: { latestSolutionUpdate: { performAutoTraining: false, status: "ACTIVE" } },
      })
      .resolvesOnce({
        solution: {
          latestSolutionUpdate: { performAutoTraining: true, status: "CREATE IN_PROGRESS" },
        },
      })
      .resolves({
        solution: { latestSolutionUpdate: { performAutoTraining: true, status: "ACTIVE" } },
      });
    const news = { ...SOLUTION, performAutoTraining: true, autoTrainingSchedule: "rate(7 days)" };
    const result = await new SolutionProvider(wait).update(SOLUTION_ARN, SOLUTION_STATE, news);
    expect(inputOf(pz.commandCalls(UpdateSolutionCommand))).to.deep.equal({
      solutionArn: SOLUTION_ARN,
      performAutoTraining: true,
      solutionUpdateConfig: { autoTrainingConfig: { schedulingExpression: "rate(7 days)" } },
    });
    expect(sleeps).to.deep.equal([10, 20]);
    expect(result.outs).to.deep.equal({
      ...news,
      arn: SOLUTION_ARN,
      recipeArn: RECIPE_ARN,
      status: "ACTIVE",
    });
  });

  it("deletes and waits; a missing solution is done", async () => {
    const { wait } = fakeClock();
    pz.on(DeleteSolutionCommand).resolves({});
    pz.on(DescribeSolutionCommand)
      .resolvesOnce({ solution: { status: "DELETE PENDING" } })
      .rejects(notFound());
    await new SolutionProvider(wait).delete(SOLUTION_ARN, SOLUTION_STATE);
    expect(pz.commandCalls(DescribeSolutionCommand)).to.have.length(2);
    pz.reset();
    pz.on(DeleteSolutionCommand).rejects(notFound());
    await new SolutionProvider(wait).delete(SOLUTION_ARN, SOLUTION_STATE);
    expect(pz.calls()).to.have.length(1);
  });

  it("says at once why a solution a campaign serves cannot be deleted", async () => {
    const { wait, sleeps } = fakeClock();
    pz.on(DeleteSolutionCommand).rejects(inUse("Solution is used by campaign reco-campaign"));
    const error = await new SolutionProvider(wait)
      .delete(SOLUTION_ARN, SOLUTION_STATE)
      .catch((e: Error) => e);
    expect((error as Error).message).to.equal(
      'Personalize solution "solution-prod-1a2b3c4d" cannot be deleted: Solution is used by campaign reco-campaign. ' +
        "Fix: a campaign still serves one of its versions; point the campaign at the new solution " +
        "(run the training pipeline) or delete the campaign, then run `pulumi up` again.",
    );
    expect(sleeps).to.deep.equal([]);
  });
});
