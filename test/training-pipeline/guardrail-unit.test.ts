import { expect } from "chai";
import { TrainingPipeline, type TrainingPipelineArgs } from "../../components/training-pipeline";
import {
  guardrailProblems,
  guardrailVerdict,
  guardrailWindows,
  tally,
} from "../../components/training-pipeline/guardrail";
import { resolveGuardrails } from "../../components/training-pipeline/guardrail-args";
import { measureGuardrail } from "../../components/training-pipeline/ctr-guardrail/handler";
import { isoMinute } from "../../components/realtime-analytics/view/keys";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";
import { simulatedViewClient, spread } from "./simulated-view";

const A = MOCK_ACCOUNT_ID;
const T = { windowMinutes: 60, maxCtrDrop: 0.1, minImpressions: 1000 };
const at = (iso: string) => Date.parse(iso);

describe("online guardrail arithmetic", () => {
  it("measures whole minutes before the request and from the first minute after serving", () => {
    const w = guardrailWindows(at("2026-11-26T05:30:20Z"), at("2026-11-26T05:42:10Z"), 60);
    // Before: 04:29 … 05:29 is 61 minutes back from 05:29 inclusive → 04:30 … 05:29.
    expect(isoMinute(w.before.now)).to.equal("2026-11-26T05:29Z");
    expect(isoMinute(w.before.now - 59 * 60_000)).to.equal("2026-11-26T04:30Z");
    // After: 05:43 … 06:42 (05:42 is the minute the new version started in, mixed).
    expect(isoMinute(w.after.now)).to.equal("2026-11-26T06:42Z");
    expect(isoMinute(w.after.now - 59 * 60_000)).to.equal("2026-11-26T05:43Z");
    expect([w.before.minutes, w.after.minutes]).to.deep.equal([60, 60]);
  });

  it("keeps a drop at the margin and, past it, rolls back only when the drop is beyond the noise", () => {
    // One row each: one minute, so the binomial error: sqrt(0.05 x 0.95 / 10000) = 0.0021794.
    const before = tally([{ impressions: 10_000, clicks: 500 }]);
    expect(before).to.deep.equal({
      impressions: 10_000,
      clicks: 500,
      ctr: 0.05,
      minutes: 1,
      standardError: Math.sqrt((0.05 * 0.95) / 10_000),
    });
    expect(
      guardrailVerdict(before, tally([{ impressions: 10_000, clicks: 450 }]), T).verdict,
    ).to.equal("keep");
    const sides = (clicks: number, ctr: string) =>
      `previous version CTR 5% (500 clicks / 10000 impressions), new version CTR ${ctr} (${clicks} clicks / 10000 impressions) over 60 minutes each`;
    // 4.49% against the 4.5% floor: (0.0449 - 0.045) / sqrt(0.0449 x 0.9551 / 10000
    // + 0.81 x 0.05 x 0.95 / 10000) = -0.035, noise.
    expect(guardrailVerdict(before, tally([{ impressions: 10_000, clicks: 449 }]), T)).to.include({
      verdict: "inconclusive",
      reason: `CTR dropped 10.2%, more than the 10% allowed but within the windows' noise (z = -0.04 against the allowed floor; below -1.64 rolls back), so the new version stays: ${sides(449, "4.49%")}`,
    });
    // 4% against 4.5%: -0.005 / sqrt(0.04 x 0.96 / 10000 + 0.81 x 0.05 x 0.95 / 10000) = -1.80.
    expect(guardrailVerdict(before, tally([{ impressions: 10_000, clicks: 400 }]), T)).to.include({
      verdict: "rollback",
      reason: `CTR dropped 20%, more than the 10% allowed and beyond the windows' noise (z = -1.80 against the allowed floor, below -1.64): ${sides(400, "4%")}`,
    });
  });

  it("measures the noise over minutes: steady clicks roll back, the same clicks in bursts do not", () => {
    const minute = (k: number) => new Date(Date.UTC(2026, 10, 26, 5, k)).toISOString();
    const window = (clicks: (k: number) => number) =>
      tally(
        Array.from({ length: 60 }, (_, k) => ({
          impressions: 200,
          clicks: clicks(k),
          windowStart: minute(k),
        })),
        60,
      );
    const before = window(() => 10); // 5%, the same every minute: the binomial error.
    const steady = window(() => 8); // 4%, steady
    const bursty = window((k) => (k % 2 === 0 ? 0 : 16)); // 4% too, in alternate minutes
    expect([steady.ctr, bursty.ctr, bursty.minutes]).to.deep.equal([0.04, 0.04, 60]);
    // Over minutes: 60/59 x 60 x 8^2 / 12000^2 = 2.712e-5, above the binomial 3.2e-6.
    expect(bursty.standardError).to.be.closeTo(0.0052076, 1e-7);
    expect(steady.standardError).to.be.closeTo(Math.sqrt((0.04 * 0.96) / 12_000), 1e-12);
    // z = -1.975 steady, -0.908 in bursts (computed apart from this code).
    expect(guardrailVerdict(before, steady, T).reason).to.include("z = -1.98 against");
    expect(guardrailVerdict(before, steady, T).verdict).to.equal("rollback");
    expect(guardrailVerdict(before, bursty, T).reason).to.include("z = -0.91 against");
    expect(guardrailVerdict(before, bursty, T).verdict).to.equal("inconclusive");
  });

  it("counts the minutes without impressions the view has no row for", () => {
    const rows = [
      { impressions: 100, clicks: 15, windowStart: "2026-11-26T05:00:00.000Z" },
      { impressions: 50, clicks: 0, windowStart: "2026-11-26T05:00:00.000Z" },
      { impressions: 150, clicks: 0, windowStart: "2026-11-26T05:01:00.000Z" },
    ];
    const two = tally(rows);
    const ten = tally(rows, 10);
    expect([two.impressions, two.clicks, two.minutes, ten.minutes]).to.deep.equal([300, 15, 2, 10]);
    // CTR 5%; residuals 15 - 0.05 x 150 = 7.5 and -7.5: n / (n - 1) x 112.5 / 300^2, both above
    // the binomial 0.05 x 0.95 / 300.
    expect(two.standardError).to.be.closeTo(Math.sqrt((2 * 112.5) / 300 ** 2), 1e-12);
    expect(ten.standardError).to.be.closeTo(Math.sqrt(((10 / 9) * 112.5) / 300 ** 2), 1e-12);
    // Steady minutes vary less than coin flips would: the binomial error is the floor.
    const steady = tally(
      [0, 1].map((k) => ({ impressions: 150, clicks: 15, windowStart: `minute ${k}` })),
    );
    expect(steady.standardError).to.equal(Math.sqrt((0.1 * 0.9) / 300));
  });

  it("a better CTR keeps, and a previous CTR of zero can only keep", () => {
    const up = guardrailVerdict(
      tally([{ impressions: 2000, clicks: 40 }]),
      tally([{ impressions: 2000, clicks: 60 }]),
      T,
    );
    expect(up.reason).to.match(/^CTR did not drop beyond the 10% allowed: /);
    const zero = guardrailVerdict(
      tally([{ impressions: 2000, clicks: 0 }]),
      tally([{ impressions: 2000, clicks: 0 }]),
      T,
    );
    expect(zero.verdict).to.equal("keep");
  });

  it("reports every bad threshold with the fix", () => {
    expect(
      guardrailProblems({
        windowMinutes: 2,
        maxCtrDrop: 1,
        minImpressions: 0,
        channels: ["Home RFY"],
      }),
    ).to.deep.equal([
      "guardrail.windowMinutes is 2; it must be an integer from 5 to 720 (both windows must still be in the real-time view, which keeps 48 hours by default). Fix: pass e.g. 60.",
      'guardrail.maxCtrDrop is 1; it must be a fraction above 0 and below 1. Fix: pass e.g. 0.1 for "roll back when CTR drops more than 10%".',
      "guardrail.minImpressions is 0; it must be a positive integer (a CTR over a handful of impressions is noise). Fix: pass e.g. 1000.",
      'guardrail.channels is ["Home RFY"]; it must list one or more channel slugs (lower-case letters, digits, hyphens) as the impressions carry them. Fix: pass e.g. ["home-rfy"], or omit it to measure every channel.',
    ]);
  });

  it("is on by default with a campaign and a view, off otherwise, and never below Personalize's minimums", () => {
    expect(resolveGuardrails({}, { campaign: true, hasView: true })).to.deep.equal({
      resolved: {
        readiness: { minInteractions: 1000, minUsers: 25 },
        guardrail: { windowMinutes: 60, maxCtrDrop: 0.1, minImpressions: 1000 },
      },
      problems: [],
    });
    expect(resolveGuardrails({}, { campaign: true, hasView: false }).resolved).to.deep.equal({
      readiness: { minInteractions: 1000, minUsers: 25 },
    });
    expect(
      resolveGuardrails({ guardrail: false }, { campaign: true, hasView: true }).resolved.guardrail,
    ).to.equal(undefined);
    expect(
      resolveGuardrails({ readiness: { minUsers: 10 } }, { campaign: false, hasView: false })
        .problems,
    ).to.deep.equal([
      "readiness.minUsers is 10; it must be an integer from 25 (Personalize's minimum of users with two interactions each) to 1000000000. Fix: pass 25 or more, or omit it for 25.",
    ]);
  });
});

