import { expect } from "chai";
import { ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS } from "../../policies/iam";
import { describeResourcePolicy, messages, res } from "./helpers";

const LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/train:*";

describe("security policies", () => {
  describeResourcePolicy(
    "lambda-url-not-public",
    "aws:lambda/functionUrl:FunctionUrl",
    { authorizationType: "AWS_IAM" },
    [
      {
        path: "authorizationType",
        value: "NONE",
        message:
          'authorizationType is "NONE"; it must be "AWS_IAM" so only signed requests reach the function.',
      },
    ],
  );

  describeResourcePolicy(
    "lambda-url-not-public",
    "aws:lambda/permission:Permission",
    {
      action: "lambda:InvokeFunctionUrl",
      function: "reco-api",
      functionUrlAuthType: "AWS_IAM",
      principal: "arn:aws:iam::123456789012:role/web",
    },
    [
      {
        path: "principal",
        value: "*",
        message:
          'principal is "*" for the function URL, so any AWS account may invoke it; name the calling account or role as principal, or set principalOrgId or sourceAccount.',
      },
    ],
  );

  it("lambda-url-not-public accepts a URL grant to every account of one organisation", async () => {
    const grant = res("aws:lambda/permission:Permission", "org", {
      action: "lambda:InvokeFunctionUrl",
      function: "reco-api",
      principal: "*",
      principalOrgId: "o-abc123",
    });
    const invoke = res("aws:lambda/permission:Permission", "s3", {
      action: "lambda:InvokeFunction",
      function: "reco-api",
      principal: "s3.amazonaws.com",
    });
    expect(await messages("lambda-url-not-public", [grant, invoke])).to.deep.equal([]);
  });

  describeResourcePolicy(
    "sfn-logging-enabled",
    "aws:sfn/stateMachine:StateMachine",
    { loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: LOGS } },
    [
      {
        path: "loggingConfiguration",
        value: undefined,
        message:
          'loggingConfiguration.level is "OFF"; set it to "ALL" or "ERROR" with a logDestination ("<log group arn>:*").',
      },
      {
        path: "loggingConfiguration.logDestination",
        value: undefined,
        message:
          'loggingConfiguration.level is "ALL" but no logDestination is set; point it at a log group ("<log group arn>:*").',
      },
    ],
  );
});

describe("iam-no-wildcards", () => {
  const policy = (statements: unknown[]) =>
    res("aws:iam/rolePolicy:RolePolicy", "r", {
      role: "reader",
      policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    });
  const read = {
    Sid: "ReadStream",
    Effect: "Allow",
    Action: ["kinesis:GetRecords", "kinesis:GetShardIterator"],
    Resource: "arn:aws:kinesis:us-east-1:123456789012:stream/events",
  };
  const traces = {
    Sid: "WriteTraces",
    Effect: "Allow",
    Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
    Resource: ["*"],
  };
  const metrics = {
    Effect: "Allow",
    Action: "cloudwatch:PutMetricData",
    Resource: "*",
    Condition: { StringEquals: { "cloudwatch:namespace": "Reco/Realtime" } },
  };

  it("accepts scoped statements and '*' for actions without resource-level permissions", async () => {
    const deny = { Effect: "Deny", Action: "*", Resource: "*" };
    expect(
      await messages("iam-no-wildcards", [policy([read, traces, metrics, deny])]),
    ).to.deep.equal([]);
  });

  it("lets only the statements the stack's config names grant PutMetricData with no namespace", async () => {
    // The shipped configs name Personalize's documented metric-attribution grant, and only it.
    const attribution = {
      Sid: "PublishAttributionMetrics",
      Effect: "Allow",
      Action: "cloudwatch:PutMetricData",
      Resource: "*",
    };
    const other = { ...attribution, Sid: "PublishOtherMetrics" };
    expect(await messages("iam-no-wildcards", [policy([attribution])])).to.deep.equal([]);
    expect(await messages("iam-no-wildcards", [policy([attribution, other])])).to.deep.equal([
      'policy: statement "PublishOtherMetrics" allows "cloudwatch:PutMetricData" on "*" without a condition; add Condition { StringEquals: { "cloudwatch:namespace": "<namespace>" } }.',
    ]);
  });

  it("keeps the allow-list explicit: no wildcard patterns in it", () => {
    expect(ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS.filter((a) => a.includes("*"))).to.deep.equal(
      [],
    );
  });

  const cases: { name: string; statement: unknown; message: string }[] = [
    {
      name: "a '*' action",
      statement: { ...read, Action: "*" },
      message: 'policy: statement "ReadStream" allows action "*"; name the actions the role needs.',
    },
    {
      name: "a whole-service action",
      statement: { ...read, Action: ["kinesis:*"] },
      message:
        'policy: statement "ReadStream" allows action "kinesis:*"; name the actions the role needs.',
    },
    {
      name: "a resource-scoped action on '*'",
      statement: { ...read, Resource: "*" },
      message:
        'policy: statement "ReadStream" allows "kinesis:GetRecords", "kinesis:GetShardIterator" on resource "*"; scope it to resource ARNs (only actions without resource-level permissions may use "*").',
    },
    {
      name: "an ARN that wildcards every field",
      statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*" },
      message:
        'policy: statement #1 allows "s3:GetObject" on resource "*"; scope it to resource ARNs (only actions without resource-level permissions may use "*").',
    },
    {
      name: "PutMetricData without a namespace condition",
      statement: { Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" },
      message:
        'policy: statement #1 allows "cloudwatch:PutMetricData" on "*" without a condition; add Condition { StringEquals: { "cloudwatch:namespace": "<namespace>" } }.',
    },
    {
      name: "NotAction with Allow",
      statement: { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::lake" },
      message:
        "policy: statement #1 uses NotAction with Allow, which grants everything not listed; list the actions and resources instead.",
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      expect(await messages("iam-no-wildcards", [policy([c.statement])])).to.deep.equal([
        c.message,
      ]);
    });
  }

  it("checks a role's inline policies and managed policies too", async () => {
    const role = res("aws:iam/role:Role", "role", {
      assumeRolePolicy: "{}",
      inlinePolicies: [
        {
          name: "inline",
          policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
        },
      ],
    });
    const managed = res("aws:iam/policy:Policy", "managed", {
      policy: JSON.stringify({
        Statement: { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" },
      }),
    });
    expect(await messages("iam-no-wildcards", [role, managed])).to.deep.equal([
      'inline policy "inline": statement #1 allows action "*"; name the actions the role needs.',
      'policy: statement #1 allows "sqs:SendMessage" on resource "*"; scope it to resource ARNs (only actions without resource-level permissions may use "*").',
    ]);
  });

  it("rejects a document that is not JSON", async () => {
    const broken = res("aws:iam/rolePolicy:RolePolicy", "r", { role: "x", policy: "Statement: [" });
    expect(await messages("iam-no-wildcards", [broken])).to.deep.equal([
      "policy is not a JSON policy document; it must be a JSON object with a Statement list.",
    ]);
  });

  it("takes further no-resource actions from config", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "policy-")), "iam.json");
    writeFileSync(
      file,
      JSON.stringify({
        "iam-no-wildcards": {
          extraActionsWithoutResourceLevelPermissions: ["quicksight:ListUsers"],
        },
      }),
    );
    const stmt = { Effect: "Allow", Action: "quicksight:ListUsers", Resource: "*" };
    expect(await messages("iam-no-wildcards", [policy([stmt])], file)).to.deep.equal([]);
  });
});
