import { expect } from "chai";
import type { RecordedResource } from "../../offline/recorder";
import { messages, res, urnOf, violations } from "./helpers";

const BUCKET = "aws:s3/bucket:Bucket";
const NAME = "lake-1a2b3c4";
const bucketUrn = urnOf(BUCKET, "lake");
const attached = (type: string, name: string, inputs: Record<string, unknown>) =>
  res(type, name, { bucket: NAME, ...inputs }, { dependencies: [bucketUrn] });

const BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const allBlocked = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};
const tlsPolicy = (resources: string[]) =>
  JSON.stringify({
    Statement: [
      {
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });

/** A bucket with the settings these policies read, each one compliant. */
const bucket = (...extra: RecordedResource[]): RecordedResource[] => [
  res(BUCKET, "lake", {}),
  attached(BLOCK, "lake-block", allBlocked),
  attached(POLICY, "lake-policy", {
    policy: tlsPolicy([`arn:aws:s3:::${NAME}`, `arn:aws:s3:::${NAME}/*`]),
  }),
  attached(OWNERSHIP, "lake-ownership", { rule: { objectOwnership: "BucketOwnerEnforced" } }),
  attached(VERSIONING, "lake-versioning", { versioningConfiguration: { status: "Enabled" } }),
  ...extra,
];

const POLICIES = [
  "s3-public-access-blocked",
  "s3-tls-only",
  "s3-one-configuration-per-bucket",
  "s3-acls-disabled",
  "s3-versioning-enabled",
];

describe("S3 settings: one of each kind, resources matched to the bucket", () => {
  for (const policy of POLICIES) {
    it(`${policy} accepts the compliant bucket`, async () => {
      expect(await messages(policy, bucket())).to.deep.equal([]);
    });
  }

  it("holds every public access block of a bucket to all four flags, and reports the duplicate", async () => {
    const second = attached(BLOCK, "lake-block-2", { ...allBlocked, restrictPublicBuckets: false });
    expect(await messages("s3-public-access-blocked", bucket(second))).to.deep.equal([
      'Bucket "lake" leaves restrictPublicBuckets off in its public access block; set all four flags true.',
    ]);
    expect(await violations("s3-one-configuration-per-bucket", bucket(second))).to.deep.equal([
      {
        enforcementLevel: "mandatory",
        urn: bucketUrn,
        message:
          'Bucket "lake" has 2 public access block resources ("lake-block", "lake-block-2"); S3 keeps one per bucket, so whichever is applied last silently replaces the others. Merge them into one.',
      },
    ]);
  });

  it("does not merge two bucket policies: either may win, so each must deny plain HTTP itself", async () => {
    const other = attached(POLICY, "lake-policy-2", {
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "123456789012" },
            Action: "s3:GetObject",
            Resource: `arn:aws:s3:::${NAME}/*`,
          },
        ],
      }),
    });
    expect(await messages("s3-tls-only", bucket(other))).to.deep.equal([
      'Bucket "lake" accepts plain-HTTP requests; its bucket policy must add a Deny statement for Principal "*", Action "s3:*" on the bucket and its objects with Condition { Bool: { "aws:SecureTransport": "false" } }.',
    ]);
  });

  it("requires the TLS deny to cover this bucket and its objects", async () => {
    const resources = bucket().map((r) =>
      r.type === POLICY
        ? { ...r, inputs: { ...r.inputs, policy: tlsPolicy(["arn:aws:s3:::other-bucket/*"]) } }
        : r,
    );
    expect(await messages("s3-tls-only", resources)).to.deep.equal([
      'Bucket "lake" accepts plain-HTTP requests; its bucket policy must add a Deny statement for Principal "*", Action "s3:*" on the bucket and its objects with Condition { Bool: { "aws:SecureTransport": "false" } }.',
    ]);
    const wildcard = bucket().map((r) =>
      r.type === POLICY
        ? { ...r, inputs: { ...r.inputs, policy: tlsPolicy(["arn:aws:s3:::lake-*"]) } }
        : r,
    );
    expect(await messages("s3-tls-only", wildcard)).to.deep.equal([]);
  });

  it("rejects an account-level public access block with flags off", async () => {
    const account = res("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account", {
      ...allBlocked,
      blockPublicPolicy: false,
    });
    expect(await violations("s3-public-access-blocked", bucket(account))).to.deep.equal([
      {
        enforcementLevel: "mandatory",
        urn: account.urn,
        message:
          'AccountPublicAccessBlock "account" turns blockPublicPolicy off for every bucket of the account; set all four flags true.',
      },
    ]);
  });

  it("rejects ACLs left in force and public ACL grants", async () => {
    const writer = bucket().map((r) =>
      r.type === OWNERSHIP
        ? { ...r, inputs: { ...r.inputs, rule: { objectOwnership: "ObjectWriter" } } }
        : r,
    );
    const acl = attached("aws:s3/bucketAclV2:BucketAclV2", "lake-acl", { acl: "public-read" });
    expect(await messages("s3-acls-disabled", [...writer, acl])).to.deep.equal([
      'Bucket "lake" sets objectOwnership "ObjectWriter", which keeps ACLs in force; add ownership controls with rule.objectOwnership "BucketOwnerEnforced" and grant access by policy only.',
      'BucketAclV2 "lake-acl" sets acl "public-read", which makes the bucket\'s objects public; remove the ACL resource and grant access by policy.',
    ]);
    const grant = attached("aws:s3/bucketAclV2:BucketAclV2", "lake-grant", {
      accessControlPolicy: {
        owner: { id: "o" },
        grants: [
          {
            permission: "READ",
            grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" },
          },
        ],
      },
    });
    expect(await messages("s3-acls-disabled", bucket(grant))).to.deep.equal([
      'BucketAclV2 "lake-grant" sets a grant to http://acs.amazonaws.com/groups/global/AllUsers, which makes the bucket\'s objects public; remove the ACL resource and grant access by policy.',
    ]);
    const noControls = bucket().filter((r) => r.type !== OWNERSHIP);
    expect(await messages("s3-acls-disabled", noControls)).to.deep.equal([
      'Bucket "lake" has no aws.s3.BucketOwnershipControls, so ACLs stay in force on buckets made before April 2023 and by tools that set them; add ownership controls with rule.objectOwnership "BucketOwnerEnforced" and grant access by policy only.',
    ]);
  });

  it("rejects suspended or missing versioning", async () => {
    const suspended = bucket().map((r) =>
      r.type === VERSIONING
        ? { ...r, inputs: { ...r.inputs, versioningConfiguration: { status: "Suspended" } } }
        : r,
    );
    expect(await messages("s3-versioning-enabled", suspended)).to.deep.equal([
      'Bucket "lake" has versioning "Suspended"; set versioningConfiguration.status "Enabled" (with a lifecycle rule expiring noncurrent versions) so overwrites and deletes can be undone.',
    ]);
    expect(
      await messages(
        "s3-versioning-enabled",
        bucket().filter((r) => r.type !== VERSIONING),
      ),
    ).to.deep.equal([
      'Bucket "lake" has no aws.s3.BucketVersioning; set versioningConfiguration.status "Enabled" (with a lifecycle rule expiring noncurrent versions) so overwrites and deletes can be undone.',
    ]);
  });
});
