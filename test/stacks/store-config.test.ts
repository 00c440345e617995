/**
 * The stores of issue 19 in stack config: the MSK store and the OpenSearch exploration tier are
 * read into settings, and the combinations that cannot work fail before any resource, by key.
 */
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

function problemsOf(overrides: Record<string, string | undefined>) {
  try {
    resolveSettings({ ...VALID, ...overrides }, "staging", P);
  } catch (err) {
    expect(err).to.be.instanceOf(StackConfigError);
    return [...(err as StackConfigError).problems];
  }
  throw new Error("expected a StackConfigError");
}

describe("stack config of the MSK store and the exploration tier", () => {
  it("reads streamStore msk with the flink engine, and the tier on with its retention", () => {
    const msk = resolveSettings(
      { ...VALID, [`${P}:streamStore`]: "msk", [`${P}:realtimeEngine`]: "flink" },
      "staging",
      P,
    );
    expect(msk.ingestion.store).to.equal("msk");
    expect(msk.exploration).to.deep.equal({ enabled: false, retentionDays: 7 });
    const search = resolveSettings(
      {
        ...VALID,
        [`${P}:openSearchEnabled`]: "true",
        [`${P}:openSearchRetentionDays`]: "3",
      },
      "staging",
      P,
    );
    expect(search.ingestion.store).to.equal("kinesis");
    expect(search.exploration).to.deep.equal({ enabled: true, retentionDays: 3 });
  });

  it("refuses the exploration tier with the MSK store, whose events it would not see", () => {
    expect(
      problemsOf({
        [`${P}:streamStore`]: "msk",
        [`${P}:realtimeEngine`]: "flink",
        [`${P}:openSearchEnabled`]: "true",
      }),
    ).to.deep.equal([
      'reco-analytics:openSearchEnabled is true but reco-analytics:streamStore is "msk"; the exploration tier\'s Firehose reads the Kinesis stream, which carries no producer events with the MSK store. Fix: pulumi config set reco-analytics:streamStore kinesis --stack staging or pulumi config set reco-analytics:openSearchEnabled false --stack staging',
    ]);
  });

  it("refuses an unknown store naming the allowed ones", () => {
    expect(problemsOf({ [`${P}:streamStore`]: "kafka" })).to.deep.equal([
      'reco-analytics:streamStore is "kafka"; it must be one of kinesis, msk. Fix: pulumi config set reco-analytics:streamStore msk --stack staging',
    ]);
  });

  it("refuses the MSK store with the dev tier's Lambda engine, which reads Kinesis only", () => {
    expect(problemsOf({ [`${P}:streamStore`]: "msk" })).to.deep.equal([
      `reco-analytics:streamStore is "msk" but the dev tier's realtimeEngine is "lambda"; the Lambda engine reads the Kinesis stream, which carries no producer events with the MSK store. Fix: pulumi config set reco-analytics:realtimeEngine flink --stack staging (it reads Kafka) or pulumi config set reco-analytics:realtimeEngine off --stack staging`,
    ]);
    expect(
      problemsOf({ [`${P}:streamStore`]: "msk", [`${P}:realtimeEngine`]: "lambda" })[0],
    ).to.match(
      /^reco-analytics:streamStore is "msk" but reco-analytics:realtimeEngine is "lambda";/,
    );
  });

  it("refuses a retention for a tier that is off", () => {
    expect(problemsOf({ [`${P}:openSearchRetentionDays`]: "7" })).to.deep.equal([
      "reco-analytics:openSearchRetentionDays is set but reco-analytics:openSearchEnabled is not true; there is no exploration tier to keep events in. Fix: pulumi config set reco-analytics:openSearchEnabled true --stack staging or pulumi config rm reco-analytics:openSearchRetentionDays --stack staging",
    ]);
  });

  it("refuses a retention beyond what exploration is for", () => {
    expect(
      problemsOf({ [`${P}:openSearchEnabled`]: "true", [`${P}:openSearchRetentionDays`]: "400" }),
    ).to.deep.equal([
      'reco-analytics:openSearchRetentionDays is "400"; it must be a whole number from 1 to 90. Fix: pulumi config set reco-analytics:openSearchRetentionDays 7 --stack staging',
    ]);
  });
});
