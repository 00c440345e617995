import { expect } from "chai";
import { describeResourcePolicy, messages, res } from "./helpers";

const rolePolicy = (...statements: unknown[]) =>
  res("aws:iam/rolePolicy:RolePolicy", "r", {
    role: "reader",
    policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
  });

describe("iam-no-wildcards: wildcards other than '*' and 'service:*'", () => {
  const scoped = {
    Sid: "Scoped",
    Effect: "Allow",
    Action: ["iam:PassRole"],
    Resource: "arn:aws:iam::123456789012:role/reco-flink",
  };

  it("accepts named actions on named resources, prefixes in the resource name included", async () => {
    const logs = {
      Effect: "Allow",
      Action: "logs:PutLogEvents",
      Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/reco-*:*",
    };
    expect(await messages("iam-no-wildcards", [rolePolicy(scoped, logs)])).to.deep.equal([]);
  });

  const cases: { name: string; statement: unknown; message: string }[] = [
    {
      name: "an action pattern",
      statement: { ...scoped, Action: ["iam:Create*"] },
      message:
        'policy: statement "Scoped" allows action pattern "iam:Create*", which also grants every matching action AWS adds later; list the actions the role needs.',
    },
    {
      name: "PassRole on every role",
      statement: { ...scoped, Resource: "arn:aws:iam::123456789012:role/*" },
      message:
        'policy: statement "Scoped" allows "iam:PassRole" on "arn:aws:iam::123456789012:role/*", so the holder can hand every role (and its permissions) to a service; name the roles it passes.',
    },
    {
      name: "an ARN with a wildcard account",
      statement: {
        ...scoped,
        Action: "kinesis:GetRecords",
        Resource: "arn:aws:kinesis:us-east-1:*:stream/events",
      },
      message:
        'policy: statement "Scoped" allows "kinesis:GetRecords" on "arn:aws:kinesis:us-east-1:*:stream/events", whose account or region is a wildcard; name this account and region.',
    },
    {
      name: "an ARN with a wildcard region",
      statement: {
        ...scoped,
        Action: "dynamodb:GetItem",
        Resource: "arn:aws:dynamodb:*:123456789012:table/view",
      },
      message:
        'policy: statement "Scoped" allows "dynamodb:GetItem" on "arn:aws:dynamodb:*:123456789012:table/view", whose account or region is a wildcard; name this account and region.',
    },
    {
      name: "every object of every bucket",
      statement: { ...scoped, Action: "s3:GetObject", Resource: "arn:aws:s3:::*/*" },
      message:
        'policy: statement "Scoped" allows "s3:GetObject" on resource "*"; scope it to resource ARNs (only actions without resource-level permissions may use "*").',
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      expect(await messages("iam-no-wildcards", [rolePolicy(c.statement)])).to.deep.equal([
        c.message,
      ]);
    });
  }
});

describe("iam-no-broad-managed-policies", () => {
  const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
  const OWN = "arn:aws:iam::123456789012:policy/reco-reader";
  for (const type of [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
  ]) {
    describeResourcePolicy("iam-no-broad-managed-policies", type, { policyArn: OWN }, [
      {
        path: "policyArn",
        value: ADMIN,
        message: `policyArn is "${ADMIN}", an AWS-managed policy that grants whole services; attach a customer-managed policy that names the actions and resources needed.`,
      },
      {
        path: "policyArn",
        value: "arn:aws:iam::aws:policy/AmazonS3FullAccess",
        message:
          'policyArn is "arn:aws:iam::aws:policy/AmazonS3FullAccess", an AWS-managed policy that grants whole services; attach a customer-managed policy that names the actions and resources needed.',
      },
    ]);
  }
  describeResourcePolicy(
    "iam-no-broad-managed-policies",
    "aws:iam/role:Role",
    {
      assumeRolePolicy: "{}",
      managedPolicyArns: [OWN, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
    },
    [
      {
        path: "managedPolicyArns",
        value: [OWN, "arn:aws:iam::aws:policy/PowerUserAccess"],
        message:
          'managedPolicyArns includes "arn:aws:iam::aws:policy/PowerUserAccess", an AWS-managed policy that grants whole services; attach a customer-managed policy that names the actions and resources needed.',
      },
    ],
  );
});

describe("iam-no-user-credentials", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "aws:iam/user:User",
      { name: "ci" },
      "an IAM user holds long-lived credentials; give people access through IAM Identity Center and workloads through roles.",
    ],
    [
      "aws:iam/accessKey:AccessKey",
      { user: "ci" },
      "an access key is a long-lived secret that leaks through laptops, CI logs and state; let the workload assume a role (OIDC, instance profile, execution role) instead.",
    ],
    [
      "aws:iam/userLoginProfile:UserLoginProfile",
      { user: "ci" },
      "a console password for an IAM user bypasses the organisation's single sign-on; use IAM Identity Center.",
    ],
    [
      "aws:iam/policyAttachment:PolicyAttachment",
      { policyArn: "arn:aws:iam::123456789012:policy/p", users: ["ci"] },
      "a policy attached to a user directly cannot be reviewed with a role's; grant it to a role the user's workload assumes.",
    ],
  ];
  for (const [type, inputs, message] of cases) {
    it(`rejects ${type.split(":").pop()}`, async () => {
      expect(await messages("iam-no-user-credentials", [res(type, "u", inputs)])).to.deep.equal([
        message,
      ]);
    });
  }
  it("accepts roles, groups and attachments to roles", async () => {
    const found = await messages("iam-no-user-credentials", [
      res("aws:iam/role:Role", "r", { assumeRolePolicy: "{}" }),
      res("aws:iam/group:Group", "g", { name: "analysts" }),
      res("aws:iam/policyAttachment:PolicyAttachment", "a", { policyArn: "p", roles: ["r"] }),
    ]);
    expect(found).to.deep.equal([]);
  });
});
