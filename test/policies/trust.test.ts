import { expect } from "chai";
import { describeResourcePolicy, messages, res } from "./helpers";

const OWN = "123456789012";
const FOREIGN = "999988887777";
const trust = (...statements: unknown[]) => ({
  assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
});
const lambdaService = {
  Effect: "Allow",
  Principal: { Service: "lambda.amazonaws.com" },
  Action: "sts:AssumeRole",
  Condition: { StringEquals: { "aws:SourceAccount": OWN } },
};
const ROLE = "aws:iam/role:Role";

describe("role-trust-restricted", () => {
  const cases: { name: string; statement: unknown; message: string }[] = [
    {
      name: 'Principal { AWS: "*" }',
      statement: { ...lambdaService, Principal: { AWS: "*" }, Condition: undefined },
      message:
        'assumeRolePolicy: statement #1 lets Principal "*" assume the role, so any AWS identity can take its permissions; name the account, role or service that assumes it.',
    },
    {
      name: "a foreign account without an external id",
      statement: { ...lambdaService, Principal: { AWS: FOREIGN }, Condition: undefined },
      message: `assumeRolePolicy: statement #1 lets account ${FOREIGN}, outside the zone of trust, assume the role without an sts:ExternalId condition; add Condition { StringEquals: { "sts:ExternalId": "<shared secret>" } } or add the account to trustedAccountIds after review.`,
    },
    {
      name: "GitHub OIDC without a subject condition",
      statement: {
        Effect: "Allow",
        Principal: {
          Federated: `arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com`,
        },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        },
      },
      message: `assumeRolePolicy: statement #1 trusts "arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com" with no condition on the token's subject (":sub"), so every identity that provider issues (any repository, any tenant) can assume the role; add a StringEquals or StringLike condition on "token.actions.githubusercontent.com:sub".`,
    },
    {
      name: "a Cognito identity pool's identities without the pool pinned",
      statement: {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "unauthenticated" },
        },
      },
      message:
        'assumeRolePolicy: statement #1 trusts "cognito-identity.amazonaws.com" with no condition on the identity pool ("cognito-identity.amazonaws.com:aud"), so identities of any pool, in any account, can assume the role; add Condition { StringEquals: { "cognito-identity.amazonaws.com:aud": "<identity pool id>" } }.',
    },
  ];

  it("accepts a service, the own account, a foreign account with an external id and pinned OIDC", async () => {
    const role = res(
      ROLE,
      "r",
      trust(
        lambdaService,
        {
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${OWN}:root` },
          Action: "sts:AssumeRole",
        },
        {
          Effect: "Allow",
          Principal: { AWS: FOREIGN },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "x-7f3a" } },
        },
        {
          ...(cases[2].statement as object),
          Condition: {
            StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/reco:*" },
          },
        },
        {
          // A Cognito pool's guests: the pool id (aud) is the pin, not a subject.
          ...(cases[3].statement as object),
          Condition: {
            StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:0f8fad5b" },
          },
        },
      ),
    );
    expect(await messages("role-trust-restricted", [role])).to.deep.equal([]);
  });

  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      expect(
        await messages("role-trust-restricted", [res(ROLE, "r", trust(c.statement))]),
      ).to.deep.equal([c.message]);
    });
  }
});

describe("lambda-permission-restricted", () => {
  describeResourcePolicy(
    "lambda-permission-restricted",
    "aws:lambda/permission:Permission",
    {
      action: "lambda:InvokeFunction",
      function: "reco-api",
      principal: "s3.amazonaws.com",
      sourceArn: "arn:aws:s3:::lake",
    },
    [
      {
        path: "sourceArn",
        value: undefined,
        message:
          'principal is the service "s3.amazonaws.com" with neither sourceArn nor sourceAccount, so that service may invoke the function for any customer\'s resource; set sourceArn to the bucket, rule, topic or API that triggers it (and sourceAccount for S3).',
      },
    ],
  );

  const base = { action: "lambda:InvokeFunction", function: "reco-api" };
  const cases: { name: string; inputs: Record<string, unknown>; message: string }[] = [
    {
      name: 'principal "*"',
      inputs: { ...base, principal: "*" },
      message:
        'principal is "*", so any AWS account (and, through a public trigger, anyone) may call lambda:InvokeFunction; name the calling account, role or service, or set principalOrgId, sourceAccount or sourceArn.',
    },
    {
      name: "a foreign account",
      inputs: { ...base, principal: FOREIGN },
      message: `principal "${FOREIGN}" is account ${FOREIGN}, outside the zone of trust (${OWN}); remove the grant, or add the account to trustedAccountIds in the stack's policy pack config after review.`,
    },
    {
      name: "a service with neither sourceArn nor sourceAccount",
      inputs: { ...base, principal: "events.amazonaws.com" },
      message:
        'principal is the service "events.amazonaws.com" with neither sourceArn nor sourceAccount, so that service may invoke the function for any customer\'s resource; set sourceArn to the bucket, rule, topic or API that triggers it (and sourceAccount for S3).',
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      const permission = res("aws:lambda/permission:Permission", "p", c.inputs);
      expect(await messages("lambda-permission-restricted", [permission])).to.deep.equal([
        c.message,
      ]);
    });
  }

  it('leaves a function URL granted to "*" to lambda-url-not-public, and accepts the own account\'s role', async () => {
    const url = res("aws:lambda/permission:Permission", "url", {
      action: "lambda:InvokeFunctionUrl",
      function: "reco-api",
      principal: "*",
      functionUrlAuthType: "NONE",
    });
    const own = res("aws:lambda/permission:Permission", "own", {
      ...base,
      principal: `arn:aws:iam::${OWN}:role/web`,
    });
    expect(await messages("lambda-permission-restricted", [url, own])).to.deep.equal([]);
  });
});
