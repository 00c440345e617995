/**
 * A Node.js Lambda function with its own role, log group and least-privilege policy. Used by every
 * component that deploys handler code, so they all get the same secure defaults.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountContext } from "./account-context";
import { bundleArchive } from "./bundle";
import { PolicyStatement, assumeRolePolicy, policyDocument } from "./iam";
import { createLogGroup, statefulOpts } from "./logs";

export interface NodeFunctionArgs {
  /** Absolute path of the handler's TypeScript source (exports `handler`). */
  readonly entry: string;
  readonly description: string;
  /** What the function may do besides writing its own logs and traces. */
  readonly statements: readonly PolicyStatement[];
  readonly environment?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** @default 256 */
  readonly memorySize?: number;
  /** Seconds. @default 60 */
  readonly timeout?: number;
  readonly logRetentionDays: number;
  /** Customer key for the log group and the environment variables. */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Caps concurrency so a runaway stream cannot exhaust the account's pool. */
  readonly reservedConcurrency?: number;
  /** Protect the function's log group from deletion (prod). @default false */
  readonly protectData?: boolean;
}

/** The tag that names the source a function was bundled from. */
export const HANDLER_SOURCE_TAG = "reco:handler-source";

/** The handler's path within the package (`components/…/handler.ts`), the same from source or build. */
export function handlerSourceOf(entry: string): string {
  const packageRoot = path.resolve(__dirname, "..", "..");
  return path.relative(packageRoot, entry).split(path.sep).join("/");
}

export interface NodeFunction {
  readonly function: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

export function createNodeFunction(
  name: string,
  args: NodeFunctionArgs,
  parent: pulumi.Resource,
): NodeFunction {
  const opts = { parent };
  const { accountId } = accountContext(parent);
  const logGroup = createLogGroup(
    `${name}-logs`,
    {
      namePrefix: `/aws/lambda/${name}-`,
      retentionInDays: args.logRetentionDays,
      kmsKeyArn: args.kmsKeyArn,
    },
    statefulOpts(parent, args.protectData ?? false),
  );
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      description: `Execution role of ${name}`,
      assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com", accountId),
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-policy`,
    {
      role: role.id,
      policy: policyDocument([
        {
          Sid: "WriteOwnLogs",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [pulumi.interpolate`${logGroup.arn}:*`],
        },
        // X-Ray's PutTraceSegments has no resource-level permissions: "*" is the only valid
        // resource (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html).
        {
          Sid: "WriteTraces",
          Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
          Resource: ["*"],
        },
        ...args.statements,
      ]),
    },
    opts,
  );
  const fn = new aws.lambda.Function(
    name,
    {
      description: args.description,
      runtime: aws.lambda.Runtime.NodeJS22dX,
      // Graviton is about 20% cheaper per GB-second for the same Node.js code.
      architectures: ["arm64"],
      handler: "index.handler",
      code: bundleArchive(args.entry),
      role: role.arn,
      memorySize: args.memorySize ?? 256,
      timeout: args.timeout ?? 60,
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      ...(args.environment ? { environment: { variables: args.environment } } : {}),
      ...(args.kmsKeyArn ? { kmsKeyArn: args.kmsKeyArn } : {}),
      ...(args.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: args.reservedConcurrency }
        : {}),
      // Lets an operator trace a deployed function back to the source it was bundled from.
      tags: { [HANDLER_SOURCE_TAG]: handlerSourceOf(args.entry) },
    },
    // The policy must exist before the first invocation can write logs or read its source.
    { parent, dependsOn: [logGroup, policy] },
  );
  return { function: fn, role, logGroup };
}
