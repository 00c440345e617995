/**
 * The calls a state machine's role must allow, read from its deployed definition: each Task's
 * integration and parameters (AWS SDK integrations, Athena, SNS, Lambda), what Athena then does
 * with the caller's credentials (Glue, S3, KMS), the roles it passes, and its logging and tracing.
 */
import type { PlanResource } from "../../../offline/plan";
import { actionFacts, resourceFitsType } from "../iam/authorization-data";
import { athenaQueryCalls, athenaResultReadCalls } from "./athena-calls";
import { Call, call, keyCalls, listCalls, objectCalls } from "./calls";
import { PlanIndex } from "./plan-index";

interface TaskState {
  readonly path: string;
  readonly Resource: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Arguments?: Record<string, unknown>;
}

/** Every Task in the definition, in Parallel branches and Map processors too. */
export function tasksOf(states: Record<string, any>, prefix = ""): TaskState[] {
  return Object.entries(states).flatMap(([name, state]) => {
    const path = `${prefix}${name}`;
    const own = state.Type === "Task" ? [{ path, ...state }] : [];
    const branches = (state.Branches ?? []).flatMap((b: any, i: number) =>
      tasksOf(b.States, `${path}/${i}/`),
    );
    const processor = state.ItemProcessor ?? state.Iterator;
    return [...own, ...branches, ...(processor ? tasksOf(processor.States, `${path}/`) : [])];
  });
}

/** Static string values of parameters; `.$` paths and `{% %}` JSONata are only known per run. */
function staticValues(value: unknown, key = ""): string[] {
  if (key.endsWith(".$")) return [];
  if (typeof value === "string") return value.startsWith("{%") ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => staticValues(v));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => staticValues(v, k));
  }
  return [];
}

/** The first string literal of a JSONata expression: the static part of a computed prefix. */
const literalPrefix = (value: unknown): string =>
  typeof value === "string" ? (/'([^']*)'/.exec(value)?.[1] ?? value) : "";

// The Step Functions SDK integration names services by their SDK name; IAM by its prefix.
const IAM_PREFIX_OF_SDK_SERVICE: Record<string, string> = { sfn: "states" };

/** Per bucket, the prefix the last List state walked: a Delete state deletes what it listed. */
type Listed = Map<string, string>;

async function sdkTaskCalls(
  ix: PlanIndex,
  principal: string,
  task: TaskState,
  origin: string,
  workgroups: readonly string[],
  listed: Listed,
  definitionArns: readonly string[],
): Promise<Call[]> {
  const [sdkService, sdkAction] = task.Resource.split(":").slice(6);
  const service = IAM_PREFIX_OF_SDK_SERVICE[sdkService] ?? sdkService;
  const operation = sdkAction[0].toUpperCase() + sdkAction.slice(1);
  const params = task.Parameters ?? task.Arguments ?? {};
  if (service === "s3") {
    const bucket = String(params.Bucket);
    if (operation === "ListObjectsV2") {
      listed.set(bucket, literalPrefix(params.Prefix));
      return listCalls(principal, origin, bucket, literalPrefix(params.Prefix));
    }
    if (operation === "DeleteObjects") {
      const prefix = listed.get(bucket);
      if (prefix === undefined) throw new Error(`${origin}: deletes keys no List state named`);
      return objectCalls(
        ix,
        principal,
        origin,
        bucket,
        `${prefix}2026-12-01/part-0.parquet`,
        "delete",
      );
    }
  }
  if (service === "athena" && operation === "GetQueryResults") {
    return athenaResultReadCalls(ix, principal, origin, workgroups);
  }
  const facts = await actionFacts(`${service}:${operation}`);
  if (!facts) throw new Error(`${origin}: ${service}:${operation} is not an IAM action`);
  const calls: Call[] = [];
  if (facts.wildcardOnly) {
    calls.push(call(principal, facts.action, "*", origin));
  } else {
    const values = staticValues(params);
    const required = facts.resourceTypes.filter((t) => t.required);
    for (const type of required.length > 0 ? required : facts.resourceTypes.slice(0, 1)) {
      const fits = (v: string) => v.startsWith("arn:") && resourceFitsType(v, type);
      const given = values.find(fits);
      // Named at run time from an earlier state's output: the one resource of the type the
      // definition names (a version of it, when the parameter is a version's ARN).
      const named = [...new Set(definitionArns.filter(fits))];
      const versionParam = Object.keys(params).some((k) =>
        new RegExp(`^${type.name}Version\\w*Arn\\.\\$$`, "i").test(k),
      );
      const fromDefinition =
        named.length === 1 ? (versionParam ? `${named[0]}/run-0123` : named[0]) : undefined;
      // Else a resource this run creates (an import job): any ARN of the type in this account.
      const arn =
        given ??
        fromDefinition ??
        type.arn
          .replace("${Partition}", "aws")
          .replace("${Region}", ix.region)
          .replace("${Account}", "123456789012")
          .replace(/\$\{[^}]+\}/g, "run-0123");
      calls.push(call(principal, facts.action, arn, origin));
    }
  }
  // Passing a role to the service (an import job's RoleArn) is itself authorised.
  for (const [key, value] of Object.entries(params)) {
    if (/RoleArn$/.test(key) && typeof value === "string") {
      calls.push(
        call(principal, "iam:PassRole", value, origin, {
          "iam:PassedToService": `${service}.amazonaws.com`,
        }),
      );
    }
  }
  return calls;
}

