/**
 * Retry policies of the platform's state machines, one set for both (the KPI materialisation and
 * Personalize training). `Retry` reads the same in the JSONPath and JSONata dialects of ASL.
 */

/**
 * Personalize answers throttling with LimitExceededException ("the limit on the number of
 * requests per second has been exceeded"); back off exponentially with jitter so parallel imports
 * do not retry in lockstep.
 */
export const PERSONALIZE_THROTTLE_RETRY = {
  ErrorEquals: ["Personalize.LimitExceededException", "Personalize.ThrottlingException"],
  IntervalSeconds: 5,
  BackoffRate: 2,
  MaxAttempts: 6,
  MaxDelaySeconds: 120,
  JitterStrategy: "FULL",
};

/**
 * A solution that is still training another version, or a campaign mid-update, answers
 * ResourceInUseException; those clear in minutes to hours, so wait long rather than fail.
 */
export const PERSONALIZE_IN_USE_RETRY = {
  ErrorEquals: ["Personalize.ResourceInUseException"],
  IntervalSeconds: 300,
  BackoffRate: 1.5,
  MaxAttempts: 8,
  MaxDelaySeconds: 1800,
  JitterStrategy: "FULL",
};

export const ATHENA_THROTTLE_RETRY = {
  ErrorEquals: ["Athena.TooManyRequestsException"],
  IntervalSeconds: 5,
  BackoffRate: 2,
  MaxAttempts: 6,
  MaxDelaySeconds: 120,
  JitterStrategy: "FULL",
};

/**
 * The transient Lambda service errors Step Functions' own guidance retries on every lambda:invoke
 * task; an error the function itself raises (a wrong header) is not among them and fails the run.
 */
export const LAMBDA_SERVICE_RETRY = {
  ErrorEquals: [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
  ],
  IntervalSeconds: 1,
  BackoffRate: 2,
  MaxAttempts: 3,
  JitterStrategy: "FULL",
};

export const SNS_THROTTLE_RETRY = {
  ErrorEquals: ["SNS.ThrottledException", "SNS.InternalErrorException"],
  IntervalSeconds: 2,
  BackoffRate: 2,
  MaxAttempts: 4,
  JitterStrategy: "FULL",
};

/** S3 calls through the SDK integration (list, delete): a failed call is usually transient. */
export const S3_TASK_RETRY = {
  ErrorEquals: ["States.TaskFailed"],
  IntervalSeconds: 5,
  MaxAttempts: 3,
  BackoffRate: 2,
};
