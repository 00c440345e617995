/**
 * The shipped stacks' state machines call AWS through service integrations: each Task's resource
 * must name a real operation by Step Functions' naming rules, its Parameters or Arguments must
 * fit the operation's input shape as written, and the values it sends at run time — the training
 * pipeline executed by aws-local-stepfunctions, the materialisation's JSONata evaluated by jsonata
 * — must too.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import jsonata from "jsonata";
import type { PlanResult } from "../../../offline/plan";
import { GOOD_METRICS, SERVING } from "../../training-pipeline/fixtures";
import { type World, runPipeline } from "../../training-pipeline/simulated-aws";
import { commandRequests } from "./recorder";
import { taskStates, taskTarget, writtenRequest } from "./scenarios/step-functions";
import { shippedPlans } from "./shipped";
import { type ApiRequest, problemsOf, validateRequest, validateResponse } from "./validate";

/** Half the clicks after the update: the online guardrail rolls back. */
const ROLLBACK_VIEW: World["view"] = {
  before: { impressions: 4000, clicks: 200 },
  after: { impressions: 4000, clicks: 100 },
};
const SHORT_DATA = ["short", "10 interactions in the last 90 days", "10", "1", "0", "0"];

type Definition = { StartAt: string; QueryLanguage?: string; States: Record<string, any> };

function definitions(plan: PlanResult): Definition[] {
  return plan.resources
    .filter((r) => r.type === "aws:sfn/stateMachine:StateMachine")
    .map((r) => JSON.parse(String(r.inputs.definition)));
}

/** Runs the training definition in `world` and returns what its Tasks and its Lambda sent. */
async function trainingRequests(definition: Definition, world: World, input = {}) {
  const tasks = new Map(taskStates(definition).map((t) => [t.name, t]));
  const run = await runPipeline(definition, world, input);
  const requests = run.calls.map((call) => {
    const target = taskTarget(tasks.get(call.state)!.resource);
    if (typeof target === "string") throw new Error(target);
    return {
      request: { service: target.service, operation: target.operation, input: call.input },
      options: target.options,
    };
  });
  return { run, requests, s3: commandRequests(run.s3Commands, S3Client) };
}

async function evaluate(value: unknown, states: object): Promise<unknown> {
  if (typeof value === "string" && value.startsWith("{% ") && value.endsWith(" %}")) {
    return jsonata(value.slice(3, -3)).evaluate({}, { states });
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => evaluate(v, states)));
  if (value && typeof value === "object") {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await evaluate(v, states)]),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

