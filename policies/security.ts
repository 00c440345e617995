/**
 * Exposure: no bucket reachable publicly or over plain HTTP, no anonymous function URL, and every
 * state machine leaves an audit trail of its executions.
 */
import * as aws from "@pulumi/aws";
import {
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import {
  IamStatement,
  TYPES,
  asList,
  attachedTo,
  bucketsOf,
  forEachKnown,
  conditionValues,
  ifKnown,
  label,
  parseDocument,
} from "./util";

const BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

/**
 * S3 keeps one configuration of each kind per bucket: when a program declares two, whichever is
 * applied last replaces the other, and nothing in the program says which that is. So every one
 * must pass on its own (never their merge), and the duplicate itself is
 * s3-one-configuration-per-bucket's finding.
 */
export const s3PublicAccessBlocked: StackValidationPolicy = {
  name: "s3-public-access-blocked",
  description:
    "Checks whether every S3 bucket has a public access block with all four flags set to true, and an account-level block, if the stack sets one, does too.",
  validateStack: (args, report) => {
    forEachKnown(bucketsOf(args.resources), (bucket) => {
      const blocks = attachedTo(bucket, args.resources, TYPES.bucketPublicAccessBlock);
      if (blocks.length === 0) {
        report(
          `${label(bucket)} has no aws.s3.BucketPublicAccessBlock; add one with ${BLOCK_FLAGS.join(", ")} all true.`,
          bucket.urn,
        );
        return;
      }
      const off = BLOCK_FLAGS.filter((flag) => blocks.some((b) => b.props[flag] !== true));
      if (off.length > 0) {
        report(
          `${label(bucket)} leaves ${off.join(", ")} off in its public access block; set all four flags true.`,
          bucket.urn,
        );
      }
    });
    forEachKnown(
      args.resources.filter((r) => r.type === TYPES.accountPublicAccessBlock),
      (block) => {
        const off = BLOCK_FLAGS.filter((flag) => block.props[flag] !== true);
        if (off.length > 0) {
          report(
            `${label(block)} turns ${off.join(", ")} off for every bucket of the account; set all four flags true.`,
            block.urn,
          );
        }
      },
    );
  },
};

/** `arn:aws:s3:::lake-*` matches `arn:aws:s3:::lake-1a2b`: IAM's `*` and `?` wildcards. */
export function arnPatternMatches(pattern: string, arn: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(arn);
}

/**
 * A statement denying every S3 action to everyone when the request is not over TLS, on the
 * bucket itself and on its objects (when the bucket's name is known).
 */
function deniesInsecureTransport(statement: IamStatement, bucketName: string | undefined): boolean {
  const principal = statement.Principal as unknown;
  const everyone =
    principal === "*" ||
    asList((principal as { AWS?: string | string[] } | undefined)?.AWS).includes("*");
  const allActions = asList(statement.Action).some((a) => a === "*" || a === "s3:*");
  const insecure = conditionValues(statement, ["Bool"], "aws:SecureTransport").some(
    (v) => v === false || v === "false",
  );
  const resources = asList(statement.Resource);
  // Any partition (aws, aws-cn, aws-us-gov) names the same bucket.
  const covers = (arn: string) =>
    resources.some((r) => arnPatternMatches(r.replace(/^arn:[^:]+:/, "arn:aws:"), arn));
  const onBucket =
    bucketName === undefined ||
    (covers(`arn:aws:s3:::${bucketName}`) && covers(`arn:aws:s3:::${bucketName}/*`));
  return statement.Effect === "Deny" && everyone && allActions && insecure && onBucket;
}

export const s3TlsOnly: StackValidationPolicy = {
  name: "s3-tls-only",
  description:
    "Checks whether every S3 bucket policy denies requests that do not use TLS (aws:SecureTransport false) on the bucket and its objects.",
  validateStack: (args, report) => {
    const fix = `a Deny statement for Principal "*", Action "s3:*" on the bucket and its objects with Condition { Bool: { "aws:SecureTransport": "false" } }`;
    forEachKnown(bucketsOf(args.resources), (bucket) => {
      const policies = attachedTo(bucket, args.resources, TYPES.bucketPolicy);
      const inline = bucket.props.policy;
      if (policies.length === 0 && !inline) {
        report(`${label(bucket)} has no aws.s3.BucketPolicy; add one with ${fix}.`, bucket.urn);
        return;
      }
      // The name only narrows the check; a name unknown during preview leaves any Resource accepted.
      const named = ifKnown(() => bucket.props.bucket as unknown, undefined);
      const nameOf = (p: PolicyResource | undefined) => {
        const n = p ? ifKnown(() => p.props.bucket as unknown, undefined) : named;
        return typeof n === "string" ? n : typeof named === "string" ? named : undefined;
      };
      const documents = policies.length > 0 ? policies : [undefined];
      const denies = (p: PolicyResource | undefined) =>
        (parseDocument(p ? p.props.policy : inline) ?? []).some((s) =>
          deniesInsecureTransport(s, nameOf(p)),
        );
      if (!documents.every(denies)) {
        report(
          `${label(bucket)} accepts plain-HTTP requests; its bucket policy must add ${fix}.`,
          bucket.urn,
        );
      }
    });
  },
};

/**
 * A URL is public either with authorizationType NONE, or with AWS_IAM and a resource policy that
 * lets Principal "*" invoke it: every AWS account can then sign a request. Naming an account, an
 * organisation (principalOrgId) or a source account keeps it private.
 */
export const lambdaUrlNotPublic: ResourceValidationPolicy = {
  name: "lambda-url-not-public",
  description:
    "Checks whether Lambda function URLs require IAM authentication and are not granted to every AWS account.",
  validateResource: [
    validateResourceOfType(aws.lambda.FunctionUrl, (url, _args, report) => {
      if (url.authorizationType !== "AWS_IAM") {
        report(
          `authorizationType is ${JSON.stringify(url.authorizationType)}; it must be "AWS_IAM" so only signed requests reach the function.`,
        );
      }
    }),
    validateResourceOfType(aws.lambda.Permission, (permission, _args, report) => {
      const forUrl =
        permission.action === "lambda:InvokeFunctionUrl" ||
        permission.functionUrlAuthType !== undefined;
      if (
        forUrl &&
        permission.principal === "*" &&
        !permission.principalOrgId &&
        !permission.sourceAccount
      ) {
        report(
          'principal is "*" for the function URL, so any AWS account may invoke it; name the calling account or role as principal, or set principalOrgId or sourceAccount.',
        );
      }
    }),
  ],
};

export const sfnLoggingEnabled: ResourceValidationPolicy = {
  name: "sfn-logging-enabled",
  description: "Checks whether Step Functions state machines send execution logs to CloudWatch.",
  validateResource: validateResourceOfType(aws.sfn.StateMachine, (machine, _args, report) => {
    const logging = machine.loggingConfiguration;
    const level = logging?.level ?? "OFF";
    if (level === "OFF") {
      report(
        `loggingConfiguration.level is "OFF"; set it to "ALL" or "ERROR" with a logDestination ("<log group arn>:*").`,
      );
    } else if (!logging?.logDestination) {
      report(
        `loggingConfiguration.level is ${JSON.stringify(level)} but no logDestination is set; point it at a log group ("<log group arn>:*").`,
      );
    }
  }),
};

/** Destinations Firehose can reach over HTTP(S), by where their endpoint URL lives. */
const FIREHOSE_URLS: readonly [string, (f: any) => unknown][] = [
  ["httpEndpointConfiguration.url", (f) => f.httpEndpointConfiguration?.url],
  ["splunkConfiguration.hecEndpoint", (f) => f.splunkConfiguration?.hecEndpoint],
];

export const firehoseDestinationHttps: ResourceValidationPolicy = {
  name: "firehose-destination-https",
  description:
    "Checks whether Firehose delivery streams send records to HTTP endpoints and Splunk over HTTPS only.",
  validateResource: validateResourceOfType(
    aws.kinesis.FirehoseDeliveryStream,
    (firehose, _args, report) => {
      for (const [path, read] of FIREHOSE_URLS) {
        const url = read(firehose);
        if (typeof url === "string" && !url.startsWith("https://")) {
          report(
            `${path} is ${JSON.stringify(url)}; behaviour events would cross the network unencrypted, so use an https:// endpoint.`,
          );
        }
      }
    },
  ),
};

export const securityPolicies = [
  s3PublicAccessBlocked,
  s3TlsOnly,
  lambdaUrlNotPublic,
  sfnLoggingEnabled,
  firehoseDestinationHttps,
];
