/**
 * Every stack configuration key the program reads, with its type, what it accepts and an example.
 * This table drives validation, the messages users see, and is checked against `Pulumi.yaml`'s
 * `config:` block by a test so the two cannot drift.
 */
// The pure limits module alone: reading config must not load the component and its providers.
import { ORIGIN_PATTERN } from "../components/http-collector/limits";
import { EXPERIMENT_EXAMPLE, experimentProblems } from "./experiment-key";
import { scheduleExpressionProblem } from "../components/shared/schedule-expression";
import { LOG_RETENTION_DAYS } from "../components/shared/tiers";

export const PROJECT = "reco-analytics";

/**
 * What a secure value reads as when it cannot be decrypted (the offline plan has no key): the
 * plan shows this instead of the value, and validation accepts it where a secret makes sense.
 */
export const SECRET_MASK = "[secret]";

export { LOG_RETENTION_DAYS };

export const PERSONALIZE_RECIPES = [
  "aws-user-personalization-v2",
  "aws-user-personalization",
  "aws-similar-items",
  "aws-sims",
  "aws-popularity-count",
] as const;

export type KeyKind =
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "integer"; readonly min: number; readonly max: number }
  | { readonly kind: "integerSet"; readonly values: readonly number[] }
  | { readonly kind: "boolean" }
  | {
      readonly kind: "string";
      readonly pattern: RegExp;
      readonly rule: string;
      /** A finer check once the pattern matches: why the value is invalid, or undefined. */
      readonly check?: (value: string) => string | undefined;
    }
  | { readonly kind: "stringList"; readonly pattern: RegExp; readonly rule: string }
  | {
      /** A YAML mapping (the runtime hands it over as JSON). */
      readonly kind: "object";
      readonly rule: string;
      /** Every problem of the mapping as a full message (key, field, bad value, fix). */
      readonly check: (
        value: Readonly<Record<string, unknown>>,
        key: string,
        stack: string,
      ) => string[];
    };

