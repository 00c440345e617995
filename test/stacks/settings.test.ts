import { expect } from "chai";
import { StackConfigError, resolveSettings, TIER_PROFILES } from "../../stacks";
import type { RawConfig } from "../../stacks";

const P = "reco-analytics";
const QS_GROUP = "arn:aws:quicksight:us-east-1:123456789012:group/default/marketing";
const VALID: RawConfig = {
  "aws:region": "us-east-1",
  [`${P}:tier`]: "dev",
  [`${P}:owner`]: "data-platform",
  [`${P}:costCenter`]: "cc-1",
};

function problemsOf(overrides: Record<string, string | undefined>, stack = "dev"): string[] {
  try {
    resolveSettings({ ...VALID, ...overrides }, stack, P);
  } catch (err) {
    expect(err).to.be.instanceOf(StackConfigError);
    return [...(err as StackConfigError).problems];
  }
  throw new Error("expected a StackConfigError");
}

describe("stack settings", () => {
  it("gives a dev stack every dev tier default and the provider tags", () => {
    const s = resolveSettings(VALID, "dev", P);
    expect(s.tier).to.equal("dev");
    expect(s.workload).to.deep.equal(TIER_PROFILES.dev.workload);
    expect(s.aws).to.deep.equal({
      region: "us-east-1",
      tags: { environment: "dev", owner: "data-platform", "cost-center": "cc-1" },
    });
    expect(s.ingestion).to.deep.equal({
      streamMode: "PROVISIONED",
      retentionHours: 24,
      transformLambda: true,
      store: "kinesis",
    });
    expect(s.exploration).to.deep.equal({ enabled: false, retentionDays: 7 });
    expect(s.realtime).to.deep.equal({ engine: "lambda" });
    expect(s.personalize).to.deep.equal({
      campaign: false,
      recipe: "aws-user-personalization-v2",
      retrainSchedule: "rate(30 days)",
    });
    expect(s.dashboard).to.deep.equal({
      quicksightEnabled: false,
      quicksightPrincipals: [],
      alarmEmails: [],
    });
    expect(s.logRetentionDays).to.equal(14);
    expect(s.catalogEncryption).to.equal(true);
    expect(s.protectData).to.equal(false);
    expect(s.sharedKmsKey).to.equal(true);
    expect(s.monthlyBudgetUsd).to.equal(150);
  });

  it("gives a prod stack the durable defaults", () => {
    const s = resolveSettings(
      {
        ...VALID,
        [`${P}:tier`]: "prod",
        [`${P}:quicksightPrincipals`]: JSON.stringify([QS_GROUP]),
      },
      "prod",
      P,
    );
    expect(s.ingestion.retentionHours).to.equal(168);
    expect(s.realtime.engine).to.equal("flink");
    expect(s.personalize.campaign).to.equal(true);
    expect(s.dashboard.quicksightEnabled).to.equal(true);
    expect(s.protectData).to.equal(true);
    expect(s.sharedKmsKey).to.equal(false);
    expect(s.logRetentionDays).to.equal(365);
  });

  it("lets a third stack override only what differs from its tier", () => {
    const s = resolveSettings(
      {
        ...VALID,
        [`${P}:tier`]: "prod",
        [`${P}:quicksightEnabled`]: "false",
        [`${P}:peakEventsPerSecond`]: "800",
        [`${P}:realtimeEngine`]: "lambda",
        [`${P}:personalizeCampaign`]: "false",
        [`${P}:alarmEmails`]: '["a@example.com","b@example.com"]',
        [`${P}:assumeRoleArn`]: "arn:aws:iam::123456789012:role/deployer",
        [`${P}:sharedKmsKey`]: "true",
      },
      "staging",
      P,
    );
    expect(s.sharedKmsKey).to.equal(true);
    expect(s.workload.peakEventsPerSecond).to.equal(800);
    expect(s.workload.avgEventsPerSecond).to.equal(TIER_PROFILES.prod.workload.avgEventsPerSecond);
    expect(s.realtime.engine).to.equal("lambda");
    expect(s.personalize.campaign).to.equal(false);
    expect(s.protectData).to.equal(true);
    expect(s.dashboard.alarmEmails).to.deep.equal(["a@example.com", "b@example.com"]);
    expect(s.aws.assumeRoleArn).to.equal("arn:aws:iam::123456789012:role/deployer");
    expect(s.aws.tags.environment).to.equal("staging");
  });

  it('treats Pulumi.yaml\'s neutral defaults ("" and 0) as the tier default', () => {
    const s = resolveSettings(
      {
        ...VALID,
        [`${P}:avgEventsPerSecond`]: "0",
        [`${P}:realtimeEngine`]: "",
        [`${P}:alarmEmails`]: "[]",
      },
      "dev",
      P,
    );
    expect(s.workload.avgEventsPerSecond).to.equal(5);
    expect(s.realtime.engine).to.equal("lambda");
    expect(s.dashboard.alarmEmails).to.deep.equal([]);
  });
});

