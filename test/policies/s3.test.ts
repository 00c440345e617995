import { expect } from "chai";
import type { RecordedResource } from "../../offline/recorder";
import { attachedTo } from "../../policies/util";
import { messages, res, urnOf, violations, withPath } from "./helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";
const BUCKET = "aws:s3/bucket:Bucket";
const bucketUrn = urnOf(BUCKET, "lake");

/** A compliant bucket with its four configuration resources, each depending on the bucket. */
function lake(
  overrides: { sse?: any; block?: any; policy?: any; lifecycle?: any } = {},
  omit: string[] = [],
): RecordedResource[] {
  const attached = (type: string, name: string, inputs: Record<string, any>) =>
    res(type, name, { bucket: "lake-1a2b3c4", ...inputs }, { dependencies: [bucketUrn] });
  const all: Record<string, RecordedResource> = {
    bucket: res(BUCKET, "lake", { forceDestroy: false }),
    sse: attached(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "lake-encryption",
      overrides.sse ?? {
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY },
            bucketKeyEnabled: true,
          },
        ],
      },
    ),
    block: attached(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "lake-public-access",
      overrides.block ?? {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
    ),
    policy: attached("aws:s3/bucketPolicy:BucketPolicy", "lake-policy", {
      policy:
        overrides.policy ??
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: ["arn:aws:s3:::lake-1a2b3c4", "arn:aws:s3:::lake-1a2b3c4/*"],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
    }),
    lifecycle: attached(
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "lake-lifecycle",
      overrides.lifecycle ?? {
        rules: [
          {
            id: "events",
            status: "Enabled",
            transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
            expiration: { days: 730 },
          },
          {
            id: "abort-uploads",
            status: "Enabled",
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
    ),
  };
  return Object.entries(all)
    .filter(([k]) => !omit.includes(k))
    .map(([, r]) => r);
}

const S3_POLICIES = [
  "s3-bucket-sse-kms",
  "s3-public-access-blocked",
  "s3-tls-only",
  "s3-lifecycle-on-lake-buckets",
];

describe("S3 stack policies", () => {
  for (const policy of S3_POLICIES) {
    it(`${policy} accepts the compliant lake bucket`, async () => {
      expect(await messages(policy, lake())).to.deep.equal([]);
    });
  }

  it("joins configuration resources by bucket name when they do not record the dependency", async () => {
    const byName = lake().map((r) =>
      r.type === BUCKET ? withPath(r, "inputs.bucket", "lake-1a2b3c4") : { ...r, dependencies: [] },
    );
    for (const policy of S3_POLICIES) expect(await messages(policy, byName)).to.deep.equal([]);
  });

  describe("s3-bucket-sse-kms", () => {
    it("rejects a bucket without an encryption resource, naming the bucket", async () => {
      expect(await violations("s3-bucket-sse-kms", lake({}, ["sse"]))).to.deep.equal([
        {
          enforcementLevel: "mandatory",
          urn: bucketUrn,
          message:
            'Bucket "lake" has no aws.s3.BucketServerSideEncryptionConfiguration; add one with sseAlgorithm "aws:kms", a kmsMasterKeyId and bucketKeyEnabled true.',
        },
      ]);
    });
    it("rejects SSE-S3", async () => {
      const sse = { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] };
      expect(await messages("s3-bucket-sse-kms", lake({ sse }))).to.deep.equal([
        'Bucket "lake" encrypts with "AES256"; sseAlgorithm must be "aws:kms" with a customer-managed kmsMasterKeyId.',
      ]);
    });
    it("rejects SSE-KMS without bucket keys", async () => {
      const sse = {
        rules: [
          { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } },
        ],
      };
      expect(await messages("s3-bucket-sse-kms", lake({ sse }))).to.deep.equal([
        'Bucket "lake" uses SSE-KMS without S3 Bucket Keys; set bucketKeyEnabled true so every object write is not a KMS request.',
      ]);
    });
  });

  describe("s3-public-access-blocked", () => {
    it("rejects a bucket without a public access block", async () => {
      expect(await messages("s3-public-access-blocked", lake({}, ["block"]))).to.deep.equal([
        'Bucket "lake" has no aws.s3.BucketPublicAccessBlock; add one with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true.',
      ]);
    });
    it("rejects a block with flags left off", async () => {
      const block = { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true };
      expect(await messages("s3-public-access-blocked", lake({ block }))).to.deep.equal([
        'Bucket "lake" leaves blockPublicPolicy, restrictPublicBuckets off in its public access block; set all four flags true.',
      ]);
    });
  });

  describe("s3-tls-only", () => {
    const fix =
      'a Deny statement for Principal "*", Action "s3:*" on the bucket and its objects with Condition { Bool: { "aws:SecureTransport": "false" } }';
    it("rejects a bucket without a bucket policy", async () => {
      expect(await messages("s3-tls-only", lake({}, ["policy"]))).to.deep.equal([
        `Bucket "lake" has no aws.s3.BucketPolicy; add one with ${fix}.`,
      ]);
    });
    it("rejects a policy whose TLS statement allows instead of denying", async () => {
      const policy = JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      });
      expect(await messages("s3-tls-only", lake({ policy }))).to.deep.equal([
        `Bucket "lake" accepts plain-HTTP requests; its bucket policy must add ${fix}.`,
      ]);
    });
    it("rejects a deny limited to one principal", async () => {
      const policy = JSON.stringify({
        Statement: {
          Effect: "Deny",
          Principal: { AWS: "arn:aws:iam::123456789012:root" },
          Action: "s3:*",
          Resource: "*",
          Condition: { Bool: { "aws:securetransport": false } },
        },
      });
      expect(await messages("s3-tls-only", lake({ policy }))).to.deep.equal([
        `Bucket "lake" accepts plain-HTTP requests; its bucket policy must add ${fix}.`,
      ]);
    });
  });

  describe("s3-lifecycle-on-lake-buckets", () => {
    it("rejects a bucket without lifecycle rules (both missing parts reported)", async () => {
      expect(await messages("s3-lifecycle-on-lake-buckets", lake({}, ["lifecycle"]))).to.deep.equal(
        [
          'Bucket "lake" has no enabled lifecycle rule with an expiration or transitions; add an aws.s3.BucketLifecycleConfiguration that tiers and expires data by the workload\'s retention.',
          'Bucket "lake" never aborts incomplete multipart uploads; add a rule with abortIncompleteMultipartUpload { daysAfterInitiation: 7 } (parts are billed until removed).',
        ],
      );
    });
    it("ignores disabled rules", async () => {
      const lifecycle = {
        rules: [
          { id: "events", status: "Disabled", expiration: { days: 30 } },
          {
            id: "abort",
            status: "Enabled",
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      };
      expect(await messages("s3-lifecycle-on-lake-buckets", lake({ lifecycle }))).to.deep.equal([
        'Bucket "lake" has no enabled lifecycle rule with an expiration or transitions; add an aws.s3.BucketLifecycleConfiguration that tiers and expires data by the workload\'s retention.',
      ]);
    });
    it("skips buckets the config exempts", async () => {
      const { writeFileSync, mkdtempSync } = await import("node:fs");
      const { join } = await import("node:path");
      const { tmpdir } = await import("node:os");
      const file = join(mkdtempSync(join(tmpdir(), "policy-")), "exempt.json");
      writeFileSync(
        file,
        JSON.stringify({ "s3-lifecycle-on-lake-buckets": { exemptBuckets: ["lake"] } }),
      );
      expect(
        await messages("s3-lifecycle-on-lake-buckets", lake({}, ["lifecycle"]), file),
      ).to.deep.equal([]);
    });
  });
});