export interface ConfigKeySpec {
  /** Key without the project namespace (`aws:` keys carry theirs). */
  readonly key: string;
  readonly description: string;
  readonly type: KeyKind;
  /** Required keys have no tier default. */
  readonly required: boolean;
  /** A valid value, used in the `pulumi config set` fix of every message. */
  readonly example: string;
  /**
   * The value may be a secret (`pulumi config set --secret`). Only values the program hands to
   * the provider alone qualify: the others end up in resource names, tags, the console or a
   * component's validation, where a mask would neither hide nor plan anything.
   */
  readonly secret?: boolean;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[\w.-]{1,128}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/;
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+\.(zip|jar)$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const QUICKSIGHT_PRINCIPAL = /^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\d{12}:(user|group)\/.+$/;
const TAG_VALUE = /^[\w .:/=+@-]{1,256}$/;
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
  {
    key: "tier",
    description:
      "Tier whose defaults this stack starts from: dev (cheap, disposable) or prod (durable).",
    type: { kind: "enum", values: ["dev", "prod"] },
    required: true,
    example: "dev",
  },
  {
    key: "aws:region",
    description: "AWS region of every resource in the stack.",
    type: { kind: "string", pattern: REGION_PATTERN, rule: "an AWS region code such as us-east-1" },
    required: true,
    example: "us-east-1",
  },
  {
    key: "owner",
    description: "Team that owns the stack; becomes the `owner` tag on every resource.",
    type: { kind: "string", pattern: TAG_VALUE, rule: "1-256 letters, digits, spaces or _.:/=+-@" },
    required: true,
    example: "data-platform",
  },
  {
    key: "costCenter",
    description: "Cost centre billed for the stack; becomes the `cost-center` tag.",
    type: { kind: "string", pattern: TAG_VALUE, rule: "1-256 letters, digits, spaces or _.:/=+-@" },
    required: true,
    example: "cc-1234",
  },
  {
    key: "assumeRoleArn",
    description: "IAM role the stack's AWS provider assumes to deploy (cross-account deploys).",
    type: { kind: "string", pattern: ROLE_ARN, rule: "an IAM role ARN" },
    required: false,
    example: "arn:aws:iam::123456789012:role/deployer",
    secret: true,
  },
  {
    key: "avgEventsPerSecond",
    description: "Workload: mean behaviour-log events per second over a day.",
    type: { kind: "integer", min: 1, max: 1_000_000 },
    required: false,
    example: "50",
  },
  {
    key: "peakEventsPerSecond",
    description: "Workload: highest sustained events per second; sizes the stream and Flink.",
    type: { kind: "integer", min: 1, max: 1_000_000 },
    required: false,
    example: "500",
  },
  {
    key: "avgEventBytes",
    description: "Workload: mean size of one JSON event in bytes.",
    type: { kind: "integer", min: 50, max: 1_048_576 },
    required: false,
    example: "600",
  },
  {
    key: "retentionDays",
    description: "Workload: days raw events stay in the lake before they expire.",
    type: { kind: "integer", min: 1, max: 3650 },
    required: false,
    example: "365",
  },
  {
    key: "queriesPerDay",
    description: "Workload: analyst and dashboard Athena queries per day.",
    type: { kind: "integer", min: 1, max: 1_000_000 },
    required: false,
    example: "100",
  },
  {
    key: "streamMode",
    description: "Kinesis capacity mode; auto chooses from the workload's peak-to-average ratio.",
    type: { kind: "enum", values: ["auto", "ON_DEMAND", "PROVISIONED"] },
    required: false,
    example: "auto",
  },
  {
    key: "kinesisRetentionHours",
    description: "Hours the stream keeps records for replay.",
    type: { kind: "integer", min: 24, max: 8760 },
    required: false,
    example: "168",
  },
  {
    key: "existingStreamArn",
    description: "Adopt this Kinesis stream instead of creating one.",
    type: { kind: "string", pattern: STREAM_ARN, rule: "a Kinesis stream ARN" },
    required: false,
    example: "arn:aws:kinesis:us-east-1:123456789012:stream/events",
  },
  {
    key: "existingStreamKmsKeyArn",
    description:
      "Customer KMS key of the adopted stream; omit for the AWS-managed aws/kinesis key.",
    type: { kind: "string", pattern: KMS_KEY_ARN, rule: "a KMS key ARN" },
    required: false,
    example: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  },
  {
    key: "streamStore",
    description:
      "Where producers and the collector write events: the Kinesis stream, or an MSK Serverless topic in a private VPC.",
    type: { kind: "enum", values: ["kinesis", "msk"] },
    required: false,
    example: "msk",
  },
  {
    key: "transformLambda",
    description: "Validate records against the event schema in Firehose before Parquet conversion.",
    type: { kind: "boolean" },
    required: false,
    example: "true",
  },
  {
    key: "logRetentionDays",
    description: "Days CloudWatch keeps the platform's logs.",
    type: { kind: "integerSet", values: LOG_RETENTION_DAYS },
    required: false,
    example: "30",
  },
  {
    key: "realtimeEngine",
    description: "Speed layer: Managed Flink, Lambda tumbling windows, or off.",
    type: { kind: "enum", values: ["flink", "lambda", "off"] },
    required: false,
    example: "lambda",
  },
  {
    key: "flinkArtifactS3Uri",
    description: "Use this Flink application artifact instead of the packaged one.",
    type: { kind: "string", pattern: S3_URI, rule: "an s3://bucket/key.zip or .jar URI" },
    required: false,
    example: "s3://artifacts-bucket/flink/app.zip",
  },
  {
    key: "openSearchEnabled",
    description:
      "Deploy the OpenSearch Serverless exploration tier (recent events, fed from the stream; off by default).",
    type: { kind: "boolean" },
    required: false,
    example: "true",
  },
  {
    key: "openSearchRetentionDays",
    description: "Days the exploration tier keeps events before its lifecycle policy deletes them.",
    type: { kind: "integer", min: 1, max: 90 },
    required: false,
    example: "7",
  },
  {
    key: "personalizeCampaign",
    description: "Keep an always-on Personalize campaign (billed per provisioned TPS-hour).",
    type: { kind: "boolean" },
    required: false,
    example: "true",
  },
  {
    key: "personalizeRecipe",
    description: "Personalize recipe the solution trains with.",
    type: { kind: "enum", values: PERSONALIZE_RECIPES },
    required: false,
    example: "aws-user-personalization-v2",
  },
  {
    key: "retrainSchedule",
    description: "EventBridge Scheduler expression for retraining.",
    type: {
      kind: "string",
      pattern: /^.{1,256}$/,
      rule: "an EventBridge Scheduler expression",
      check: (value) => {
        const issue = scheduleExpressionProblem(value);
        return issue && `${issue}, e.g. rate(1 day) or cron(0 3 * * ? *)`;
      },
    },
    required: false,
    example: "rate(1 day)",
  },
  {
    key: "experiment",
    description:
      "The recommendation API's experiment: name, salt and variants (control first), each with a weight and the arm it serves (campaign, or fallback as a holdout).",
    type: {
      kind: "object",
      rule: "a mapping of name, salt and variants (each name, weight, serve and optional filter)",
      check: experimentProblems,
    },
    required: false,
    example: JSON.stringify(EXPERIMENT_EXAMPLE),
  },
  {
    key: "quicksightEnabled",
    description: "Deploy the QuickSight dashboard (needs a QuickSight subscription).",
    type: { kind: "boolean" },
    required: false,
    example: "false",
  },
  {
    key: "quicksightPrincipals",
    description: "QuickSight user or group ARNs the dashboard is shared with.",
    type: {
      kind: "stringList",
      pattern: QUICKSIGHT_PRINCIPAL,
      rule: "QuickSight user or group ARNs",
    },
    required: false,
    example: "arn:aws:quicksight:us-east-1:123456789012:group/default/marketing",
  },
  {
    key: "alarmEmails",
    description: "Email addresses subscribed to the operations alarm topic.",
    type: { kind: "stringList", pattern: EMAIL, rule: "email addresses" },
    required: false,
    example: "oncall@example.com",
  },
  {
    key: "catalogEncryption",
    description:
      "Encrypt the region's Glue Data Catalog with the lake key; one setting per account and region, so only one stack per account may own it.",
    type: { kind: "boolean" },
    required: false,
    example: "false",
  },
  {
    key: "sharedKmsKey",
    description:
      "Encrypt every component with one stack key whose policy admits exactly the services they use (dev's default; prod keeps one key per component).",
    type: { kind: "boolean" },
    required: false,
    example: "false",
  },
  {
    key: "protectData",
    description: "Protect data stores from deletion (retainOnDelete + protect).",
    type: { kind: "boolean" },
    required: false,
    example: "true",
  },
  {
    key: "httpCollector",
    description:
      "Deploy the HTTP collector: a public endpoint for browsers and apps (API Gateway, WAF, Cognito guests). Off unless set: it needs the sites' origins.",
    type: { kind: "boolean" },
    required: false,
    example: "true",
  },
  {
    key: "collectorAllowedOrigins",
    description: "Origins browsers may send events from to the HTTP collector (CORS).",
    type: {
      kind: "stringList",
      pattern: ORIGIN_PATTERN,
      rule: "origins like https://shop.example.com (no path, no trailing slash)",
    },
    required: false,
    example: "https://shop.example.com",
  },
  {
    key: "collectorRequestsPerClientPer5Min",
    description:
      "Requests one client IP may send the HTTP collector per 5 minutes (WAF rate rule).",
    type: { kind: "integer", min: 10, max: 2_000_000_000 },
    required: false,
    example: "1000",
  },
  {
    key: "collectorAccountLogRole",
    description:
      "Set API Gateway's account-wide CloudWatch Logs role for the collector's access logs; one setting per account and region, so only one stack per account may own it.",
    type: { kind: "boolean" },
    required: false,
    example: "false",
  },
  {
    key: "monthlyBudgetUsd",
    description: "Monthly budget in USD that the stack's cost estimate must stay within.",
    type: { kind: "integer", min: 1, max: 10_000_000 },
    required: false,
    example: "500",
  },
];

/** The fully qualified config key, e.g. `reco-analytics:tier` or `aws:region`. */
export function qualifiedKey(key: string): string {
  return key.includes(":") ? key : `${PROJECT}:${key}`;
}