describe("guardrail function on a channel-filtered view", () => {
  it("queries only the configured channels and sums them", async () => {
    const requested = at("2026-11-26T05:30:20Z");
    const serving = at("2026-11-26T05:40:00Z");
    const rows = [
      ...spread("home-rfy", at("2026-11-26T05:20:00Z"), 10, 20_000, 1000),
      ...spread("popular", at("2026-11-26T05:20:00Z"), 10, 20_000, 200),
      ...spread("home-rfy", serving, 10, 20_000, 800),
      ...spread("popular", serving, 10, 20_000, 1800),
    ];
    const client = simulatedViewClient(rows);
    const result = await measureGuardrail(client as any, "view", {
      requestedAt: new Date(requested).toISOString(),
      servingSince: new Date(serving).toISOString(),
      windowMinutes: 10,
      maxCtrDrop: 0.1,
      minImpressions: 500,
      channels: ["home-rfy"],
    });
    // 5% to 4% over 20,000 impressions each, steady: z = -2.55 (computed apart from this code).
    expect(result.verdict).to.equal("rollback");
    expect(result.reason).to.include("z = -2.55 against");
    expect([result.before, result.after]).to.deep.equal([
      {
        impressions: 20_000,
        clicks: 1000,
        ctr: 0.05,
        minutes: 10,
        standardError: Math.sqrt((0.05 * 0.95) / 20_000),
      },
      {
        impressions: 20_000,
        clicks: 800,
        ctr: 0.04,
        minutes: 10,
        standardError: Math.sqrt((0.04 * 0.96) / 20_000),
      },
    ]);
    expect(client.queries).to.have.length(2);
  });

  it("refuses an event the state machine should never send", async () => {
    const client = simulatedViewClient([]);
    let error: Error | undefined;
    try {
      await measureGuardrail(client as any, "view", {
        requestedAt: "2026-11-26T06:00:00Z",
        servingSince: "2026-11-26T05:00:00Z",
        ...T,
      });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).to.equal("GuardrailInputError");
    expect(error?.message).to.equal(
      'requestedAt "2026-11-26T06:00:00Z" and servingSince "2026-11-26T05:00:00Z" must be ISO instants, the update requested no later than it served',
    );
    expect(client.queries).to.have.length(0);
  });
});

