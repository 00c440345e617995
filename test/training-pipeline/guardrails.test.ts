import { expect } from "chai";
import { buildTrainingDefinition } from "../../components/training-pipeline";
import { CANDIDATE_ARN, GOOD_METRICS, PROD_PARAMS, SERVING } from "./fixtures";
import { ACCOUNT, arn, runPipeline, validateAsl } from "./simulated-aws";

const GUARDRAIL_FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:reco-training-guardrail`;
const guarded = buildTrainingDefinition({
  ...PROD_PARAMS,
  guardrail: {
    functionArn: GUARDRAIL_FUNCTION,
    windowMinutes: 60,
    maxCtrDrop: 0.1,
    minImpressions: 1000,
  },
});
const called = (r: { calls: { state: string }[] }) => r.calls.map((c) => c.state);
const CAMPAIGN = arn("campaign/reco-campaign");

describe("data-readiness gate (aws-local-stepfunctions)", function () {
  this.timeout(20_000);

  it("short data: no import or training, a notice, and a Succeed end whose output is the reason", async () => {
    const reasons =
      "640 interactions in the last 90 days; training needs at least 1000; 12 users with 2 or more interactions in the last 90 days; training needs at least 25";
    const r = await runPipeline(guarded, {
      candidateMetrics: GOOD_METRICS,
      servingCampaign: SERVING,
      readiness: ["short", reasons, "640", "12", "40", "120"],
    });
    expect(r.status).to.equal("SUCCEEDED");
    expect(r.visited).to.deep.equal([
      "ResolveTrainingMode",
      "UseDefaultTrainingMode",
      "StartRun",
      "CountTrainingData",
      "ReadTrainingData",
      "CheckTrainingData",
      "NotifyDataShort",
      "DataShort",
    ]);
    expect(r.output).to.deep.equal({
      verdict: "short",
      reasons,
      interactions: "640",
      users: "12",
      itemsRows: "40",
      usersRows: "120",
    });
    expect(r.notifications).to.deep.equal([
      {
        TopicArn: PROD_PARAMS.topicArn,
        Subject: "Personalize training skipped: not enough data yet",
        Message: `Run run-2026-11-26 did not train: ${reasons}. Nothing was imported or changed; the next scheduled run counts again.`,
      },
    ]);
    const count = r.calls.find((c) => c.state === "CountTrainingData")!.input;
    expect(count.WorkGroup).to.equal("reco-export");
    expect(count.ResultConfiguration).to.deep.equal({
      OutputLocation: "s3://reco-lake/personalize/run-2026-11-26/readiness/",
      EncryptionConfiguration: { EncryptionOption: "SSE_KMS", KmsKey: PROD_PARAMS.lake.kmsKeyArn },
    });
    expect(r.readinessQueries[0]).to.include(
      `FROM "reco"."events" WHERE dt >= date_format(current_date - INTERVAL '90' DAY, '%Y-%m-%d')`,
    );
  });

  it("enough data but an empty items catalogue: the items import is skipped, the others run", async () => {
    const r = await runPipeline(guarded, {
      candidateMetrics: GOOD_METRICS,
      servingCampaign: SERVING,
      readiness: ["ready", "enough data", "5000", "120", "0", "120"],
    });
    expect(r.status).to.equal("SUCCEEDED");
    expect(r.visited).to.include.members(["CheckItemsCatalogue", "ItemsCatalogueEmpty"]);
    expect(called(r).filter((s) => s.startsWith("Import"))).to.have.members([
      "ImportInteractions",
      "ImportUsers",
    ]);
  });
});

describe("online guardrail after a campaign update (aws-local-stepfunctions)", function () {
  this.timeout(20_000);

  it("is valid ASL and only wired when the definition has a campaign and a guardrail", () => {
    expect(validateAsl(guarded)).to.deep.equal([]);
    const states = (guarded as any).States;
    expect(states.ChooseCampaignAction.Choices[0].Next).to.equal("RecordUpdateRequest");
    expect(states.WaitGuardrailWindow.Seconds).to.equal((60 + 5) * 60);
    const plain = (buildTrainingDefinition(PROD_PARAMS) as any).States;
    expect(plain).to.not.have.property("MeasureGuardrail");
    expect(plain.ChooseCampaignAction.Choices[0].Next).to.equal("UpdateCampaign");
  });

  it("CTR drop beyond the margin: rolls the campaign back to the previous version, notifies, fails the run", async () => {
    const r = await runPipeline(guarded, {
      candidateMetrics: GOOD_METRICS,
      servingCampaign: SERVING,
      // 5.00% before, 4.00% after: a 20% drop against 10% allowed, over 40,000 impressions each:
      // z = -3.61 against the 4.5% floor (computed apart from this code).
      view: {
        before: { impressions: 40_000, clicks: 2000 },
        after: { impressions: 40_000, clicks: 1600 },
      },
    });
    expect(r.status).to.equal("FAILED");
    const reason =
      "CTR dropped 20%, more than the 10% allowed and beyond the windows' noise (z = -3.61 against the allowed floor, below -1.64): previous version CTR 5% (2000 clicks / 40000 impressions), new version CTR 4% (1600 clicks / 40000 impressions) over 60 minutes each";
    expect(r.error).to.deep.equal({ Error: "OnlineGuardrailRolledBack", Cause: reason });
    expect(r.visited.slice(r.visited.indexOf("CheckGate"))).to.deep.equal([
      "CheckGate",
      "ChooseCampaignAction",
      "RecordUpdateRequest",
      "UpdateCampaign",
      "WaitCampaignDeployment",
      "DescribeCampaignDeployment",
      "CheckCampaignDeployment",
      "CheckGuardrailNeeded",
      "RecordServingStart",
      "WaitGuardrailWindow",
      "MeasureGuardrail",
      "CheckGuardrail",
      "RollbackCampaign",
      "WaitRollback",
      "DescribeRollback",
      "CheckRollback",
      "NotifyRolledBack",
      "RolledBack",
    ]);
    expect(r.calls.find((c) => c.state === "RollbackCampaign")!.input).to.deep.equal({
      CampaignArn: CAMPAIGN,
      SolutionVersionArn: SERVING.solutionVersionArn,
      MinProvisionedTPS: 3,
    });
    const measure = r.calls.find((c) => c.state === "MeasureGuardrail")!.input;
    expect(measure.FunctionName).to.equal(GUARDRAIL_FUNCTION);
    expect(Object.keys(measure.Payload).sort()).to.deep.equal([
      "maxCtrDrop",
      "minImpressions",
      "requestedAt",
      "servingSince",
      "windowMinutes",
    ]);
    expect(r.notifications).to.deep.equal([
      {
        TopicArn: PROD_PARAMS.topicArn,
        Subject: "Personalize campaign rolled back by the online guardrail",
        Message: `Run run-2026-11-26: campaign ${CAMPAIGN} serves ${SERVING.solutionVersionArn} again instead of ${CANDIDATE_ARN}: ${reason}`,
      },
    ]);
  });

  it("no drop beyond the margin: keeps the new version and says so, leaving out the minutes of the update", async () => {
    const r = await runPipeline(guarded, {
      candidateMetrics: GOOD_METRICS,
      servingCampaign: SERVING,
      // 5% before, 4.6% after (an 8% drop, within 10%); the update's own minute would sink it.
      view: {
        before: { impressions: 4000, clicks: 200 },
        after: { impressions: 5000, clicks: 230 },
        duringUpdate: { impressions: 100_000, clicks: 0 },
      },
    });
    expect(r.status).to.equal("SUCCEEDED");
    expect(r.visited.slice(-4)).to.deep.equal([
      "MeasureGuardrail",
      "CheckGuardrail",
      "NotifyGuardrailKept",
      "Succeeded",
    ]);
    expect(called(r)).to.not.include("RollbackCampaign");
    const [result] = r.guardrailResults as {
      before: { standardError: number };
      after: { standardError: number };
    }[];
    // The simulated view puts each total's remainder in a window's first minute (20 of the 200
    // clicks, 50 of the 230): errors over minutes of 0.0045 and 0.009816, computed apart.
    expect(result.before.standardError).to.be.closeTo(0.0045, 1e-9);
    expect(result.after.standardError).to.be.closeTo(0.009816, 1e-9);
    expect(r.guardrailResults).to.deep.equal([
      {
        verdict: "keep",
        reason:
          "CTR dropped 8%, within the 10% allowed: previous version CTR 5% (200 clicks / 4000 impressions), new version CTR 4.6% (230 clicks / 5000 impressions) over 60 minutes each",
        before: {
          impressions: 4000,
          clicks: 200,
          ctr: 0.05,
          minutes: 60,
          standardError: result.before.standardError,
        },
        after: {
          impressions: 5000,
          clicks: 230,
          ctr: 0.046,
          minutes: 60,
          standardError: result.after.standardError,
        },
      },
    ]);
    expect(r.notifications.map((n) => n.Subject)).to.deep.equal(["Personalize training succeeded"]);
    expect(r.notifications[0].Message).to.include(
      "online guardrail (keep): CTR dropped 8%, within the 10% allowed",
    );
  });

  it("too few impressions to judge: keeps the new version (inconclusive), no rollback", async () => {
    const r = await runPipeline(guarded, {
      candidateMetrics: GOOD_METRICS,
      servingCampaign: SERVING,
      view: { before: { impressions: 900, clicks: 90 }, after: { impressions: 900, clicks: 9 } },
    });
    expect(r.status).to.equal("SUCCEEDED");
    expect(called(r)).to.not.include("RollbackCampaign");
    expect((r.guardrailResults[0] as any).verdict).to.equal("inconclusive");
  });

  it("first deploy (CreateCampaign): nothing to compare, the guardrail is skipped", async () => {
    const r = await runPipeline(guarded, { candidateMetrics: GOOD_METRICS });
    expect(r.status).to.equal("SUCCEEDED");
    expect(r.visited.slice(-4)).to.deep.equal([
      "CheckCampaignDeployment",
      "CheckGuardrailNeeded",
      "NotifySucceeded",
      "Succeeded",
    ]);
    expect(called(r)).to.not.include("MeasureGuardrail");
  });
});
