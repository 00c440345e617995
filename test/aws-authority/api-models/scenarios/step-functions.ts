/**
 * What a state machine's Task states send, held to the API models with Step Functions' rules for
 * service integrations:
 * - `arn:aws:states:::aws-sdk:<service>:<action>`: the service as the SDK names it in lower case,
 *   the action as the API operation in camelCase, every parameter member in PascalCase (even for
 *   camelCase APIs such as Personalize);
 * - optimised integrations (`athena:startQueryExecution.sync`, `sns:publish`, `lambda:invoke`):
 *   the API's own members, except lambda:invoke's `Payload`, which Step Functions serialises from
 *   JSON.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ensureModels, serviceModel } from "../models";
import type { ApiRequest, ValidateOptions } from "../validate";

const SDK = /^arn:aws:states:::aws-sdk:([a-z0-9.-]+):([A-Za-z0-9]+)(\.waitForTaskToken)?$/;
const OPTIMISED = /^arn:aws:states:::([a-z0-9-]+):([A-Za-z0-9]+)(\.sync(:2)?|\.waitForTaskToken)?$/;

/** SDK-integration service names botocore files under another name. */
const SDK_SERVICE_FOLDERS: Readonly<Record<string, string>> = { sfn: "stepfunctions" };

/** What a `.sync` integration returns: the job's Get/Describe result, not the start call's. */
const SYNC_RESULTS: Readonly<Record<string, string>> = {
  "athena:StartQueryExecution": "GetQueryExecution",
};

export interface TaskTarget {
  readonly service: string;
  readonly operation: string;
  readonly options: ValidateOptions;
  /** The operation whose output shape the Task's result has. */
  readonly resultOperation: string;
}

/** The API operation a Task's Resource calls, or the naming rule it breaks. */
export function taskTarget(resource: string): TaskTarget | string {
  const sdk = SDK.exec(resource);
  const optimised = sdk ? undefined : OPTIMISED.exec(resource);
  const match = sdk ?? optimised;
  if (!match) return `${resource} is not a Step Functions service integration ARN`;
  const [, service, action, suffix] = match;
  if (!/^[a-z]/.test(action)) return `${resource}: the action must be camelCase (${action})`;
  const folder = SDK_SERVICE_FOLDERS[service] ?? service;
  if (!existsSync(join(ensureModels(), folder))) return `${resource}: no AWS service ${service}`;
  const operation = action.charAt(0).toUpperCase() + action.slice(1);
  if (!serviceModel(folder).operations[operation]) {
    return `${resource}: ${folder} has no operation ${operation}`;
  }
  const options: ValidateOptions = sdk
    ? { pascalCaseMembers: true }
    : folder === "lambda" && operation === "Invoke"
      ? { jsonMembers: ["Payload"] }
      : {};
  const sync = suffix?.startsWith(".sync") ? SYNC_RESULTS[`${folder}:${operation}`] : operation;
  if (!sync) return `${resource}: no known result shape for the .sync integration`;
  return { service: folder, operation, options, resultOperation: sync };
}

export interface TaskState {
  readonly name: string;
  readonly resource: string;
  /** Parameters (JSONPath) or Arguments (JSONata) as written. */
  readonly input: unknown;
}

/** Every Task state of a definition, inside Parallel branches and Map processors too. */
export function taskStates(definition: { States: Record<string, any> }): TaskState[] {
  const found: TaskState[] = [];
  const walk = (states: Record<string, any>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === "Task") {
        found.push({ name, resource: state.Resource, input: state.Parameters ?? state.Arguments });
      }
      for (const branch of state.Branches ?? []) walk(branch.States);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) walk(processor.States);
    }
  };
  walk(definition.States);
  return found;
}

/** A Task's input as written, as a request checked with `.$` names and JSONata left open. */
export function writtenRequest(
  task: TaskState,
): { request: ApiRequest; options: ValidateOptions } | string {
  const target = taskTarget(task.resource);
  if (typeof target === "string") return `${task.name}: ${target}`;
  return {
    request: { service: target.service, operation: target.operation, input: task.input ?? {} },
    options: { ...target.options, pathReferences: true },
  };
}
