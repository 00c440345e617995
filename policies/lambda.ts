/**
 * Lambda beyond memory and URLs: no secrets in plaintext environment variables, a log group the
 * stack owns (retention and key included) for every function, and queue sources that report
 * partial batch failures into a queue with a redrive.
 */
import * as aws from "@pulumi/aws";
import {
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { forEachKnown, ifKnown, label } from "./util";

/** Names that say "this is a secret" (PASSWORD, DB_PASS, API_KEY, CLIENT_SECRET, AUTH_TOKEN…). */
const SECRET_NAME =
  /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key)$|^(pass(word)?|secret|token)/i;
/** Values that are references to a secret rather than the secret itself. */
const REFERENCE =
  /^(arn:aws[a-z-]*:(secretsmanager|ssm|kms):|\{\{resolve:|\/aws\/reference\/secretsmanager\/|ssm:\/|\$\{)/;
/** An AWS access key id (AKIA… long-lived, ASIA… temporary) anywhere in a value. */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;

export const lambdaNoPlaintextSecrets: ResourceValidationPolicy = {
  name: "lambda-no-plaintext-secrets",
  description:
    "Checks whether Lambda environment variables hold references to secrets (Secrets Manager, SSM SecureString) rather than the secrets themselves.",
  validateResource: validateResourceOfType(aws.lambda.Function, (fn, _args, report) => {
    const variables: Record<string, unknown> = fn.environment?.variables ?? {};
    for (const [name, value] of Object.entries(variables)) {
      if (typeof value !== "string" || value === "") continue;
      const keyLike = ACCESS_KEY_ID.test(value);
      if (keyLike || (SECRET_NAME.test(name) && !REFERENCE.test(value))) {
        report(
          `environment variable ${name} ${keyLike ? "holds an AWS access key id" : "looks like a secret and holds a literal value"}; it is stored in plaintext in the function's configuration, state and every preview. Put the secret in Secrets Manager (or an SSM SecureString) and pass its ARN, read at run time.`,
        );
      }
    }
  }),
};

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const FUNCTION = "aws:lambda/function:Function";

/** The log group a function writes to: its loggingConfig.logGroup, else /aws/lambda/<name>. */
function logGroupNameOf(fn: PolicyResource): string | undefined | null {
  const configured = ifKnown(() => fn.props.loggingConfig?.logGroup as unknown, null);
  if (configured === null) return null;
  if (typeof configured === "string" && configured !== "") return configured;
  const name = ifKnown(() => fn.props.name as unknown, null);
  if (name === null) return null;
  return typeof name === "string" ? `/aws/lambda/${name}` : undefined;
}

function ownsLogGroup(fn: PolicyResource, groups: readonly PolicyResource[]): boolean {
  const wanted = logGroupNameOf(fn);
  // Unknown during preview (the group's auto-name): a log group the function depends on is its own.
  if (wanted === null) return fn.dependencies.some((d) => d.type === LOG_GROUP);
  if (wanted === undefined) return false;
  return groups.some((g) => {
    const name = ifKnown(() => g.props.name as unknown, undefined);
    const prefix = ifKnown(() => g.props.namePrefix as unknown, undefined);
    return (
      name === wanted || (typeof prefix === "string" && prefix !== "" && wanted.startsWith(prefix))
    );
  });
}

export const lambdaDedicatedLogGroup: StackValidationPolicy = {
  name: "lambda-dedicated-log-group",
  description:
    "Checks whether every Lambda function writes to a log group the stack creates, so retention and encryption are set rather than the implicit group's never-expire, unencrypted defaults.",
  validateStack: (args, report) => {
    const groups = args.resources.filter((r) => r.type === LOG_GROUP);
    forEachKnown(
      args.resources.filter((r) => r.type === FUNCTION),
      (fn) => {
        if (ownsLogGroup(fn, groups)) return;
        const wanted = logGroupNameOf(fn);
        report(
          `${label(fn)} writes to ${wanted ? `"${wanted}", a log group this stack does not create` : "the log group Lambda creates on first invocation"}, which never expires and is not encrypted with a customer-managed key; create an aws.cloudwatch.LogGroup (retentionInDays, kmsKeyId) and set loggingConfig.logGroup to its name.`,
          fn.urn,
        );
      },
    );
  },
};

const ESM = "aws:lambda/eventSourceMapping:EventSourceMapping";
const QUEUE = "aws:sqs/queue:Queue";
const REDRIVE = "aws:sqs/redrivePolicy:RedrivePolicy";
const isSqsArn = (arn: unknown) => typeof arn === "string" && /^arn:aws[a-z-]*:sqs:/.test(arn);

export const lambdaSqsSourceSafe: StackValidationPolicy = {
  name: "lambda-sqs-source-safe",
  description:
    "Checks whether SQS event source mappings report partial batch failures and read a queue with a redrive policy to a dead-letter queue.",
  validateStack: (args, report) => {
    const queues = args.resources.filter((r) => r.type === QUEUE);
    const redrives = args.resources.filter((r) => r.type === REDRIVE);
    forEachKnown(
      args.resources.filter((r) => r.type === ESM && isSqsArn(r.props.eventSourceArn)),
      (mapping) => {
        const types: unknown[] = mapping.props.functionResponseTypes ?? [];
        if (!types.includes("ReportBatchItemFailures")) {
          report(
            `${label(mapping)} reads an SQS queue without functionResponseTypes ["ReportBatchItemFailures"], so one failed message returns the whole batch and every good message in it is processed again; report failed items and return their ids.`,
            mapping.urn,
          );
        }
        const queue = mapping.dependencies
          .map((d) => queues.find((q) => q.urn === d.urn))
          .find((q) => q !== undefined);
        if (!queue) {
          report(
            `${label(mapping)} reads ${mapping.props.eventSourceArn}, a queue outside this stack, so its redrive to a dead-letter queue cannot be verified; manage the queue in this stack or read one that does.`,
            mapping.urn,
          );
          return;
        }
        const redriven =
          Boolean(queue.props.redrivePolicy) ||
          redrives.some((r) => r.dependencies.some((d) => d.urn === queue.urn));
        if (!redriven) {
          report(
            `${label(mapping)} reads ${label(queue)}, which has no redrivePolicy, so a message that always fails is retried until its retention ends and then lost; set redrivePolicy { deadLetterTargetArn, maxReceiveCount } on the queue.`,
            mapping.urn,
          );
        }
      },
    );
  },
};

export const lambdaPolicies = [
  lambdaNoPlaintextSecrets,
  lambdaDedicatedLogGroup,
  lambdaSqsSourceSafe,
];
