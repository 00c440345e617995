import { expect } from "chai";
import { AlarmTopic, validateAlarmTopicArgs } from "../../components/alarm-topic";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";
import { ACCOUNT_ADMINISTERS_KEY, childNames } from "../kpi-dashboard/fixtures";

describe("AlarmTopic", () => {
  const rec = useMocks({ stack: "dev" });

  it("encrypts the topic with its own rotating key and subscribes each address", async () => {
    const topic = new AlarmTopic("alarms", {
      tier: "prod",
      emails: ["ops@example.com", "Data.Team@example.org"],
    });
    await rec.settle();
    const component = rec.one("reco:alarm-topic:AlarmTopic");
    expect(childNames(rec, "reco:alarm-topic:AlarmTopic")).to.deep.equal([
      "aws:kms/alias:Alias alarms-key-alias",
      "aws:kms/key:Key alarms-key",
      "aws:sns/topic:Topic alarms-topic",
      "aws:sns/topicPolicy:TopicPolicy alarms-policy",
      "aws:sns/topicSubscription:TopicSubscription alarms-email-data-team-at-example-org",
      "aws:sns/topicSubscription:TopicSubscription alarms-email-ops-at-example-com",
    ]);
    const key = rec.one("aws:kms/key:Key", "alarms-key");
    expect(key.inputs.enableKeyRotation).to.equal(true);
    expect(key.inputs.deletionWindowInDays).to.equal(30);
    // Prod protects the key: deleting it would make the topic unusable.
    expect([key.protect, key.retainOnDelete]).to.deep.equal([true, true]);
    const [account, cloudwatch, ...others] = JSON.parse(key.inputs.policy).Statement;
    expect([account, others]).to.deep.equal([ACCOUNT_ADMINISTERS_KEY, []]);
    expect(cloudwatch).to.deep.equal({
      Sid: "CloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
        ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT_ID}:alarm:*` },
      },
    });
    const snsTopic = rec.one("aws:sns/topic:Topic");
    expect(snsTopic.inputs.kmsMasterKeyId).to.match(/^arn:aws:kms:us-east-1:123456789012:key\//);
    const subscription = rec.one(
      "aws:sns/topicSubscription:TopicSubscription",
      "ops-at-example-com",
    );
    expect(subscription.inputs).to.include({ protocol: "email", endpoint: "ops@example.com" });
    const topicArn = await new Promise((resolve) => topic.topicArn.apply(resolve));
    expect(topicArn).to.match(/^arn:aws:sns:us-east-1:123456789012:alarms-topic-[0-9a-f]{7}$/);
    expect(component.outputs?.topicArn).to.equal(topicArn);
  });

  it("admits CloudWatch alarms of this account only, and never plain HTTP", async () => {
    new AlarmTopic("alarms", {});
    await rec.settle();
    const policy = JSON.parse(rec.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy);
    const topicArn = policy.Statement[0].Resource;
    expect(topicArn).to.match(/^arn:aws:sns:us-east-1:123456789012:alarms-topic-/);
    expect(policy.Statement).to.deep.equal([
      {
        Sid: "CloudWatchAlarmsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
          ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT_ID}:alarm:*` },
        },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["sns:Publish", "sns:Subscribe"],
        Resource: topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    expect(rec.ofType("aws:sns/topicSubscription:TopicSubscription")).to.have.length(0);
    const devKey = rec.one("aws:kms/key:Key");
    expect([devKey.inputs.deletionWindowInDays, devKey.protect]).to.deep.equal([7, false]);
  });

  it("rejects bad and repeated addresses, all at once", () => {
    expect(
      validateAlarmTopicArgs({ emails: ["ops@example.com", "not-an-address", "OPS@example.com"] }),
    ).to.deep.equal([
      'emails[1] "not-an-address" is not an e-mail address; use name@example.com',
      'emails lists "ops@example.com" twice; list each address once',
    ]);
    expect(() => new AlarmTopic("alarms", { emails: ["x"] })).to.throw(
      'AlarmTopic "alarms" has 1 invalid argument:\n  - emails[0] "x" is not an e-mail address; use name@example.com',
    );
  });
});