describe("TrainingPipeline with the online guardrail", () => {
  const rec = useMocks({ stack: "prod" });
  const VIEW_ARN = `arn:aws:dynamodb:us-east-1:${A}:table/view`;
  const ARGS: TrainingPipelineArgs = {
    tier: "prod",
    datasetGroupArn: `arn:aws:personalize:us-east-1:${A}:dataset-group/reco`,
    datasets: { interactions: `arn:aws:personalize:us-east-1:${A}:dataset/reco/INTERACTIONS` },
    solutionArn: `arn:aws:personalize:us-east-1:${A}:solution/reco-solution`,
    campaignName: "reco-campaign",
    lake: {
      bucketName: "reco-lake",
      bucketArn: "arn:aws:s3:::reco-lake",
      kmsKeyArn: `arn:aws:kms:us-east-1:${A}:key/lake`,
      glueDatabaseName: "reco",
      eventsTableName: "events",
      athenaWorkgroupName: "reco",
      athenaWorkgroupArn: `arn:aws:athena:us-east-1:${A}:workgroup/reco`,
      athenaResultsBucketName: "reco-results",
      athenaResultsBucketArn: "arn:aws:s3:::reco-results",
      artifactsBucketName: "reco-artifacts",
      artifactsBucketArn: "arn:aws:s3:::reco-artifacts",
    },
    personalizeRoleArn: `arn:aws:iam::${A}:role/personalize-reader`,
    realtimeView: {
      tableName: "view",
      tableArn: VIEW_ARN,
      kmsKeyArn: `arn:aws:kms:us-east-1:${A}:key/view`,
    },
    guardrail: { windowMinutes: 30 },
  };

  it("creates the guardrail function with read-only view access and lets only the state machine invoke it", async () => {
    new TrainingPipeline("training", ARGS);
    await rec.settle();
    const fn = rec.one("aws:lambda/function:Function", "training-guardrail");
    expect(fn.inputs.environment).to.deep.equal({ variables: { VIEW_TABLE_NAME: "view" } });
    const policy = JSON.parse(
      rec.one("aws:iam/rolePolicy:RolePolicy", "training-guardrail-policy").inputs.policy,
    );
    const view = policy.Statement.find((s: any) => s.Sid === "ReadRealtimeView");
    expect(view.Action).to.deep.equal(["dynamodb:Query"]);
    expect(view.Resource).to.deep.equal([VIEW_ARN, `${VIEW_ARN}/index/by-minute`]);
    const machine = JSON.parse(
      rec.one("aws:iam/rolePolicy:RolePolicy", "training-policy").inputs.policy,
    );
    const invoke = machine.Statement.find((s: any) => s.Sid === "MeasureOnlineGuardrail");
    expect(invoke.Resource).to.have.length(1);
    expect(invoke.Resource[0]).to.match(
      new RegExp(`^arn:aws:lambda:us-east-1:${A}:function:training-guardrail-[0-9a-f]{7}$`),
    );
    const definition = JSON.parse(rec.one("aws:sfn/stateMachine:StateMachine").inputs.definition);
    expect(definition.States.MeasureGuardrail.Parameters.Payload.windowMinutes).to.equal(30);
    expect(definition.States.WaitGuardrailWindow.Seconds).to.equal(35 * 60);
  });

  it("rejects a guardrail without a campaign before registering anything", async () => {
    expect(
      () =>
        new TrainingPipeline("bad", {
          ...ARGS,
          createCampaign: false,
          guardrail: { maxCtrDrop: 0 },
        }),
    ).to.throw(
      'TrainingPipeline "bad" has 1 invalid argument:\n  - guardrail is set but the stack keeps no campaign; the guardrail watches a campaign update. Fix: pass campaign: true, or drop guardrail.',
    );
    await rec.settle();
    expect(rec.resources).to.deep.equal([]);
  });
});
