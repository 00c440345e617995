/**
 * S3 settings that live in their own resources and are easy to get subtly wrong: two
 * configurations of one kind on a bucket (the last applied silently wins), ACLs still in force
 * (public grants, or object ownership that keeps ACLs alive), and versioning off or suspended.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { TYPES, attachedTo, bucketsOf, forEachKnown, label } from "./util";

/** The kinds S3 keeps one of per bucket, by the resource types that set them. */
const ONE_PER_BUCKET: readonly [string, readonly string[]][] = [
  ["bucket policy", TYPES.bucketPolicy],
  ["public access block", TYPES.bucketPublicAccessBlock],
  ["encryption configuration", TYPES.bucketSse],
  ["lifecycle configuration", TYPES.bucketLifecycle],
  ["versioning configuration", TYPES.bucketVersioning],
  ["ownership controls", TYPES.bucketOwnership],
  ["ACL", TYPES.bucketAcl],
];

export const s3OneConfigurationPerBucket: StackValidationPolicy = {
  name: "s3-one-configuration-per-bucket",
  description:
    "Checks whether each S3 bucket has at most one resource per kind of configuration (policy, public access block, encryption, lifecycle, versioning, ownership, ACL).",
  validateStack: (args, report) => {
    forEachKnown(bucketsOf(args.resources), (bucket) => {
      for (const [kind, types] of ONE_PER_BUCKET) {
        const found = attachedTo(bucket, args.resources, types);
        if (found.length > 1) {
          report(
            `${label(bucket)} has ${found.length} ${kind} resources (${found.map((r) => `"${r.name}"`).join(", ")}); S3 keeps one per bucket, so whichever is applied last silently replaces the others. Merge them into one.`,
            bucket.urn,
          );
        }
      }
    });
  },
};

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEES = [
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

/** A public canned ACL or a grant to AllUsers/AuthenticatedUsers, on a bucket or an ACL resource. */
function publicAcl(r: PolicyResource): string | undefined {
  const canned = r.props.acl;
  if (typeof canned === "string" && PUBLIC_CANNED_ACLS.includes(canned)) return `acl "${canned}"`;
  const grants: any[] = [
    ...(r.props.accessControlPolicy?.grants ?? []),
    ...(Array.isArray(r.props.grants) ? r.props.grants : []),
  ];
  const grantee = grants
    .map((g) => g?.grantee?.uri ?? g?.uri)
    .find((uri) => PUBLIC_GRANTEES.includes(uri));
  return grantee ? `a grant to ${grantee}` : undefined;
}

export const s3AclsDisabled: StackValidationPolicy = {
  name: "s3-acls-disabled",
  description:
    "Checks whether every S3 bucket disables ACLs (ownership controls BucketOwnerEnforced) and no bucket or ACL resource grants public access.",
  validateStack: (args, report) => {
    forEachKnown(bucketsOf(args.resources), (bucket) => {
      const controls = attachedTo(bucket, args.resources, TYPES.bucketOwnership);
      const ownership = controls[controls.length - 1]?.props.rule?.objectOwnership;
      if (ownership !== "BucketOwnerEnforced") {
        report(
          `${label(bucket)} ${ownership ? `sets objectOwnership "${ownership}", which keeps ACLs in force` : "has no aws.s3.BucketOwnershipControls, so ACLs stay in force on buckets made before April 2023 and by tools that set them"}; add ownership controls with rule.objectOwnership "BucketOwnerEnforced" and grant access by policy only.`,
          bucket.urn,
        );
      }
      const acl = publicAcl(bucket);
      if (acl) {
        report(`${label(bucket)} sets ${acl}; remove it and grant access by policy.`, bucket.urn);
      }
    });
    forEachKnown(
      args.resources.filter((r) => (TYPES.bucketAcl as readonly string[]).includes(r.type)),
      (aclResource) => {
        const acl = publicAcl(aclResource);
        if (acl) {
          report(
            `${label(aclResource)} sets ${acl}, which makes the bucket's objects public; remove the ACL resource and grant access by policy.`,
            aclResource.urn,
          );
        }
      },
    );
  },
};

export const s3VersioningEnabled: StackValidationPolicy = {
  name: "s3-versioning-enabled",
  description:
    "Checks whether every S3 bucket keeps versioning enabled, so an overwrite or delete can be undone.",
  validateStack: (args, report) => {
    forEachKnown(bucketsOf(args.resources), (bucket) => {
      const configs = attachedTo(bucket, args.resources, TYPES.bucketVersioning);
      const status: unknown =
        configs[configs.length - 1]?.props.versioningConfiguration?.status ??
        (bucket.props.versioning?.enabled === true ? "Enabled" : undefined);
      if (status !== "Enabled") {
        report(
          `${label(bucket)} ${status ? `has versioning "${status}"` : "has no aws.s3.BucketVersioning"}; set versioningConfiguration.status "Enabled" (with a lifecycle rule expiring noncurrent versions) so overwrites and deletes can be undone.`,
          bucket.urn,
        );
      }
    });
  },
};

export const s3Policies = [s3OneConfigurationPerBucket, s3AclsDisabled, s3VersioningEnabled];
