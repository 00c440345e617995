/**
 * Every call every runtime principal of a plan makes: each Lambda function (its handler's SDK
 * commands, runtime and stream mappings), each state machine, and each service acting with a role
 * the stack gives it. Nothing here is a list of expected grants: it is all read from the plan and
 * from the code the plan deploys.
 */
import type { PlanResource } from "../../../offline/plan";
import { LAKE_PREFIXES } from "../../../components/shared/contracts";
import type { Call } from "./calls";
import { ObjectLocations, lambdaCalls } from "./lambda-calls";
import { PlanIndex, parseS3Uri } from "./plan-index";
import {
  firehoseCalls,
  flinkCalls,
  personalizeCalls,
  producerCalls,
  quicksightCalls,
  schedulerCalls,
} from "./service-calls";
import { stateMachineCalls, tasksOf } from "./state-machine-calls";
import { collectorCalls } from "./collector-calls";
import { flinkKafkaCalls, producerKafkaCalls } from "./store-calls";

export function lakeBucketOf(ix: PlanIndex): string {
  const events = ix
    .ofType("aws:glue/catalogTable:CatalogTable")
    .find((t) => t.inputs.name === "events");
  return parseS3Uri(events!.inputs.storageDescriptor.location).bucket;
}

/**
 * Objects a function invoked by a state machine touches: it reads the Athena results of that
 * state machine's workgroups, and writes under the lake's import prefix (the pipeline's contract
 * for the import files it hands Personalize).
 */
function objectsOfInvokedFunction(ix: PlanIndex, fn: PlanResource): ObjectLocations | undefined {
  const fnArn = ix.arnOf(fn);
  for (const sm of ix.ofType("aws:sfn/stateMachine:StateMachine")) {
    const tasks = tasksOf(JSON.parse(sm.inputs.definition).States);
    const invokes = tasks.some(
      (t) => t.Resource.endsWith(":lambda:invoke") && t.Parameters?.FunctionName === fnArn,
    );
    if (!invokes) continue;
    const reads = tasks
      .map((t) => (t.Parameters ?? t.Arguments ?? {}).WorkGroup)
      .filter((wg): wg is string => typeof wg === "string")
      .map(
        (wg) =>
          ix.find(wg, "aws:athena/workgroup:Workgroup")!.inputs.configuration.resultConfiguration
            .outputLocation as string,
      );
    return {
      reads: [...new Set(reads)],
      writes: [`s3://${lakeBucketOf(ix)}/${LAKE_PREFIXES.personalizeImports}`],
    };
  }
  return undefined;
}

/** The role web servers assume to produce events: the one trusted by the account, not a service. */
function producerRole(ix: PlanIndex): PlanResource | undefined {
  return ix
    .ofType("aws:iam/role:Role")
    .find((r) =>
      JSON.parse(r.inputs.assumeRolePolicy).Statement.some((s: any) => s.Principal?.AWS),
    );
}

export interface RuntimeCalls {
  readonly calls: Call[];
  /** Handler commands no target is configured for in this plan, so they never run. */
  readonly unreachable: string[];
}

export async function allRuntimeCalls(
  ix: PlanIndex,
  root: string,
  streamArn: string,
): Promise<RuntimeCalls> {
  const calls: Call[] = [];
  const unreachable: string[] = [];
  for (const fn of ix.ofType("aws:lambda/function:Function")) {
    calls.push(...(await lambdaCalls(ix, fn, root, objectsOfInvokedFunction(ix, fn), unreachable)));
  }
  for (const sm of ix.ofType("aws:sfn/stateMachine:StateMachine")) {
    calls.push(...(await stateMachineCalls(ix, sm)));
  }
  ix.ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream").forEach((d) =>
    calls.push(...firehoseCalls(ix, d)),
  );
  ix.ofType("aws:kinesisanalyticsv2/application:Application").forEach((a) =>
    calls.push(...flinkCalls(ix, a), ...flinkKafkaCalls(ix, a)),
  );
  ix.ofType("aws:scheduler/schedule:Schedule").forEach((s) => calls.push(...schedulerCalls(ix, s)));
  calls.push(...personalizeCalls(ix, lakeBucketOf(ix)));
  calls.push(...quicksightCalls(ix));
  calls.push(...collectorCalls(ix));
  const producer = producerRole(ix);
  if (producer) {
    calls.push(...producerCalls(ix, producer, streamArn, root));
    calls.push(...producerKafkaCalls(ix, ix.arnOf(producer)));
  }
  return { calls, unreachable };
}
