import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { lakeBucketPolicyStatements, lakeKeyPolicyStatement } from "../../components/data-lake";
import {
  eventSourceSizing,
  minProvisionedTpsFor,
  peakRecommendationRequestsPerSecond,
} from "../../components/personalize-recommender";
import type { WorkloadProfile } from "../../components/shared/workload";
import { TIER_PROFILES } from "../../stacks/tiers";

const workload = (peakEventsPerSecond: number): WorkloadProfile => ({
  avgEventsPerSecond: Math.min(peakEventsPerSecond, 1),
  peakEventsPerSecond,
  avgEventBytes: 600,
  retentionDays: 30,
  queriesPerDay: 10,
});

describe("PersonalizeRecommender sizing", () => {
  it("estimates peak recommendation requests as half the events being impressions, ten per list", () => {
    expect(peakRecommendationRequestsPerSecond(TIER_PROFILES.prod.workload)).to.equal(150);
    expect(peakRecommendationRequestsPerSecond(TIER_PROFILES.dev.workload)).to.equal(2.5);
  });

  it("provisions a tenth of the peak request rate as the campaign floor, between 1 and 500", () => {
    const cases: [number, number][] = [
      [TIER_PROFILES.dev.workload.peakEventsPerSecond, 1], // 2.5 req/s → 0.25 → 1
      [TIER_PROFILES.prod.workload.peakEventsPerSecond, 15], // 150 req/s → 15
      [201, 2], // 10.05 req/s → 1.005 → 2 (rounded up)
      [1_000_000, 500], // Personalize's cap
    ];
    expect(cases.map(([peak]) => minProvisionedTpsFor(workload(peak)))).to.deep.equal(
      cases.map(([, tps]) => tps),
    );
  });

  it("sizes batches to the peak over the batching window: 5 s in dev, 1 s in prod, 10 to 1,000", () => {
    expect(eventSourceSizing(TIER_PROFILES.dev.workload, "dev")).to.deep.equal({
      batchSize: 250,
      maximumBatchingWindowInSeconds: 5,
      maximumRetryAttempts: 3,
      maximumEventAgeSeconds: 3600,
    });
    expect(eventSourceSizing(TIER_PROFILES.prod.workload, "prod")).to.include({
      batchSize: 1000,
      maximumBatchingWindowInSeconds: 1,
    });
    expect(eventSourceSizing(workload(1), "dev").batchSize).to.equal(10);
    expect(eventSourceSizing(workload(123), "prod").batchSize).to.equal(130);
  });
});

const resolve = <T>(output: pulumi.Output<T>) =>
  new Promise<T>((done) => output.apply((value) => done(value)));

describe("grants the lake must add for Personalize", () => {
  it("bucket policy: the Personalize service of this account lists and reads personalize/ only", async () => {
    const statements = lakeBucketPolicyStatements(
      { bucketArn: "arn:aws:s3:::lake" },
      "123456789012",
    );
    expect(await resolve(statements)).to.deep.equal([
      {
        Sid: "PersonalizeListExports",
        Effect: "Allow",
        Principal: { Service: "personalize.amazonaws.com" },
        Action: "s3:ListBucket",
        Resource: "arn:aws:s3:::lake",
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          StringLike: { "s3:prefix": ["personalize/", "personalize/*"] },
        },
      },
      {
        Sid: "PersonalizeReadExports",
        Effect: "Allow",
        Principal: { Service: "personalize.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::lake/personalize/*",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
  });

  it("key policy: the Personalize service of this account may decrypt the exports", async () => {
    expect(await resolve(lakeKeyPolicyStatement("123456789012"))).to.deep.equal({
      Sid: "PersonalizeDecryptExports",
      Effect: "Allow",
      Principal: { Service: "personalize.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });
});
