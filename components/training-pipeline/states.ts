/**
 * Building blocks of the training state machine: AWS SDK integration ARNs, the shared retry policies and the
 * poll loop every asynchronous Personalize job needs. Every step is a direct service call but one:
 * the Lambda that unquotes each export's CSV header, which no service API can do.
 */

/** Every failure path ends here, with `$.error = { Error, Cause }`. */
export const NOTIFY_FAILURE = "NotifyFailure";

export type State = Record<string, unknown>;
export type States = Record<string, State>;

/** `arn:aws:states:::aws-sdk:<service>:<action>`: Step Functions calls the API itself. */
export const sdk = (service: string, action: string) =>
  `arn:aws:states:::aws-sdk:${service}:${action}`;

/** Athena's optimised integration: `.sync` waits for the query to finish. */
export const ATHENA_QUERY_SYNC = "arn:aws:states:::athena:startQueryExecution.sync";
export const SNS_PUBLISH = "arn:aws:states:::sns:publish";
/** Lambda's optimised integration: the function's result is under `$.Payload`. */
export const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

export {
  ATHENA_THROTTLE_RETRY,
  LAMBDA_SERVICE_RETRY,
  PERSONALIZE_IN_USE_RETRY,
  PERSONALIZE_THROTTLE_RETRY,
  SNS_THROTTLE_RETRY,
} from "../shared/asl-retries";

/** Every failure lands on the failure notification with `$.error = { Error, Cause }`. */
export const catchAll = (next: string) => [
  { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: next },
];

export interface PollSpec {
  /** Name stem: Wait<stem>, Describe<stem>, Check<stem>. */
  readonly stem: string;
  readonly seconds: number;
  readonly describe: State;
  /** Choice rules to the outcomes; anything else waits and polls again. */
  readonly choices: readonly State[];
}

/**
 * Wait → Describe → Choice, looping until a choice matches. The state machine's TimeoutSeconds
 * bounds the loop, so a job stuck "IN_PROGRESS" cannot poll forever.
 */
export function pollLoop(spec: PollSpec): States {
  const wait = `Wait${spec.stem}`;
  const describe = `Describe${spec.stem}`;
  const check = `Check${spec.stem}`;
  return {
    [wait]: { Type: "Wait", Seconds: spec.seconds, Next: describe },
    [describe]: { ...spec.describe, Next: check },
    [check]: { Type: "Choice", Choices: spec.choices, Default: wait },
  };
}
