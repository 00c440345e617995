/**
 * The calls a deployed Lambda function's role must allow: the SDK commands its handler source
 * sends (on the resources its environment names, plus the keys of encrypted ones), its logs and
 * traces, and what the Lambda service does with the role for its event source mappings (poll the
 * stream, send failed batches to the on-failure queue).
 */
import type { PlanResource } from "../../../offline/plan";
import { HANDLER_SOURCE_TAG } from "../../../components/shared/lambda";
import { actionFacts, resourceFitsType } from "../iam/authorization-data";
import { Call, call, keyCalls, objectCalls, streamReadCalls } from "./calls";
import { S3_OPERATION_ACCESS, actionOfCommand } from "./command-actions";
import { PlanIndex, parseS3Uri } from "./plan-index";
import { sdkCommandsOf } from "./sdk-commands";
import { athenaQueryCalls, athenaResultReadCalls } from "./athena-calls";

/**
 * Modules that are handed one table by their caller, and the environment variable that caller
 * reads it from. Without this, every DynamoDB command of a function would be checked against
 * every table its environment names: a function with a read-only view and a read-write cache
 * would need write access to the view to pass, the opposite of least privilege. The handler
 * tests run each module against its own table in dynalite.
 */
const TABLE_VARIABLE_OF_MODULE: Readonly<Record<string, string>> = {
  "components/realtime-analytics/view/read.ts": "VIEW_TABLE_NAME",
  "components/kpi-serving/handler/speed.ts": "VIEW_TABLE_NAME",
  "components/kpi-serving/handler/cache.ts": "CACHE_TABLE_NAME",
};

function variables(fn: PlanResource): Record<string, string> {
  return (fn.inputs.environment?.variables ?? {}) as Record<string, string>;
}

/**
 * What Athena does with the function's credentials when its handler starts a query: read the
 * Glue tables its environment names (database and table) and their objects, write results to
 * the workgroup's location; GetQueryResults reads them back.
 */
function athenaCalls(ix: PlanIndex, fn: PlanResource, principal: string, workgroups: string[]) {
  const values = Object.values(variables(fn));
  const tables = ix
    .ofType("aws:glue/catalogTable:CatalogTable")
    .filter((t) => values.includes(t.inputs.databaseName) && values.includes(t.inputs.name));
  const sql = tables.map((t) => `"${t.inputs.databaseName}"."${t.inputs.name}"`).join(" ");
  return workgroups.flatMap((wg) => [
    ...athenaQueryCalls(
      ix,
      principal,
      `${fn.name}: Athena runs its query`,
      { WorkGroup: wg, QueryString: sql },
      "",
    ),
    ...athenaResultReadCalls(ix, principal, `${fn.name}: GetQueryResults`, [wg]),
  ]);
}

/**
 * Where a handler reads and writes objects when its event, not its environment, names them:
 * `s3://bucket/prefix/` locations its invoker hands it.
 */
