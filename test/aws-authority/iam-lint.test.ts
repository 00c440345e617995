import { expect } from "chai";
import { ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS } from "../../policies/iam";
import { actionFacts, authorizationDataVersion } from "./iam/authorization-data";
import { DOCUMENTED_EXCEPTIONS, isDocumented } from "./iam/documented-exceptions";
import {
  DOCUMENT_TYPES,
  NON_IAM_POLICY_TYPES,
  PolicyDocument,
  policyDocumentsOf,
} from "./iam/documents";
import { Finding, lintDocument } from "./iam/lint";
import { CONFIGURATION_NAMES, authorityPlan, mockedStateOf } from "./plans";

const identity = (...statements: object[]): PolicyDocument => ({
  owner: "fixture-policy",
  ownerType: "aws:iam/rolePolicy:RolePolicy",
  kind: "identity",
  statements: statements.map((s) => ({ Effect: "Allow", Resource: [], ...s }) as never),
});
const rules = (findings: Finding[]) => findings.map((f) => `${f.rule} ${f.subject}`);

describe("IAM documents held to AWS's service authorization data", () => {
  it("is checked against a pinned copy of the data", async () => {
    expect(await authorizationDataVersion()).to.match(/^0\.21\.\d+$/);
  });

  describe("the lint", () => {
    it("passes a statement that names existing actions on resources of their types", async () => {
      const findings = await lintDocument(
        identity({
          Sid: "Read",
          Action: ["kinesis:GetRecords", "kinesis:GetShardIterator"],
          Resource: ["arn:aws:kinesis:us-east-1:123456789012:stream/events"],
        }),
      );
      expect(findings).to.deep.equal([]);
    });

    it("flags an action granted on an ARN when it supports no resource-level permissions", async () => {
      const findings = await lintDocument(
        identity({
          Sid: "PutEvents",
          Action: ["personalize:PutEvents"],
          Resource: ["arn:aws:personalize:us-east-1:123456789012:event-tracker/t"],
        }),
      );
      expect(findings).to.deep.equal([
        {
          owner: "fixture-policy",
          sid: "PutEvents",
          rule: "wildcard-only-action-on-arn",
          subject: "personalize:PutEvents",
          message:
            'personalize:PutEvents supports no resource-level permissions, so it only matches Resource "*"; on arn:aws:personalize:us-east-1:123456789012:event-tracker/t it can never match',
        },
      ]);
    });

    it("flags a condition key the action never carries (s3:prefix on GetBucketLocation)", async () => {
      const findings = await lintDocument(
        identity({
          Sid: "List",
          Action: ["s3:ListBucket", "s3:GetBucketLocation"],
          Resource: ["arn:aws:s3:::lake"],
          Condition: { StringLike: { "s3:prefix": ["kpi/*"] } },
        }),
      );
      expect(findings.map((f) => f.message)).to.deep.equal([
        "s3:GetBucketLocation never carries s3:prefix, so StringLike on it makes this half of the statement never match",
      ]);
    });

    it("does not flag a negated or IfExists condition on a key the action lacks", async () => {
      const findings = await lintDocument(
        identity({
          Sid: "Locate",
          Action: ["s3:GetBucketLocation"],
          Resource: ["arn:aws:s3:::lake"],
          Condition: { StringLikeIfExists: { "s3:prefix": ["kpi/*"] } },
        }),
      );
      expect(findings).to.deep.equal([]);
    });

    it("flags an action that does not exist (sns:Receive) and an unknown condition key", async () => {
      const findings = await lintDocument(
        identity({
          Sid: "Deny",
          Effect: "Deny",
          Action: ["sns:Publish", "sns:Receive"],
          Resource: ["arn:aws:sns:us-east-1:123456789012:alerts"],
          Condition: { Bool: { "aws:SecureTransprot": "false" } },
        }),
      );
      expect(rules(findings)).to.deep.equal([
        "unknown-action sns:Receive",
        "unknown-condition-key aws:SecureTransprot",
      ]);
    });

    it("flags a Resource that is no resource of the action (a log stream ARN in the wrong shape)", async () => {
      const findings = await lintDocument(
        identity({
          Sid: "WriteLogs",
          Action: ["logs:PutLogEvents"],
          Resource: ["arn:aws:cloudwatch:us-east-1:123456789012:logstream/app"],
        }),
      );
      expect(rules(findings)).to.deep.equal([
        "action-fits-no-resource logs:PutLogEvents",
        "resource-fits-no-action arn:aws:cloudwatch:us-east-1:123456789012:logstream/app",
      ]);
    });

    it("flags a resource-scoped action granted on every resource", async () => {
      const findings = await lintDocument(
        identity({ Sid: "All", Action: ["dynamodb:PutItem"], Resource: ["*"] }),
      );
      expect(rules(findings)).to.deep.equal(["scoped-action-on-every-resource dynamodb:PutItem"]);
    });

    it('reads a key policy\'s "*" as its own key, and accepts a wildcard family with a live member', async () => {
      const findings = await lintDocument({
        owner: "key",
        ownerType: "aws:kms/key:Key",
        kind: "resource",
        governs: "arn:aws:kms:us-east-1:123456789012:key/k",
        statements: [
          {
            Sid: "Root",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:root" },
            Action: ["kms:*"],
            Resource: ["*"],
          },
        ],
      });
      expect(findings).to.deep.equal([]);
    });
  });

  it("keeps the policy pack's list of wildcard-only actions true to the data", async () => {
    const notWildcardOnly: string[] = [];
    for (const action of ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS) {
      const facts = await actionFacts(action);
      if (!facts) notWildcardOnly.push(`${action} (no such action)`);
      else if (!facts.wildcardOnly) notWildcardOnly.push(action);
    }
    // The CloudWatch metric actions list only an optional "dataset" resource type: a metric
    // published to a namespace has no resource, so "*" is what AWS's examples grant.
    expect(notWildcardOnly).to.deep.equal([
      "cloudwatch:PutMetricData",
      "cloudwatch:GetMetricData",
      "cloudwatch:ListMetrics",
    ]);
  });

  for (const name of CONFIGURATION_NAMES) {
    describe(`the ${name} plan`, () => {
      let documents: PolicyDocument[];
      let findings: Finding[];
      before(async () => {
        const plan = await authorityPlan(name);
        const stateOf = mockedStateOf(plan);
        documents = policyDocumentsOf(plan.resources, (r) => stateOf(r).arn as string | undefined);
        findings = (await Promise.all(documents.map(lintDocument))).flat();
      });

      it("has every policy document read: trust, inline, key, bucket, topic and QuickSight grants", () => {
        const kinds = new Set(documents.map((d) => d.kind));
        expect([...kinds].sort()).to.include.members(["identity", "resource", "trust"]);
        expect(documents.reduce((n, d) => n + d.statements.length, 0)).to.be.greaterThan(100);
      });

      it("has no statement that names a missing action, a wrong resource or a key never carried", () => {
        expect(
          findings.filter((f) => !isDocumented(f)).map((f) => `${f.owner} ${f.sid}: ${f.message}`),
        ).to.deep.equal([]);
      });

      it("uses every documented exception it is allowed (none is stale)", () => {
        const hit = new Set(findings.filter(isDocumented).map((f) => f.sid));
        const expected = DOCUMENTED_EXCEPTIONS.map((e) => e.sid).filter((sid) =>
          documents.some((d) => d.statements.some((s) => s.Sid === sid)),
        );
        expect([...hit].sort()).to.deep.equal([...new Set(expected)].sort());
      });
    });
  }

  it("reads every resource type of the plans that can carry an IAM document", async () => {
    const unread = new Set<string>();
    for (const name of CONFIGURATION_NAMES) {
      for (const r of (await authorityPlan(name)).resources) {
        if (
          /[Pp]olicy|[Pp]ermission/.test(r.type) &&
          !DOCUMENT_TYPES.includes(r.type) &&
          !NON_IAM_POLICY_TYPES.includes(r.type)
        ) {
          unread.add(r.type);
        }
      }
    }
    expect([...unread]).to.deep.equal([]);
  });
});
