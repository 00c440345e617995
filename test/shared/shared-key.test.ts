/**
 * SharedKey: dev's one customer key. Its policy admits exactly the services the components use it
 * with, and a component handed its ARN creates no key of its own.
 */
import { expect } from "chai";
import { AlarmTopic, alarmKeyStatement } from "../../components/alarm-topic";
import { KPIDashboard } from "../../components/kpi-dashboard";
import { lakeKeyStatements } from "../../components/data-lake";
import { PersonalizeRecommender } from "../../components/personalize-recommender";
import { SharedKey } from "../../components/shared/shared-key";
import { LAKE as RECO_LAKE, STREAM } from "../personalize-recommender/refs";
import { ofType, shippedPlan } from "../offline/plans";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";
import { ACCOUNT_ADMINISTERS_KEY, LAKE, OPERATIONS, childNames } from "../kpi-dashboard/fixtures";

const SHARED = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/99999999-8888-7777-6666-555555555555`;
const LOGS = (pattern: string) => `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:${pattern}`;

describe("SharedKey", () => {
  const rec = useMocks({ stack: "dev" });

  it("is one rotating key whose policy admits the stack's log groups and the given services only", async () => {
    new SharedKey("dev-key", {
      logGroupPrefix: "dev-",
      serviceStatements: (ctx) => [alarmKeyStatement(ctx), ...lakeKeyStatements(ctx, false, true)],
    });
    await rec.settle();
    expect(childNames(rec, "reco:shared:SharedKey")).to.deep.equal([
      "aws:kms/alias:Alias dev-key-alias",
      "aws:kms/key:Key dev-key",
    ]);
    const key = rec.one("aws:kms/key:Key", "dev-key");
    expect(key.inputs.enableKeyRotation).to.equal(true);
    expect(key.inputs.deletionWindowInDays).to.equal(7);
    expect([key.protect, key.retainOnDelete]).to.deep.equal([false, false]);
    expect(JSON.parse(key.inputs.policy).Statement).to.deep.equal([
      ACCOUNT_ADMINISTERS_KEY,
      {
        Sid: "CloudWatchLogsEncryptsThisStacksLogGroups",
        Effect: "Allow",
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Action: [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": [
              LOGS("/aws/lambda/dev-*"),
              LOGS("/aws/vendedlogs/states/dev-*"),
              LOGS("/aws/kinesisfirehose/dev-*"),
              LOGS("/aws/apigateway/dev-*"),
            ],
          },
        },
      },
      {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
          ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT_ID}:alarm:*` },
        },
      },
      {
        Sid: "PersonalizeDecryptExports",
        Effect: "Allow",
        Principal: { Service: "personalize.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
      },
    ]);
  });

  it("keeps a protected prod key for 30 days", async () => {
    new SharedKey("prod-key", { tier: "prod", logGroupPrefix: "prod-", protectData: true });
    await rec.settle();
    const key = rec.one("aws:kms/key:Key", "prod-key");
    expect(key.inputs.deletionWindowInDays).to.equal(30);
    expect([key.protect, key.retainOnDelete]).to.deep.equal([true, true]);
  });

  it("rejects a prefix that is not a resource-name prefix, naming it and the fix", () => {
    expect(() => new SharedKey("k", { logGroupPrefix: "Dev/*" })).to.throw(
      'SharedKey k: logGroupPrefix is "Dev/*"; it must be lower-case letters, digits and dashes (a stack\'s resource-name prefix, e.g. "dev-"). Fix: pass the prefix the stack\'s components are named with.',
    );
  });

  it("lets the alarm topic encrypt with the shared key instead of its own", async () => {
    new AlarmTopic("alarms", { sharedKmsKeyArn: SHARED });
    await rec.settle();
    expect(childNames(rec, "reco:alarm-topic:AlarmTopic")).to.deep.equal([
      "aws:sns/topic:Topic alarms-topic",
      "aws:sns/topicPolicy:TopicPolicy alarms-policy",
    ]);
    expect(rec.one("aws:sns/topic:Topic").inputs.kmsMasterKeyId).to.equal(SHARED);
  });

  it("lets the KPI dashboard encrypt its logs and dead letters with the shared key", async () => {
    new KPIDashboard("kpi", { lake: LAKE, operations: OPERATIONS, sharedKmsKeyArn: SHARED });
    await rec.settle();
    expect(rec.ofType("aws:kms/key:Key")).to.have.length(0);
    expect(rec.one("aws:cloudwatch/logGroup:LogGroup").inputs.kmsKeyId).to.equal(SHARED);
    expect(rec.one("aws:sqs/queue:Queue").inputs.kmsMasterKeyId).to.equal(SHARED);
  });

  it("lets the recommender encrypt its queue, logs and functions with the shared key", async () => {
    new PersonalizeRecommender("reco", {
      lake: RECO_LAKE,
      stream: STREAM,
      region: "us-east-1",
      sharedKmsKeyArn: SHARED,
    });
    await rec.settle();
    expect(rec.ofType("aws:kms/key:Key")).to.have.length(0);
    expect(rec.one("aws:sqs/queue:Queue", "events-dlq").inputs.kmsMasterKeyId).to.equal(SHARED);
    // The training schedule's dead letters sit beside its notifications, under the lake's key.
    expect(rec.one("aws:sqs/queue:Queue", "training-dlq").inputs.kmsMasterKeyId).to.equal(
      RECO_LAKE.kmsKeyArn,
    );
    for (const group of rec.ofType("aws:cloudwatch/logGroup:LogGroup")) {
      expect(group.inputs.kmsKeyId, group.name).to.equal(SHARED);
    }
  });

  it("refuses a shared key for an encrypted dataset group, whose grant names the component's role", () => {
    expect(
      () =>
        new PersonalizeRecommender("reco", {
          lake: RECO_LAKE,
          stream: STREAM,
          region: "us-east-1",
          tier: "prod",
          sharedKmsKeyArn: SHARED,
        }),
    ).to.throw(
      "sharedKmsKeyArn is set and encryptDatasetGroup is true; Personalize's grant on the dataset group's key names this component's role, which a shared key's policy cannot. Fix: pass encryptDatasetGroup: false, or drop sharedKmsKeyArn so the component creates its own key.",
    );
  });
});

describe("KMS keys of the shipped stacks", function () {
  this.timeout(180_000);
  const keyNames = async (stack: string) =>
    ofType(await shippedPlan(stack), "aws:kms/key:Key")
      .map((k) => k.name)
      .sort();

  it("dev shares one key; prod keeps one key per component", async () => {
    expect(await keyNames("dev")).to.deep.equal(["dev-key"]);
    expect(await keyNames("prod")).to.deep.equal([
      "prod-alerts-key",
      "prod-ingest-key",
      "prod-kpi-key",
      "prod-kpi-serving-key",
      "prod-lake-key",
      "prod-realtime-key",
      "prod-reco-key",
    ]);
  });
});
