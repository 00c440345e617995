import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { formatViolations, mandatoryViolations, runPolicyGate } from "../../policies/gate";
import { DEV_CONFIG, PROD_CONFIG, res, urnOf } from "./helpers";

const ESM = "aws:lambda/eventSourceMapping:EventSourceMapping";
const unsafeMapping = res(ESM, "events", {
  eventSourceArn: "arn:aws:kinesis:us-east-1:123456789012:stream/events",
  startingPosition: "LATEST",
  bisectBatchOnFunctionError: true,
  maximumRetryAttempts: 3,
  maximumRecordAgeInSeconds: 3600,
  tags: { environment: "dev", owner: "data", "cost-center": "cc-1" },
});
const ESM_MESSAGE =
  "destinationConfig.onFailure.destinationArn is not set; send discarded batches to an encrypted SQS queue so nothing is lost silently.";

describe("runPolicyGate", () => {
  it("names the pack and the config file it used", async () => {
    const result = await runPolicyGate({ resources: [], stack: "staging", tier: "dev" });
    expect(result).to.deep.equal({
      pack: "reco-analytics-guardrails@v0.1.0",
      configFile: DEV_CONFIG,
      violations: [],
    });
  });

  it("takes the enforcement level from the stack's config: advisory in dev, mandatory in prod", async () => {
    const dev = await runPolicyGate({ resources: [unsafeMapping], stack: "dev", tier: "dev" });
    const prod = await runPolicyGate({ resources: [unsafeMapping], stack: "prod", tier: "prod" });
    const expected = (level: string) => [
      {
        policy: "event-source-mapping-safe",
        enforcementLevel: level,
        urn: unsafeMapping.urn,
        message: ESM_MESSAGE,
      },
    ];
    expect(dev.violations).to.deep.equal(expected("advisory"));
    expect(prod.violations).to.deep.equal(expected("mandatory"));
    expect(mandatoryViolations(dev)).to.deep.equal([]);
    expect(mandatoryViolations(prod)).to.have.length(1);
  });

  it("runs nothing for a disabled policy", async () => {
    // Protected, as prod keeps log groups: only the disabled-in-dev key policy is at stake.
    const logs = res(
      "aws:cloudwatch/logGroup:LogGroup",
      "logs",
      { retentionInDays: 14, tags: { environment: "dev", owner: "o", "cost-center": "c" } },
      { protect: true, retainOnDelete: true },
    );
    expect(
      (await runPolicyGate({ resources: [logs], stack: "dev", tier: "dev" })).violations,
    ).to.deep.equal([]);
    expect(
      (
        await runPolicyGate({ resources: [logs], stack: "x", tier: "x", configFile: PROD_CONFIG })
      ).violations.map((v) => v.policy),
    ).to.deep.equal(["cloudwatch-log-group-kms"]);
  });

  it("keeps each concurrent run on its own configuration", async () => {
    const [dev, prod] = await Promise.all([
      runPolicyGate({ resources: [unsafeMapping], stack: "dev", tier: "dev" }),
      runPolicyGate({ resources: [unsafeMapping], stack: "prod", tier: "prod" }),
    ]);
    expect(dev.violations.map((v) => v.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(prod.violations.map((v) => v.enforcementLevel)).to.deep.equal(["mandatory"]);
  });

  it("sends assets and archives in their wire form, as the engine does", async () => {
    const fn = res("aws:lambda/function:Function", "api", {
      code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset("exports.handler = 1"),
      }),
      memorySize: 4096,
      loggingConfig: { logGroup: "/aws/lambda/api" },
      tags: { environment: "prod", owner: "o", "cost-center": "c" },
    });
    const logs = res(
      "aws:cloudwatch/logGroup:LogGroup",
      "api-logs",
      {
        name: "/aws/lambda/api",
        retentionInDays: 30,
        kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1",
        tags: { environment: "prod", owner: "o", "cost-center": "c" },
      },
      { protect: true, retainOnDelete: true },
    );
    const result = await runPolicyGate({ resources: [fn, logs], stack: "prod", tier: "prod" });
    expect(result.violations.map((v) => v.policy)).to.deep.equal(["lambda-memory-cap"]);
  });

  it("reports a value unknown during preview as an advisory note, like `pulumi preview`", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const stream = res(
      "aws:kinesis/stream:Stream",
      "events",
      {
        encryptionType: unknown,
        kmsKeyId: "k",
        retentionPeriod: 168,
        tags: { environment: "prod", owner: "o", "cost-center": "c" },
      },
      { protect: true },
    );
    const result = await runPolicyGate({ resources: [stream], stack: "prod", tier: "prod" });
    expect(result.violations).to.deep.equal([
      {
        policy: "kinesis-stream-encrypted",
        enforcementLevel: "advisory",
        urn: stream.urn,
        message:
          "can't run policy 'kinesis-stream-encrypted' from policy pack 'reco-analytics-guardrails@v0.1.0' during preview: string value at .encryptionType can't be known during preview",
      },
    ]);
  });

  it("formats a readable report, mandatory first", async () => {
    const table = res("aws:dynamodb/table:Table", "view", {
      billingMode: "PAY_PER_REQUEST",
      serverSideEncryption: { enabled: true, kmsKeyArn: "k" },
      tags: { environment: "dev", owner: "o", "cost-center": "c" },
    });
    const stream = res("aws:kinesis/stream:Stream", "events", {
      encryptionType: "KMS",
      kmsKeyId: "k",
      shardCount: 1,
      tags: { environment: "dev", owner: "o", "cost-center": "c" },
    });
    const result = await runPolicyGate({
      resources: [unsafeMapping, table, { ...stream, inputs: { ...stream.inputs, shardCount: 9 } }],
      stack: "dev",
      tier: "dev",
    });
    expect(formatViolations(result)).to.equal(
      [
        `Policies: reco-analytics-guardrails@v0.1.0 (${DEV_CONFIG}): 2 violation(s), 1 mandatory`,
        `  - [mandatory] kinesis-shard-cap (${urnOf("aws:kinesis/stream:Stream", "events")})`,
        "    shardCount is 9; this tier allows at most 2. Size the stream from the workload's peak or raise kinesis-shard-cap.maxShards in the stack's policy pack config.",
        `  - [advisory] event-source-mapping-safe (${unsafeMapping.urn})`,
        `    ${ESM_MESSAGE}`,
      ].join("\n"),
    );
    expect(formatViolations({ ...result, violations: [] })).to.equal(
      `Policies: reco-analytics-guardrails@v0.1.0 (${DEV_CONFIG}): no violations`,
    );
  });
});