describe("stack settings validation", () => {
  const cases: [string, Record<string, string | undefined>, string][] = [
    [
      "tier missing",
      { [`${P}:tier`]: undefined },
      "reco-analytics:tier is not set; it must be one of dev, prod. Fix: pulumi config set reco-analytics:tier dev --stack dev",
    ],
    [
      "tier unknown",
      { [`${P}:tier`]: "staging" },
      'reco-analytics:tier is "staging"; it must be one of dev, prod. Fix: pulumi config set reco-analytics:tier dev --stack dev',
    ],
    [
      "region missing",
      { "aws:region": undefined },
      "aws:region is not set; it must be an AWS region code such as us-east-1. Fix: pulumi config set aws:region us-east-1 --stack dev",
    ],
    [
      "region malformed",
      { "aws:region": "Europe" },
      'aws:region is "Europe"; it must be an AWS region code such as us-east-1. Fix: pulumi config set aws:region us-east-1 --stack dev',
    ],
    [
      "owner missing",
      { [`${P}:owner`]: "" },
      "reco-analytics:owner is not set; it must be 1-256 letters, digits, spaces or _.:/=+-@. Fix: pulumi config set reco-analytics:owner data-platform --stack dev",
    ],
    [
      "cost centre with a character tags refuse",
      { [`${P}:costCenter`]: "cc#1" },
      'reco-analytics:costCenter is "cc#1"; it must be 1-256 letters, digits, spaces or _.:/=+-@. Fix: pulumi config set reco-analytics:costCenter cc-1234 --stack dev',
    ],
    [
      "average rate not a number",
      { [`${P}:avgEventsPerSecond`]: "abc" },
      'reco-analytics:avgEventsPerSecond is "abc"; it must be a whole number from 1 to 1000000. Fix: pulumi config set reco-analytics:avgEventsPerSecond 50 --stack dev',
    ],
    [
      "negative peak",
      { [`${P}:peakEventsPerSecond`]: "-5" },
      'reco-analytics:peakEventsPerSecond is "-5"; it must be a whole number from 1 to 1000000. Fix: pulumi config set reco-analytics:peakEventsPerSecond 500 --stack dev',
    ],
    [
      "peak below average",
      { [`${P}:avgEventsPerSecond`]: "100", [`${P}:peakEventsPerSecond`]: "40" },
      'reco-analytics:peakEventsPerSecond is "40"; it must be at least reco-analytics:avgEventsPerSecond (100). Fix: pulumi config set reco-analytics:peakEventsPerSecond 100 --stack dev',
    ],
    [
      "event size below the smallest valid event",
      { [`${P}:avgEventBytes`]: "10" },
      'reco-analytics:avgEventBytes is "10"; it must be a whole number from 50 to 1048576. Fix: pulumi config set reco-analytics:avgEventBytes 600 --stack dev',
    ],
    [
      "fractional retention",
      { [`${P}:retentionDays`]: "1.5" },
      'reco-analytics:retentionDays is "1.5"; it must be a whole number from 1 to 3650. Fix: pulumi config set reco-analytics:retentionDays 365 --stack dev',
    ],
    [
      "stream mode in the wrong case",
      { [`${P}:streamMode`]: "provisioned" },
      'reco-analytics:streamMode is "provisioned"; it must be one of auto, ON_DEMAND, PROVISIONED. Fix: pulumi config set reco-analytics:streamMode auto --stack dev',
    ],
    [
      "Kinesis retention below its 24 h minimum",
      { [`${P}:kinesisRetentionHours`]: "12" },
      'reco-analytics:kinesisRetentionHours is "12"; it must be a whole number from 24 to 8760. Fix: pulumi config set reco-analytics:kinesisRetentionHours 168 --stack dev',
    ],
    [
      "stream to adopt given by name",
      { [`${P}:existingStreamArn`]: "events" },
      'reco-analytics:existingStreamArn is "events"; it must be a Kinesis stream ARN. Fix: pulumi config set reco-analytics:existingStreamArn arn:aws:kinesis:us-east-1:123456789012:stream/events --stack dev',
    ],
    [
      "stream to adopt in another region",
      { [`${P}:existingStreamArn`]: "arn:aws:kinesis:eu-west-1:123456789012:stream/events" },
      'reco-analytics:existingStreamArn is "arn:aws:kinesis:eu-west-1:123456789012:stream/events"; the stream must be in the stack\'s region us-east-1; Firehose and Lambda cannot read a stream in another region. Fix: pulumi config set reco-analytics:existingStreamArn arn:aws:kinesis:us-east-1:123456789012:stream/events --stack dev',
    ],
    [
      "boolean spelt yes",
      { [`${P}:transformLambda`]: "yes" },
      'reco-analytics:transformLambda is "yes"; it must be true or false. Fix: pulumi config set reco-analytics:transformLambda true --stack dev',
    ],
    [
      "log retention CloudWatch does not offer",
      { [`${P}:logRetentionDays`]: "10" },
      'reco-analytics:logRetentionDays is "10"; it must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. Fix: pulumi config set reco-analytics:logRetentionDays 30 --stack dev',
    ],
    [
      "unknown engine",
      { [`${P}:realtimeEngine`]: "spark" },
      'reco-analytics:realtimeEngine is "spark"; it must be one of flink, lambda, off. Fix: pulumi config set reco-analytics:realtimeEngine lambda --stack dev',
    ],
    [
      "Flink artifact without the Flink engine",
      { [`${P}:flinkArtifactS3Uri`]: "s3://artifacts/app.zip" },
      'reco-analytics:flinkArtifactS3Uri is set but reco-analytics:realtimeEngine is "lambda"; the artifact is only used by the flink engine. Fix: pulumi config set reco-analytics:realtimeEngine flink --stack dev or pulumi config rm reco-analytics:flinkArtifactS3Uri --stack dev',
    ],
    [
      "recipe Personalize retired",
      { [`${P}:personalizeRecipe`]: "aws-hrnn" },
      'reco-analytics:personalizeRecipe is "aws-hrnn"; it must be one of aws-user-personalization-v2, aws-user-personalization, aws-similar-items, aws-sims, aws-popularity-count. Fix: pulumi config set reco-analytics:personalizeRecipe aws-user-personalization-v2 --stack dev',
    ],
    [
      "schedule that is not a Scheduler expression",
      { [`${P}:retrainSchedule`]: "daily" },
      "reco-analytics:retrainSchedule is \"daily\"; it must be rate(value unit), cron(6 fields) or at(yyyy-mm-ddThh:mm:ss), e.g. rate(1 day) or cron(0 3 * * ? *). Fix: pulumi config set reco-analytics:retrainSchedule 'rate(1 day)' --stack dev",
    ],
    [
      "alarm email without a domain",
      { [`${P}:alarmEmails`]: '["ops@example.com","oncall"]' },
      'reco-analytics:alarmEmails is "[\\"ops@example.com\\",\\"oncall\\"]"; "oncall" is not valid; it must be a list of email addresses. Fix: pulumi config set --path \'reco-analytics:alarmEmails[1]\' oncall@example.com --stack dev',
    ],
    [
      "QuickSight principals without QuickSight",
      {
        [`${P}:quicksightPrincipals`]:
          '["arn:aws:quicksight:us-east-1:123456789012:group/default/m"]',
      },
      "reco-analytics:quicksightPrincipals is set but reco-analytics:quicksightEnabled is false; nothing would be shared. Fix: pulumi config set reco-analytics:quicksightEnabled true --stack dev",
    ],
    [
      "negative budget",
      { [`${P}:monthlyBudgetUsd`]: "-1" },
      'reco-analytics:monthlyBudgetUsd is "-1"; it must be a whole number from 1 to 10000000. Fix: pulumi config set reco-analytics:monthlyBudgetUsd 500 --stack dev',
    ],
    [
      "role to assume given as a user",
      { [`${P}:assumeRoleArn`]: "arn:aws:iam::123456789012:user/bob" },
      'reco-analytics:assumeRoleArn is "arn:aws:iam::123456789012:user/bob"; it must be an IAM role ARN. Fix: pulumi config set reco-analytics:assumeRoleArn arn:aws:iam::123456789012:role/deployer --stack dev',
    ],
    [
      "misspelt key",
      { [`${P}:realtimeEngin`]: "flink" },
      "reco-analytics:realtimeEngin is not a setting of this program; did you mean reco-analytics:realtimeEngine? Fix: pulumi config rm reco-analytics:realtimeEngin --stack dev, then pulumi config set reco-analytics:realtimeEngine <value> --stack dev",
    ],
    [
      "key nothing resembles",
      { [`${P}:colour`]: "blue" },
      "reco-analytics:colour is not a setting of this program; allowed keys are tier, owner, costCenter, assumeRoleArn, avgEventsPerSecond, peakEventsPerSecond, avgEventBytes, retentionDays, queriesPerDay, streamMode, kinesisRetentionHours, existingStreamArn, existingStreamKmsKeyArn, streamStore, transformLambda, logRetentionDays, realtimeEngine, flinkArtifactS3Uri, openSearchEnabled, openSearchRetentionDays, personalizeCampaign, personalizeRecipe, retrainSchedule, experiment, quicksightEnabled, quicksightPrincipals, alarmEmails, catalogEncryption, sharedKmsKey, protectData, httpCollector, collectorAllowedOrigins, collectorRequestsPerClientPer5Min, collectorAccountLogRole, monthlyBudgetUsd. Fix: pulumi config rm reco-analytics:colour --stack dev",
    ],
  ];

  for (const [what, overrides, message] of cases) {
    it(`rejects ${what} with a message naming the key, the value and the fix`, () => {
      expect(problemsOf(overrides)).to.deep.equal([message]);
    });
  }

  it("rejects a stream key without a stream to adopt", () => {
    expect(
      problemsOf({
        [`${P}:existingStreamKmsKeyArn`]:
          "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      }),
    ).to.deep.equal([
      "reco-analytics:existingStreamKmsKeyArn is set but reco-analytics:existingStreamArn is not; the key only describes an adopted stream. Fix: pulumi config set reco-analytics:existingStreamArn arn:aws:kinesis:us-east-1:123456789012:stream/events --stack dev or pulumi config rm reco-analytics:existingStreamKmsKeyArn --stack dev",
    ]);
  });

  it("collects every problem and throws once, naming the stack", () => {
    let error: StackConfigError | undefined;
    try {
      resolveSettings(
        { "aws:region": "mars", [`${P}:tier`]: "qa", [`${P}:realtimeEngine`]: "spark" },
        "qa",
        P,
      );
    } catch (e) {
      error = e as StackConfigError;
    }
    expect(error?.problems).to.have.length(5);
    expect(error?.message.split("\n")[0]).to.equal(
      'Stack "qa" has 5 invalid configuration values:',
    );
    expect(error?.message).to.include("--stack qa");
    expect(error?.problems.map((p) => p.split(" ")[0])).to.deep.equal([
      "reco-analytics:tier",
      "aws:region",
      "reco-analytics:owner",
      "reco-analytics:costCenter",
      "reco-analytics:realtimeEngine",
    ]);
  });
});