describe("S3 stack policies: which bucket a configuration resource configures", () => {
  const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
  const logsUrn = urnOf(BUCKET, "logs");
  /** An access-log bucket: its policy denies plain HTTP and names the lake as a log source. */
  const logs = () => [
    res(BUCKET, "logs", {}),
    res(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "logs-public-access",
      { bucket: "logs-9f8e7d6", blockPublicAcls: true },
      { dependencies: [logsUrn] },
    ),
    res(
      POLICY,
      "logs-policy",
      {
        bucket: "logs-9f8e7d6",
        policy: JSON.stringify({
          Statement: [
            {
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: ["arn:aws:s3:::logs-9f8e7d6", "arn:aws:s3:::logs-9f8e7d6/*"],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      },
      // The log-delivery grant names the source bucket, so the policy depends on it too.
      { dependencies: [logsUrn, bucketUrn] },
    ),
  ];

  it("does not credit a bucket with the policy of the access-log bucket it logs to", async () => {
    expect(await violations("s3-tls-only", [...lake({}, ["policy"]), ...logs()])).to.deep.equal([
      {
        enforcementLevel: "mandatory",
        urn: bucketUrn,
        message:
          'Bucket "lake" has no aws.s3.BucketPolicy; add one with a Deny statement for Principal "*", Action "s3:*" on the bucket and its objects with Condition { Bool: { "aws:SecureTransport": "false" } }.',
      },
    ]);
  });

  it("gives the log bucket its own policy, by the name its other settings give it", async () => {
    expect(await messages("s3-tls-only", [...lake(), ...logs()])).to.deep.equal([]);
  });

  it("follows the engine's dependencies of the bucket property first", () => {
    const bucket = (name: string) =>
      ({ urn: urnOf(BUCKET, name), type: BUCKET, name, props: {}, dependencies: [] }) as any;
    const lakeBucket = bucket("lake");
    const logsBucket = bucket("logs");
    const policy = {
      urn: urnOf(POLICY, "logs-policy"),
      type: POLICY,
      name: "logs-policy",
      props: {},
      dependencies: [lakeBucket, logsBucket],
      propertyDependencies: { bucket: [logsBucket], policy: [lakeBucket, logsBucket] },
    } as any;
    const all = [lakeBucket, logsBucket, policy];
    expect(attachedTo(logsBucket, all, [POLICY])).to.deep.equal([policy]);
    expect(attachedTo(lakeBucket, all, [POLICY])).to.deep.equal([]);
  });
});

describe("S3 stack policies during preview", () => {
  const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  it("still reports what it can prove when another bucket's policy is not known yet", async () => {
    const known = res(BUCKET, "lake", {});
    const pending = res(BUCKET, "results", {});
    const pendingPolicy = res(
      "aws:s3/bucketPolicy:BucketPolicy",
      "results-policy",
      { bucket: UNKNOWN, policy: UNKNOWN },
      { dependencies: [pending.urn] },
    );
    expect(await violations("s3-tls-only", [known, pending, pendingPolicy])).to.deep.equal([
      {
        enforcementLevel: "mandatory",
        urn: known.urn,
        message:
          'Bucket "lake" has no aws.s3.BucketPolicy; add one with a Deny statement for Principal "*", Action "s3:*" on the bucket and its objects with Condition { Bool: { "aws:SecureTransport": "false" } }.',
      },
      {
        enforcementLevel: "advisory",
        urn: "",
        message:
          "can't run policy 's3-tls-only' from policy pack 'reco-analytics-guardrails@v0.1.0' during preview: string value at .policy can't be known during preview",
      },
    ]);
  });
});
