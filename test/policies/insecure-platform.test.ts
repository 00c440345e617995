import { expect } from "chai";
import { PolicyGateResult, runPolicyGate } from "../../policies/gate";
import { ALL_POLICIES } from "../../policies/pack";
import { useMocks } from "../mocks";
import { FIRST_FIXTURE_POLICIES } from "./fixture-coverage";

/** Each planted resource (by logical name) and the policies that must name it. */
export const PLANTED: Readonly<Record<string, readonly string[]>> = {
  "bad-public-read-policy": ["resource-policy-not-public"],
  "bad-partner-read-policy": ["resource-policy-no-foreign-accounts"],
  "bad-queue-policy": ["resource-policy-not-public"],
  "bad-topic-policy": ["service-principal-source-scoped"],
  "bad-shared-key": ["resource-policy-no-foreign-accounts"],
  "bad-repo-policy": ["resource-policy-not-public"],
  "bad-repo": ["ecr-repository-safe"],
  "bad-anyone-role": ["role-trust-restricted"],
  "bad-ci-role": ["role-trust-restricted"],
  "bad-invoke-anyone": ["lambda-permission-restricted"],
  "bad-invoke-s3": ["lambda-permission-restricted"],
  "bad-worker-role": ["iam-no-broad-managed-policies"],
  "bad-admin": ["iam-no-broad-managed-policies"],
  "bad-patterns": ["iam-no-wildcards"],
  "bad-deploy-user": ["iam-no-user-credentials"],
  "bad-deploy-key": ["iam-no-user-credentials"],
  "bad-queue": ["kms-customer-managed-key"],
  "bad-stream": ["kms-customer-managed-key"],
  "bad-table": [
    "kms-customer-managed-key",
    "dynamodb-table-encrypted",
    "dynamodb-table-recoverable",
  ],
  "bad-aws-managed-encryption": ["kms-customer-managed-key"],
  "bad-plain-http": ["kms-customer-managed-key", "firehose-destination-https"],
  "bad-second-block": ["s3-public-access-blocked", "s3-one-configuration-per-bucket"],
  "bad-tls-elsewhere": ["s3-tls-only"],
  "bad-second-policy": ["s3-tls-only", "s3-one-configuration-per-bucket"],
  "bad-acl": ["s3-acls-disabled"],
  "bad-acl-grant": ["s3-acls-disabled"],
  "bad-suspended": ["s3-versioning-enabled"],
  "bad-account-block": ["s3-public-access-blocked"],
  "bad-external-source": ["firehose-encrypted"],
  "bad-handler": ["lambda-no-plaintext-secrets"],
  "bad-no-logs": ["lambda-dedicated-log-group"],
  "bad-jobs-source": ["lambda-sqs-source-safe"],
  "bad-events-source": ["event-source-mapping-safe"],
  "bad-search": ["known-resource-types"],
  "bad-glue-job": ["known-resource-types"],
  "bad-ssh": ["security-group-no-open-ingress"],
  "bad-db": ["rds-instance-private-encrypted"],
  "bad-volume": ["ebs-volume-encrypted"],
  "bad-param": ["ssm-secure-parameters"],
  "bad-provisioned": ["dynamodb-on-demand"],
  "bad-open-method": ["apigateway-method-authorized"],
  "bad-silent-stage": ["apigateway-stage-access-logged", "apigateway-stage-throttled"],
  "bad-kafka": ["msk-cluster-iam-tls"],
  "bad-endpoint": ["vpc-endpoint-private"],
  "bad-vpc": ["vpc-private-only"],
  "bad-aoss-network": ["opensearch-serverless-private"],
};

const nameOf = (urn: string) => urn.split("::").pop() as string;

describe("the second insecure fixture: planted mistakes beside compliant twins", () => {
  const rec = useMocks({ stack: "prod" });
  let result: PolicyGateResult;
  let names: string[];

  before(async function () {
    this.timeout(60_000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("../fixtures/insecure-platform");
    const resources = await rec.settle();
    names = resources.map((r) => r.name);
    result = await runPolicyGate({ resources, stack: "prod", tier: "prod" });
  });

  it("flags each planted resource with the policy that covers its mistake, mandatory in prod", () => {
    const caught = (name: string) =>
      new Set(result.violations.filter((v) => nameOf(v.urn) === name).map((v) => v.policy));
    const missed = Object.entries(PLANTED).flatMap(([name, policies]) =>
      policies.filter((p) => !caught(name).has(p)).map((p) => `${name}: ${p}`),
    );
    expect(missed).to.deep.equal([]);
    expect(result.violations.filter((v) => v.enforcementLevel !== "mandatory")).to.deep.equal([]);
    // 52 planted (resource, policy) pairs; the extra findings some carry (bad-patterns' four
    // statements, bad-repo's three settings, bad-db's two, bad-jobs-source's two, bad-vpc's two:
    // public subnets and NAT); the budget's two (unpriced lines, over budget); and nothing else.
    expect(result.violations).to.have.length(62);
  });

  it("flags none of the compliant twins, and plants nothing the table does not name", () => {
    // Stack-level findings (the budget) name no resource.
    const flagged = [...new Set(result.violations.map((v) => nameOf(v.urn)))].filter(
      (n) => n !== "",
    );
    expect(flagged.filter((n) => n.startsWith("ok-"))).to.deep.equal([]);
    expect(flagged.filter((n) => !(n in PLANTED)).sort()).to.deep.equal([]);
    expect(names.filter((n) => n.startsWith("ok-")).length).to.be.greaterThan(30);
  });

  it("fails the budget closed: every unpriced planted line is named, and the capacity is priced", () => {
    const budget = result.violations
      .filter((v) => v.policy === "monthly-budget")
      .map((v) => v.message);
    expect(budget).to.have.length(2);
    expect(budget[0]).to.match(/^4 line\(s\) cannot be priced/);
    for (const name of ["bad-search", "bad-db", "bad-glue-job", "bad-fanout"]) {
      expect(budget[0]).to.include(`${name} (`);
    }
    expect(budget[1]).to.include(
      "biggest lines: bad-provisioned $26,011.36 (aws:dynamodb/table:Table), bad-volume $1,494.22 (aws:ebs/volume:Volume), bad-warm $1,368.76 (aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig)",
    );
  });

  it("trips every policy the first fixture was not written for", () => {
    const tripped = new Set(result.violations.map((v) => v.policy));
    const added = ALL_POLICIES.map((p) => p.name).filter(
      (p) => !(FIRST_FIXTURE_POLICIES as readonly string[]).includes(p),
    );
    expect(added.filter((p) => !tripped.has(p))).to.deep.equal([]);
    expect(added).to.have.length(ALL_POLICIES.length - FIRST_FIXTURE_POLICIES.length);
  });
});
