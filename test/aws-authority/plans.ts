/**
 * The plans every authority check runs on: the two shipped stacks, and two more stack
 * configurations that together reach the components' other branches (an adopted stream, the
 * Lambda engine in prod without a campaign or QuickSight; Flink, a campaign and QuickSight in dev;
 * the HTTP collector in both, with its own key in prod and the shared key in dev; the MSK store
 * with Flink reading Kafka; the OpenSearch exploration tier).
 * Each is planned once per test run (test/shared-plans.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { AwsLikeMocks } from "../../offline/aws-mocks";
import { PlanResource, PlanResult, runOfflinePlan } from "../../offline/plan";
import { REPO_ROOT, shippedPlan } from "../offline/plans";
import { sharedPlan } from "../shared-plans";

/** The stream the adopted-stream configuration uses, made and encrypted outside the stack. */
export const ADOPTED_STREAM = {
  arn: "arn:aws:kinesis:eu-west-1:123456789012:stream/shared-behaviour-events",
  name: "shared-behaviour-events",
  kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0b6f1b7c-2f1e-4f5c-9b1a-7d1f0c3e2a11",
};

/** Stack configurations beyond the shipped ones, as a platform team would write them. */
const CONFIGURATIONS: Record<string, Record<string, unknown>> = {
  "prod-adopted-stream": {
    "aws:region": "eu-west-1",
    "reco-analytics:tier": "prod",
    "reco-analytics:owner": "data-platform",
    "reco-analytics:costCenter": "cc-reco",
    "reco-analytics:existingStreamArn": ADOPTED_STREAM.arn,
    "reco-analytics:existingStreamKmsKeyArn": ADOPTED_STREAM.kmsKeyArn,
    "reco-analytics:realtimeEngine": "lambda",
    "reco-analytics:personalizeCampaign": false,
    "reco-analytics:quicksightEnabled": false,
    "reco-analytics:monthlyBudgetUsd": 6000,
    "reco-analytics:httpCollector": true,
    "reco-analytics:collectorAllowedOrigins": ["https://shop.example.com"],
  },
  "dev-flink-campaign": {
    "aws:region": "us-east-1",
    "reco-analytics:tier": "dev",
    "reco-analytics:owner": "data-platform",
    "reco-analytics:costCenter": "cc-reco-dev",
    "reco-analytics:realtimeEngine": "flink",
    "reco-analytics:personalizeCampaign": true,
    "reco-analytics:quicksightEnabled": true,
    "reco-analytics:quicksightPrincipals": [
      "arn:aws:quicksight:us-east-1:123456789012:group/default/analysts",
    ],
    "reco-analytics:httpCollector": true,
    "reco-analytics:collectorAllowedOrigins": ["https://shop.example.com"],
    "reco-analytics:collectorAccountLogRole": false,
  },
  // Issue 19's stores: MSK with Flink reading Kafka, and the OpenSearch exploration tier.
  "prod-msk": {
    "aws:region": "ap-northeast-2",
    "reco-analytics:tier": "prod",
    "reco-analytics:owner": "data-platform",
    "reco-analytics:costCenter": "cc-reco",
    "reco-analytics:streamStore": "msk",
    "reco-analytics:quicksightPrincipals": [
      "arn:aws:quicksight:ap-northeast-2:123456789012:group/default/analysts",
    ],
    "reco-analytics:monthlyBudgetUsd": 7000,
  },
  "dev-search": {
    "aws:region": "us-east-1",
    "reco-analytics:tier": "dev",
    "reco-analytics:owner": "data-platform",
    "reco-analytics:costCenter": "cc-reco-dev",
    "reco-analytics:openSearchEnabled": true,
    "reco-analytics:monthlyBudgetUsd": 400,
  },
};

export const CONFIGURATION_NAMES = ["dev", "prod", ...Object.keys(CONFIGURATIONS)];

function planConfiguration(name: string): Promise<PlanResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-authority-"));
  fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(
    path.join(dir, `Pulumi.${name}.yaml`),
    stringify({ config: CONFIGURATIONS[name] }),
  );
  return runOfflinePlan({
    projectDir: dir,
    stack: name,
    program: path.join(REPO_ROOT, "index.ts"),
  }).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

/** The plan of a shipped stack or of one of the configurations above. */
export function authorityPlan(name: string): Promise<PlanResult> {
  if (name === "dev" || name === "prod") return shippedPlan(name);
  return sharedPlan(name, () => planConfiguration(name));
}

export const regionOf = (plan: PlanResult): string =>
  String(plan.resources.find((r) => r.type === "pulumi:providers:aws")?.inputs.region);

/** What the mocks answered for a resource: the ARN, name and ids AWS would return. */
export function mockedStateOf(plan: PlanResult): (r: PlanResource) => Record<string, unknown> {
  const mocks = new AwsLikeMocks(regionOf(plan));
  return (r) =>
    mocks.newResource({ type: r.type, name: r.name, inputs: r.inputs } as never).state as Record<
      string,
      unknown
    >;
}
