import { expect } from "chai";
import { RESOURCE_POLICY_PROPERTY } from "../../policies/resource-policies";
import { messages, res, urnOf, violations } from "./helpers";

const OWN = "123456789012";
const FOREIGN = "999988887777";
const TOPIC = `arn:aws:sns:us-east-1:${OWN}:alerts`;
const doc = (...statements: unknown[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** A compliant topic policy: the account's own alarms publish, plain HTTP is denied to all. */
const alarms = {
  Sid: "Alarms",
  Effect: "Allow",
  Principal: { Service: "cloudwatch.amazonaws.com" },
  Action: "sns:Publish",
  Resource: TOPIC,
  Condition: { StringEquals: { "aws:SourceAccount": OWN } },
};
const denyHttp = {
  Effect: "Deny",
  Principal: "*",
  Action: "sns:Publish",
  Resource: TOPIC,
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const topicPolicy = (...statements: unknown[]) =>
  res("aws:sns/topicPolicy:TopicPolicy", "p", { arn: TOPIC, policy: doc(...statements) });

const POLICIES = [
  "resource-policy-not-public",
  "resource-policy-no-foreign-accounts",
  "service-principal-source-scoped",
];

describe("resource-based policies", () => {
  for (const policy of POLICIES) {
    it(`${policy} accepts the compliant topic policy`, async () => {
      expect(await messages(policy, [topicPolicy(alarms, denyHttp)])).to.deep.equal([]);
    });
  }

  const cases: { policy: string; name: string; statement: unknown; message: string }[] = [
    {
      policy: "resource-policy-not-public",
      name: 'Principal "*"',
      statement: { ...alarms, Principal: "*", Condition: undefined },
      message:
        'policy: statement "Alarms" allows "sns:Publish" to Principal "*" (every AWS account and anonymous callers) with no condition pinning the caller; name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn or aws:SourceVpce.',
    },
    {
      policy: "resource-policy-not-public",
      name: 'Principal { AWS: ["*"] } with a "*" source condition',
      statement: {
        ...alarms,
        Principal: { AWS: ["*"] },
        Condition: { StringLike: { "aws:SourceArn": "*" } },
      },
      message:
        'policy: statement "Alarms" allows "sns:Publish" to Principal "*" (every AWS account and anonymous callers) with no condition pinning the caller; name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn or aws:SourceVpce.',
    },
    {
      policy: "resource-policy-not-public",
      name: "NotPrincipal with Allow",
      statement: { ...alarms, Principal: undefined, NotPrincipal: { AWS: OWN } },
      message:
        'policy: statement "Alarms" uses NotPrincipal with Allow, which grants every identity not listed; name the principals instead.',
    },
    {
      policy: "resource-policy-no-foreign-accounts",
      name: "a foreign account's role",
      statement: { ...alarms, Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/reader` } },
      message: `policy: statement "Alarms" grants "sns:Publish" to account ${FOREIGN}, outside the zone of trust (${OWN}); remove the grant, or add the account to trustedAccountIds in the stack's policy pack config after review.`,
    },
    {
      policy: "resource-policy-no-foreign-accounts",
      name: '"*" pinned to a foreign account',
      statement: {
        ...alarms,
        Principal: "*",
        Condition: { StringEquals: { "aws:PrincipalAccount": FOREIGN } },
      },
      message: `policy: statement "Alarms" grants "sns:Publish" to account ${FOREIGN}, outside the zone of trust (${OWN}); remove the grant, or add the account to trustedAccountIds in the stack's policy pack config after review.`,
    },
    {
      policy: "resource-policy-no-foreign-accounts",
      name: "a service acting for a foreign account's resources",
      statement: { ...alarms, Condition: { StringEquals: { "aws:SourceAccount": FOREIGN } } },
      message: `policy: statement "Alarms" grants "sns:Publish" to account ${FOREIGN}, outside the zone of trust (${OWN}); remove the grant, or add the account to trustedAccountIds in the stack's policy pack config after review.`,
    },
    {
      policy: "service-principal-source-scoped",
      name: "a service principal with no source condition",
      statement: { ...alarms, Condition: undefined },
      message:
        'policy: statement "Alarms" lets "cloudwatch.amazonaws.com" act with no aws:SourceArn or aws:SourceAccount condition, so the service may act for any customer\'s resource; add Condition { StringEquals: { "aws:SourceAccount": "<this account>" }, ArnLike: { "aws:SourceArn": "<the source\'s ARN>" } }.',
    },
  ];
  for (const c of cases) {
    it(`${c.policy} rejects ${c.name}`, async () => {
      expect(await violations(c.policy, [topicPolicy(c.statement, denyHttp)])).to.deep.equal([
        {
          enforcementLevel: "mandatory",
          urn: urnOf("aws:sns/topicPolicy:TopicPolicy", "p"),
          message: c.message,
        },
      ]);
    });
  }

  it("reads every resource-policy carrier, including inline policies and object documents", async () => {
    const open = { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" };
    const carriers = Object.entries(RESOURCE_POLICY_PROPERTY).map(([type, property], i) =>
      res(type, `r${i}`, { [property]: i % 2 ? doc(open) : { Statement: open } }),
    );
    const found = await violations("resource-policy-not-public", carriers);
    expect(found.map((v) => v.urn)).to.deep.equal(carriers.map((c) => c.urn));
  });

  it("accepts the key policy shapes the platform writes (account root, logs via encryption context)", async () => {
    const key = res("aws:kms/key:Key", "k", {
      enableKeyRotation: true,
      policy: doc(
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${OWN}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Effect: "Allow",
          Principal: { Service: "logs.us-east-1.amazonaws.com" },
          Action: ["kms:Encrypt*", "kms:Decrypt*"],
          Resource: "*",
          Condition: {
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${OWN}:log-group:*`,
            },
          },
        },
      ),
    });
    for (const policy of POLICIES) expect(await messages(policy, [key])).to.deep.equal([]);
  });

  it("rejects a policy that is not JSON", async () => {
    const broken = res("aws:sqs/queuePolicy:QueuePolicy", "q", { policy: "{ Statement" });
    expect(await messages("resource-policy-not-public", [broken])).to.deep.equal([
      "policy is not a JSON policy document; it must be a JSON object with a Statement list.",
    ]);
  });
});