export interface ObjectLocations {
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

/** Every string an environment holds, JSON-encoded maps of ARNs included. */
function environmentValues(fn: PlanResource): string[] {
  const variables = (fn.inputs.environment?.variables ?? {}) as Record<string, string>;
  return Object.values(variables).flatMap((value) => {
    try {
      const parsed = JSON.parse(value);
      if (parsed && typeof parsed === "object") return Object.values(parsed).map(String);
    } catch {
      // A plain string, not JSON.
    }
    return [value];
  });
}

const KEY_USE_OF_SERVICE: Record<string, "encrypt" | "decrypt"> = {
  kinesis: "encrypt",
  dynamodb: "decrypt",
  sqs: "encrypt",
  sns: "encrypt",
};

async function commandCalls(
  ix: PlanIndex,
  fn: PlanResource,
  principal: string,
  root: string,
  objects: ObjectLocations | undefined,
  unreachable: string[],
): Promise<Call[]> {
  const source = fn.inputs.tags?.[HANDLER_SOURCE_TAG];
  if (!source) throw new Error(`${fn.name} has no ${HANDLER_SOURCE_TAG} tag naming its handler`);
  const targets = environmentValues(fn)
    .map((v) => ix.arnFor(v))
    .filter((arn): arn is string => arn !== undefined);
  const calls: Call[] = [];
  for (const command of sdkCommandsOf(source, root)) {
    const { service, operation, action } = actionOfCommand(command);
    const origin = `${fn.name}: ${command.command} in ${command.file}`;
    const s3Access = service === "s3" ? S3_OPERATION_ACCESS[operation] : undefined;
    if (s3Access) {
      if (!objects) {
        throw new Error(`${origin}: the function's invoker must say which objects it touches`);
      }
      for (const access of s3Access) {
        const uris = access === "read" || access === "copy-source" ? objects.reads : objects.writes;
        for (const uri of uris) {
          const { bucket, prefix } = parseS3Uri(uri);
          const kind = access === "copy-source" ? "read" : access;
          calls.push(...objectCalls(ix, principal, origin, bucket, `${prefix}example.csv`, kind));
        }
      }
      continue;
    }
    const facts = await actionFacts(action);
    if (!facts) throw new Error(`${origin}: ${action} is not an IAM action; map the command`);
    if (facts.wildcardOnly) {
      calls.push(call(principal, facts.action, "*", origin));
      continue;
    }
    const hinted = TABLE_VARIABLE_OF_MODULE[command.file];
    const fitting = (
      hinted
        ? [ix.arnFor(variables(fn)[hinted] ?? "")].filter((a): a is string => a !== undefined)
        : targets
    ).filter((arn) => facts.resourceTypes.some((t) => resourceFitsType(arn, t)));
    if (fitting.length === 0) {
      // The handler takes its targets from its environment: with none named (no campaign in
      // dev) the path that sends this command does not run. The test pins each such case.
      unreachable.push(
        `${origin} (no ${facts.resourceTypes.map((t) => t.name).join(" or ")} named)`,
      );
      continue;
    }
    for (const arn of fitting) {
      calls.push(call(principal, facts.action, arn, origin));
      const use = KEY_USE_OF_SERVICE[service];
      if (use) calls.push(...keyCalls(ix, principal, origin, ix.keyOf(arn), [use], service));
    }
  }
  return calls;
}

function runtimeCalls(ix: PlanIndex, fn: PlanResource, principal: string): Call[] {
  const logGroup = fn.inputs.loggingConfig?.logGroup ?? `/aws/lambda/${fn.name}`;
  const stream = ix.arn("logs", `log-group:${logGroup}:log-stream:2026/12/05/[$LATEST]0123abcd`);
  const origin = `${fn.name}: Lambda runtime`;
  return [
    call(principal, "logs:CreateLogStream", stream, origin),
    call(principal, "logs:PutLogEvents", stream, origin),
    // An environment encrypted with a customer key is decrypted for the function as its role.
    ...(Object.keys(fn.inputs.environment?.variables ?? {}).length > 0
      ? keyCalls(ix, principal, origin, fn.inputs.kmsKeyArn, ["decrypt"], "lambda")
      : []),
    ...(fn.inputs.tracingConfig?.mode === "Active"
      ? [
          call(principal, "xray:PutTraceSegments", "*", origin),
          call(principal, "xray:PutTelemetryRecords", "*", origin),
        ]
      : []),
  ];
}

/** What the Lambda service does with the function's role for each of its stream mappings. */
function mappingCalls(ix: PlanIndex, fn: PlanResource, principal: string): Call[] {
  const fnArn = ix.arnOf(fn);
  return ix
    .ofType("aws:lambda/eventSourceMapping:EventSourceMapping")
    .filter((m) => m.inputs.functionName === fnArn || m.inputs.functionName === fn.name)
    .flatMap((m) => {
      const origin = `${m.name}: Lambda polls the stream`;
      const streamArn = String(m.inputs.eventSourceArn);
      const onFailure = m.inputs.destinationConfig?.onFailure?.destinationArn as string | undefined;
      return [
        ...streamReadCalls(ix, principal, origin, streamArn, ix.keyOf(streamArn), "lambda"),
        ...(onFailure
          ? [
              call(principal, "sqs:SendMessage", onFailure, `${m.name}: on-failure destination`),
              ...keyCalls(
                ix,
                principal,
                `${m.name}: on-failure destination`,
                ix.keyOf(onFailure),
                ["encrypt", "decrypt"],
                "sqs",
              ),
            ]
          : []),
      ];
    });
}

/** The function's calls; commands whose target its environment leaves unset go to `unreachable`. */
export async function lambdaCalls(
  ix: PlanIndex,
  fn: PlanResource,
  root: string,
  objects: ObjectLocations | undefined,
  unreachable: string[],
): Promise<Call[]> {
  const principal = String(fn.inputs.role);
  const commands = await commandCalls(ix, fn, principal, root, objects, unreachable);
  // By ARN: the workgroup Athena runs in, as the handler's environment names it.
  const workgroups = commands
    .filter((c) => c.action === "athena:StartQueryExecution")
    .map((c) => c.resource);
  return [
    ...runtimeCalls(ix, fn, principal),
    ...commands,
    ...athenaCalls(ix, fn, principal, [...new Set(workgroups)]),
    ...mappingCalls(ix, fn, principal),
  ];
}