describe("state machines' service integrations against the API models", function () {
  this.timeout(180_000);
  let plans: PlanResult[];
  before(async () => {
    plans = await shippedPlans();
  });

  it("every Task of every state machine names an operation and fits its input shape as written", () => {
    const problems: string[] = [];
    let tasks = 0;
    for (const plan of plans) {
      for (const definition of definitions(plan)) {
        for (const task of taskStates(definition)) {
          tasks += 1;
          const written = writtenRequest(task);
          if (typeof written === "string") problems.push(written);
          else problems.push(...validateRequest(written.request, written.options));
        }
      }
    }
    expect(tasks).to.be.greaterThan(40);
    expect(problems.join("\n")).to.equal("");
  });

  it("each schedule's StartExecution (EventBridge Scheduler's templated target) is valid", () => {
    const requests: ApiRequest[] = plans.flatMap((plan) =>
      plan.resources
        .filter((r) => r.type === "aws:scheduler/schedule:Schedule")
        .map((r) => {
          const target = r.inputs.target as { arn: string; input?: string };
          const input = { stateMachineArn: target.arn, input: target.input };
          return { service: "stepfunctions", operation: "StartExecution", input };
        }),
    );
    expect(requests.map((r) => (r.input as any).stateMachineArn.split(":")[5])).to.deep.equal(
      Array(requests.length).fill("stateMachine"),
    );
    expect(requests.length).to.be.greaterThan(3);
    expect(problemsOf(requests)).to.equal("");
  });

  it("names break the integration rules: PascalCase action, unknown service or operation", () => {
    expect(taskTarget("arn:aws:states:::aws-sdk:personalize:CreateCampaign")).to.equal(
      "arn:aws:states:::aws-sdk:personalize:CreateCampaign: the action must be camelCase (CreateCampaign)",
    );
    expect(taskTarget("arn:aws:states:::aws-sdk:personalize:createCampaigns")).to.equal(
      "arn:aws:states:::aws-sdk:personalize:createCampaigns: personalize has no operation CreateCampaigns",
    );
    const written = writtenRequest({
      name: "CreateSolutionVersion",
      resource: "arn:aws:states:::aws-sdk:personalize:createSolutionVersion",
      input: { solutionArn: "arn:aws:personalize:us-east-1:123456789012:solution/s" },
    });
    expect(
      typeof written !== "string" && validateRequest(written.request, written.options),
    ).to.deep.equal([
      "personalize:CreateSolutionVersion solutionArn: is not a member; the model's members are Name, SolutionArn, TrainingMode, Tags (personalize shape CreateSolutionVersionRequest)",
      "personalize:CreateSolutionVersion SolutionArn: is required but missing (personalize shape CreateSolutionVersionRequest)",
    ]);
  });

  it("the training pipeline sends valid requests on every path it takes", async () => {
    const worlds: World[] = [
      { candidateMetrics: GOOD_METRICS, servingCampaign: SERVING },
      { candidateMetrics: GOOD_METRICS },
      { candidateMetrics: { precision_at_10: 0, coverage: 0 }, servingCampaign: SERVING },
      { candidateMetrics: GOOD_METRICS, failImport: "items" },
      { candidateMetrics: GOOD_METRICS, failTraining: true },
      // The guardrails' paths: a CTR drop rolls the campaign back (prod), short data stops early.
      { candidateMetrics: GOOD_METRICS, servingCampaign: SERVING, view: ROLLBACK_VIEW },
      { candidateMetrics: GOOD_METRICS, readiness: SHORT_DATA },
    ];
    const all: { request: ApiRequest; options: object }[] = [];
    const s3: ApiRequest[] = [];
    for (const plan of plans) {
      const definition = definitions(plan).find((d) => d.StartAt === "ResolveTrainingMode")!;
      for (const world of worlds) {
        const result = await trainingRequests(definition, world);
        all.push(...result.requests);
        s3.push(...result.s3);
      }
    }
    const operations = new Set(all.map((r) => `${r.request.service}:${r.request.operation}`));
    expect([...operations].sort()).to.deep.equal([
      "athena:GetQueryResults",
      "athena:StartQueryExecution",
      "lambda:Invoke",
      "personalize:CreateCampaign",
      "personalize:CreateDatasetImportJob",
      "personalize:CreateSolutionVersion",
      "personalize:DescribeCampaign",
      "personalize:DescribeDatasetImportJob",
      "personalize:DescribeSolutionVersion",
      "personalize:GetSolutionMetrics",
      "personalize:UpdateCampaign",
      "sns:Publish",
    ]);
    expect(all.flatMap((r) => validateRequest(r.request, r.options)).join("\n")).to.equal("");
    expect([...new Set(s3.map((r) => r.operation))].sort()).to.deep.equal([
      "GetObject",
      "PutObject",
    ]);
    expect(problemsOf(s3)).to.equal("");
  });

  it("the simulated services answer the training pipeline only with what the API models allow", async () => {
    const problems: string[] = [];
    let answers = 0;
    for (const plan of plans) {
      const definition = definitions(plan).find((d) => d.StartAt === "ResolveTrainingMode")!;
      const tasks = new Map(taskStates(definition).map((t) => [t.name, t]));
      const worlds: World[] = [
        { candidateMetrics: GOOD_METRICS, servingCampaign: SERVING },
        { candidateMetrics: GOOD_METRICS },
        { candidateMetrics: GOOD_METRICS, servingCampaign: SERVING, view: ROLLBACK_VIEW },
        { candidateMetrics: GOOD_METRICS, readiness: SHORT_DATA },
      ];
      for (const world of worlds) {
        const run = await runPipeline(definition, world);
        for (const { state, output } of run.answers) {
          const target = taskTarget(tasks.get(state)!.resource);
          if (typeof target === "string") throw new Error(target);
          answers += 1;
          const operation = { service: target.service, operation: target.resultOperation };
          problems.push(...validateResponse(operation, output, target.options));
        }
      }
    }
    expect(answers).to.be.greaterThan(40);
    expect(problems.join("\n")).to.equal("");
  });

  it("the shipped recipe's pipeline refuses UPDATE before training, so no invalid request is sent", async () => {
    for (const plan of plans) {
      const definition = definitions(plan).find((d) => d.StartAt === "ResolveTrainingMode")!;
      const { run } = await trainingRequests(
        definition,
        { candidateMetrics: GOOD_METRICS },
        { trainingMode: "UPDATE" },
      );
      expect(run.visited.slice(0, 2)).to.deep.equal(["ResolveTrainingMode", "RejectInvalidInput"]);
      expect(run.calls.map((c) => c.state)).to.deep.equal(["NotifyFailure"]);
    }
  });

  it("the KPI materialisation's JSONata arguments evaluate to valid S3 and Athena requests", async () => {
    const dt = "2026-11-26";
    const problems: string[] = [];
    let evaluated = 0;
    for (const plan of plans) {
      const definition = definitions(plan).find((d) => d.QueryLanguage === "JSONata")!;
      for (const task of taskStates(definition)) {
        const target = taskTarget(task.resource);
        if (typeof target === "string") throw new Error(target);
        // A page of ListObjectsV2 holds at most 1,000 keys: the most one DeleteObjects gets.
        const keys = Array.from({ length: 1000 }, (_, i) => `kpi/t/dt=${dt}/part-${i}.parquet`);
        const input = task.name.startsWith("Delete ") ? { dt, keys } : dt;
        const request = {
          service: target.service,
          operation: target.operation,
          input: await evaluate(task.input, { input }),
        };
        evaluated += 1;
        problems.push(...validateRequest(request, target.options));
      }
    }
    expect(evaluated).to.be.greaterThan(6);
    expect(problems.join("\n")).to.equal("");
  });
});
