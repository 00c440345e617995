/** SNS notifications of each outcome and the terminal states. */
import { fmt, ref } from "./intrinsics";
import * as s from "./states";
import { NOTIFY_FAILURE } from "./states";

/** One SNS message per outcome; a failed failure-notification still ends the run as failed. */
export function notifyStates(topicArn: string, hasCampaign: boolean): s.States {
  const publish = (subject: string, message: string, next: string, onError: string) => ({
    Type: "Task",
    Resource: s.SNS_PUBLISH,
    Parameters: { TopicArn: topicArn, Subject: subject, "Message.$": message },
    ResultPath: null,
    Retry: [s.SNS_THROTTLE_RETRY],
    Catch: [
      {
        ErrorEquals: ["States.ALL"],
        ResultPath: onError === NOTIFY_FAILURE ? "$.error" : "$.notifyError",
        Next: onError,
      },
    ],
    Next: next,
  });
  return {
    ...(hasCampaign
      ? {
          NotifySucceeded: publish(
            "Personalize training succeeded",
            fmt`Run ${ref("$$.Execution.Name")}: solution version ${ref("$.solutionVersion.arn")} passed the metrics gate and campaign ${ref("$.deployment.arn")} now serves it. Metrics: ${ref("States.JsonToString($.candidate.metrics)")}`,
            "Succeeded",
            NOTIFY_FAILURE,
          ),
        }
      : {
          NotifyTrained: publish(
            "Personalize training succeeded",
            fmt`Run ${ref("$$.Execution.Name")}: solution version ${ref("$.solutionVersion.arn")} passed the metrics gate; this stack keeps no campaign, so nothing was deployed. Metrics: ${ref("States.JsonToString($.candidate.metrics)")}`,
            "Succeeded",
            NOTIFY_FAILURE,
          ),
        }),
    NotifyRejected: publish(
      "Personalize training rejected by the metrics gate",
      fmt`Run ${ref("$$.Execution.Name")}: solution version ${ref("$.solutionVersion.arn")} was not deployed: ${ref("$.gate.result.reasons")}. Candidate metrics: ${ref("States.JsonToString($.candidate.metrics)")}`,
      "GateRejected",
      NOTIFY_FAILURE,
    ),
    NotifyFailure: publish(
      "Personalize training failed",
      fmt`Run ${ref("$$.Execution.Name")} failed with ${ref("$.error.Error")}: ${ref("$.error.Cause")}`,
      "Failed",
      "Failed",
    ),
    Succeeded: { Type: "Succeed" },
    GateRejected: {
      Type: "Fail",
      Error: "MetricsGateRejected",
      Comment: "The model was not deployed; the run fails so `npm run train` and alarms surface it",
      CausePath: "$.gate.result.reasons",
    },
    Failed: { Type: "Fail", ErrorPath: "$.error.Error", CausePath: "$.error.Cause" },
  };
}
