import { expect } from "chai";
import { StackConfigError, resolveSettings } from "../../stacks";
import type { RawConfig } from "../../stacks";

const P = "reco-analytics";
const VALID: RawConfig = {
  "aws:region": "eu-west-1",
  [`${P}:tier`]: "dev",
  [`${P}:owner`]: "data-platform",
  [`${P}:costCenter`]: "cc-1",
};
const STREAM = "arn:aws:kinesis:eu-west-1:111111111111:stream/events";

function problemsOf(overrides: Record<string, string | undefined>, secrets: string[] = []) {
  try {
    resolveSettings({ ...VALID, ...overrides }, "staging", P, new Set(secrets));
  } catch (err) {
    expect(err).to.be.instanceOf(StackConfigError);
    return [...(err as StackConfigError).problems];
  }
  throw new Error("expected a StackConfigError");
}

describe("stack configuration rules across keys", () => {
  it("reports every problem at once: three bad keys, three problems", () => {
    expect(
      problemsOf({
        [`${P}:logRetentionDays`]: "10",
        [`${P}:realtimeEngine`]: "spark",
        [`${P}:retrainSchedule`]: "rate(0 days)",
      }),
    ).to.deep.equal([
      'reco-analytics:logRetentionDays is "10"; it must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. Fix: pulumi config set reco-analytics:logRetentionDays 30 --stack staging',
      'reco-analytics:realtimeEngine is "spark"; it must be one of flink, lambda, off. Fix: pulumi config set reco-analytics:realtimeEngine lambda --stack staging',
      "reco-analytics:retrainSchedule is \"rate(0 days)\"; a rate's value must be a positive whole number, e.g. rate(1 day) or cron(0 3 * * ? *). Fix: pulumi config set reco-analytics:retrainSchedule 'rate(1 day)' --stack staging",
    ]);
  });

  it("reports a prod stack without QuickSight principals by config key, with both fixes", () => {
    expect(problemsOf({ [`${P}:tier`]: "prod" })).to.deep.equal([
      "reco-analytics:quicksightPrincipals is not set but the prod tier turns QuickSight on; a dashboard shared with nobody cannot be opened. Fix: pulumi config set --path 'reco-analytics:quicksightPrincipals[0]' arn:aws:quicksight:eu-west-1:123456789012:group/default/marketing --stack staging or pulumi config set reco-analytics:quicksightEnabled false --stack staging",
    ]);
  });

  it("treats YAML null and blank owners as not set, never as a tag value", () => {
    const missing =
      "reco-analytics:owner is not set; it must be 1-256 letters, digits, spaces or _.:/=+-@. Fix: pulumi config set reco-analytics:owner data-platform --stack staging";
    expect(problemsOf({ [`${P}:owner`]: "   " })).to.deep.equal([missing]);
    expect(problemsOf({ [`${P}:owner`]: undefined })).to.deep.equal([missing]);
  });

  it("refuses an owner padded with spaces and offers the trimmed value", () => {
    expect(problemsOf({ [`${P}:owner`]: " data-platform " })).to.deep.equal([
      'reco-analytics:owner is " data-platform "; it must not start or end with spaces. Fix: pulumi config set reco-analytics:owner data-platform --stack staging',
    ]);
  });

  it("names a key in a misspelt project namespace and the key it meant", () => {
    expect(problemsOf({ "reco-analytcs:owner": "data-platform" })).to.deep.equal([
      'reco-analytcs:owner is in namespace "reco-analytcs", which this program does not read; did you mean reco-analytics:owner? Fix: pulumi config rm reco-analytcs:owner --stack staging, then pulumi config set reco-analytics:owner <value> --stack staging',
    ]);
  });

  it("names a misspelt aws:region and leaves other providers' keys alone", () => {
    expect(
      problemsOf({ "aws:regoin": "eu-west-1", "aws:profile": "x", "pulumi:tags": "{}" }),
    ).to.deep.equal([
      "aws:regoin is not an AWS provider setting; did you mean aws:region? Fix: pulumi config rm aws:regoin --stack staging, then pulumi config set aws:region <value> --stack staging",
    ]);
  });

  it("refuses a stream key in another region than the stack's", () => {
    expect(
      problemsOf({
        [`${P}:existingStreamArn`]: STREAM,
        [`${P}:existingStreamKmsKeyArn`]: "arn:aws:kms:us-west-2:111111111111:key/abcd-1234",
      }),
    ).to.deep.equal([
      "reco-analytics:existingStreamKmsKeyArn is \"arn:aws:kms:us-west-2:111111111111:key/abcd-1234\"; a stream's encryption key must be in the stream's region eu-west-1: KMS keys are regional. Fix: pulumi config set reco-analytics:existingStreamKmsKeyArn arn:aws:kms:eu-west-1:111111111111:key/abcd-1234 --stack staging",
    ]);
  });

  it("refuses a stream and QuickSight principals outside the assumed role's account", () => {
    expect(
      problemsOf({
        [`${P}:assumeRoleArn`]: "arn:aws:iam::222222222222:role/deployer",
        [`${P}:existingStreamArn`]: STREAM,
        [`${P}:quicksightEnabled`]: "true",
        [`${P}:quicksightPrincipals`]: JSON.stringify([
          "arn:aws:quicksight:us-east-1:222222222222:group/default/analysts",
          "arn:aws:quicksight:us-east-1:333333333333:group/default/marketing",
        ]),
      }),
    ).to.deep.equal([
      "reco-analytics:existingStreamArn names account 111111111111 (arn:aws:kinesis:eu-west-1:111111111111:stream/events) but reco-analytics:assumeRoleArn names account 222222222222; a stack deploys into one account. Fix: pulumi config set reco-analytics:existingStreamArn arn:aws:kinesis:eu-west-1:222222222222:stream/events --stack staging",
      "reco-analytics:quicksightPrincipals names account 333333333333 (arn:aws:quicksight:us-east-1:333333333333:group/default/marketing) but reco-analytics:assumeRoleArn names account 222222222222; a stack deploys into one account. Fix: pulumi config set --path 'reco-analytics:quicksightPrincipals[1]' arn:aws:quicksight:us-east-1:222222222222:group/default/marketing --stack staging",
    ]);
  });

  it("fixes a bad list element where it stands", () => {
    expect(problemsOf({ [`${P}:alarmEmails`]: '["ops@example.com","oncall"]' })).to.deep.equal([
      'reco-analytics:alarmEmails is "[\\"ops@example.com\\",\\"oncall\\"]"; "oncall" is not valid; it must be a list of email addresses. Fix: pulumi config set --path \'reco-analytics:alarmEmails[1]\' oncall@example.com --stack staging',
    ]);
  });

  describe("peak below average: the hint is right for the values given", () => {
    it("both set: raise the peak to the average", () => {
      expect(
        problemsOf({ [`${P}:avgEventsPerSecond`]: "300", [`${P}:peakEventsPerSecond`]: "200" }),
      ).to.deep.equal([
        'reco-analytics:peakEventsPerSecond is "200"; it must be at least reco-analytics:avgEventsPerSecond (300). Fix: pulumi config set reco-analytics:peakEventsPerSecond 300 --stack staging',
      ]);
    });
    it("only the average set: the tier's peak is quoted as a default, not as the user's value", () => {
      expect(problemsOf({ [`${P}:avgEventsPerSecond`]: "100" })).to.deep.equal([
        'reco-analytics:avgEventsPerSecond is "100"; it is above the dev tier\'s default peak of 50 events/s (reco-analytics:peakEventsPerSecond is not set), and the peak must be at least the average. Fix: pulumi config set reco-analytics:peakEventsPerSecond 100 --stack staging',
      ]);
    });
    it("only the peak set: the tier's average is quoted as a default", () => {
      expect(
        problemsOf({
          [`${P}:tier`]: "prod",
          [`${P}:quicksightEnabled`]: "false",
          [`${P}:peakEventsPerSecond`]: "400",
        }),
      ).to.deep.equal([
        'reco-analytics:peakEventsPerSecond is "400"; it must be at least the prod tier\'s default average 500. Fix: pulumi config set reco-analytics:peakEventsPerSecond 500 --stack staging',
      ]);
    });
  });

  describe("secure values", () => {
    it("accepts a masked secret where a secret makes sense and keeps the mask", () => {
      const s = resolveSettings(
        { ...VALID, [`${P}:assumeRoleArn`]: "[secret]" },
        "staging",
        P,
        new Set([`${P}:assumeRoleArn`]),
      );
      expect(s.aws.assumeRoleArn).to.equal("[secret]");
    });

    it("refuses a secret alarm address: SNS subscriptions are named by address", () => {
      expect(
        problemsOf({ [`${P}:alarmEmails`]: '["[secret]"]' }, [`${P}:alarmEmails`]),
      ).to.deep.equal([
        "reco-analytics:alarmEmails is a secret, but it is not sensitive and the plan needs to read it; secrets are for assumeRoleArn. Fix: pulumi config set --path 'reco-analytics:alarmEmails[0]' oncall@example.com --stack staging (without --secret)",
      ]);
    });

    it("validates a secret the plan can read like any other value", () => {
      expect(
        problemsOf({ [`${P}:assumeRoleArn`]: "deployer" }, [`${P}:assumeRoleArn`]),
      ).to.deep.equal([
        'reco-analytics:assumeRoleArn is "deployer"; it must be an IAM role ARN. Fix: pulumi config set reco-analytics:assumeRoleArn arn:aws:iam::123456789012:role/deployer --stack staging',
      ]);
    });

    it("refuses the mask as a plain value: it is not a role", () => {
      expect(problemsOf({ [`${P}:assumeRoleArn`]: "[secret]" })).to.have.length(1);
    });

    it("refuses a secret tier, naming the keys that may be secrets", () => {
      expect(problemsOf({ [`${P}:tier`]: "[secret]" }, [`${P}:tier`])).to.deep.equal([
        "reco-analytics:tier is a secret, but it is not sensitive and the plan needs to read it; secrets are for assumeRoleArn. Fix: pulumi config set reco-analytics:tier dev --stack staging (without --secret)",
      ]);
    });
  });
});