export async function stateMachineCalls(ix: PlanIndex, sm: PlanResource): Promise<Call[]> {
  const principal = String(sm.inputs.roleArn);
  const definition = JSON.parse(sm.inputs.definition);
  const tasks = tasksOf(definition.States);
  const workgroups = tasks
    .filter((t) => t.Resource.includes(":athena:startQueryExecution"))
    .map((t) => String((t.Parameters ?? t.Arguments ?? {}).WorkGroup ?? "primary"));
  const calls: Call[] = [];
  const listed: Listed = new Map();
  const definitionArns = tasks
    .flatMap((t) => staticValues(t.Parameters ?? t.Arguments ?? {}))
    .filter((v) => v.startsWith("arn:"));
  for (const task of tasks) {
    const origin = `${sm.name}: ${task.path}`;
    const params = task.Parameters ?? task.Arguments ?? {};
    if (task.Resource.startsWith("arn:aws:states:::aws-sdk:")) {
      calls.push(
        ...(await sdkTaskCalls(ix, principal, task, origin, workgroups, listed, definitionArns)),
      );
    } else if (task.Resource.startsWith("arn:aws:states:::athena:startQueryExecution")) {
      calls.push(...athenaQueryCalls(ix, principal, origin, params, sm.inputs.definition));
      // Step Functions' Athena integration also reads the data catalogue ("IAM policies for
      // Amazon Athena" in the Step Functions Developer Guide).
      calls.push(
        call(
          principal,
          "athena:GetDataCatalog",
          ix.arn("athena", "datacatalog/AwsDataCatalog"),
          origin,
        ),
      );
    } else if (task.Resource === "arn:aws:states:::sns:publish") {
      const topic = String(params.TopicArn);
      calls.push(call(principal, "sns:Publish", topic, origin));
      calls.push(
        ...keyCalls(ix, principal, origin, ix.keyOf(topic), ["encrypt", "decrypt"], "sns"),
      );
    } else if (task.Resource === "arn:aws:states:::lambda:invoke") {
      calls.push(call(principal, "lambda:InvokeFunction", String(params.FunctionName), origin));
    } else {
      throw new Error(`${origin}: integration ${task.Resource} is not read by this check`);
    }
  }
  if (sm.inputs.loggingConfiguration?.logDestination) {
    for (const action of [
      "CreateLogDelivery",
      "GetLogDelivery",
      "UpdateLogDelivery",
      "DeleteLogDelivery",
      "ListLogDeliveries",
      "PutResourcePolicy",
      "DescribeResourcePolicies",
      "DescribeLogGroups",
    ]) {
      calls.push(call(principal, `logs:${action}`, "*", `${sm.name}: execution logging`));
    }
  }
  if (sm.inputs.tracingConfiguration?.enabled) {
    for (const action of [
      "PutTraceSegments",
      "PutTelemetryRecords",
      "GetSamplingRules",
      "GetSamplingTargets",
    ]) {
      calls.push(call(principal, `xray:${action}`, "*", `${sm.name}: tracing`));
    }
  }
  return calls;
}
