/**
 * The online guardrail after a campaign update: note when the update was asked for and when the
 * new version served, wait the window out, let the guardrail function compare the speed layer's
 * CTR of both windows, and re-point the campaign at the previous solution version when the CTR
 * dropped beyond the margin. A first deploy has nothing to compare with and skips it.
 */
import { GUARDRAIL_SETTLE_MINUTES, type GuardrailThresholds } from "./guardrail";
import { fmt, ref } from "./intrinsics";
import * as s from "./states";
import { NOTIFY_FAILURE } from "./states";

export interface GuardrailStatesParams extends GuardrailThresholds {
  /** The guardrail Lambda (ctr-guardrail/handler.ts). */
  readonly functionArn: string;
  readonly campaignArn: string;
  readonly minProvisionedTps: number;
  readonly topicArn: string;
  readonly pollSeconds: number;
}

/** Where an update goes before UpdateCampaign, and where a deployed campaign goes next. */
export const GUARDRAIL_BEFORE_UPDATE = "RecordUpdateRequest";
export const GUARDRAIL_AFTER_DEPLOY = "CheckGuardrailNeeded";

export function guardrailStates(p: GuardrailStatesParams): s.States {
  const publish = (subject: string, message: string, next: string) => ({
    Type: "Task",
    Resource: s.SNS_PUBLISH,
    Parameters: { TopicArn: p.topicArn, Subject: subject, "Message.$": message },
    ResultPath: null,
    Retry: [s.SNS_THROTTLE_RETRY],
    Catch: s.catchAll(NOTIFY_FAILURE),
    Next: next,
  });
  const update = "$.rollbackStatus.campaign.LatestCampaignUpdate";
  return {
    [GUARDRAIL_BEFORE_UPDATE]: {
      Type: "Pass",
      Comment: "The previous version served until now: the guardrail's 'before' window ends here",
      Parameters: { "requestedAt.$": "$$.State.EnteredTime" },
      ResultPath: "$.guardrailClock",
      Next: "UpdateCampaign",
    },
    [GUARDRAIL_AFTER_DEPLOY]: {
      Type: "Choice",
      Comment: "A first deploy (CreateCampaign) has no previous version to compare with",
      Choices: [{ Variable: "$.campaign.exists", BooleanEquals: true, Next: "RecordServingStart" }],
      Default: "NotifySucceeded",
    },
    RecordServingStart: {
      Type: "Pass",
      Parameters: {
        "requestedAt.$": "$.guardrailClock.requestedAt",
        "servingSince.$": "$$.State.EnteredTime",
      },
      ResultPath: "$.guardrailClock",
      Next: "WaitGuardrailWindow",
    },
    WaitGuardrailWindow: {
      Type: "Wait",
      Comment: `The window, plus ${GUARDRAIL_SETTLE_MINUTES} minutes for the speed layer to close its last minute`,
      Seconds: (p.windowMinutes + GUARDRAIL_SETTLE_MINUTES) * 60,
      Next: "MeasureGuardrail",
    },
    MeasureGuardrail: {
      Type: "Task",
      Resource: s.LAMBDA_INVOKE,
      Parameters: {
        FunctionName: p.functionArn,
        Payload: {
          "requestedAt.$": "$.guardrailClock.requestedAt",
          "servingSince.$": "$.guardrailClock.servingSince",
          windowMinutes: p.windowMinutes,
          maxCtrDrop: p.maxCtrDrop,
          minImpressions: p.minImpressions,
          ...(p.channels ? { channels: p.channels } : {}),
        },
      },
      ResultSelector: {
        "verdict.$": "$.Payload.verdict",
        "reason.$": "$.Payload.reason",
        "before.$": "$.Payload.before",
        "after.$": "$.Payload.after",
      },
      ResultPath: "$.guardrail",
      Retry: [s.LAMBDA_SERVICE_RETRY],
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "CheckGuardrail",
    },
    CheckGuardrail: {
      Type: "Choice",
      Choices: [
        { Variable: "$.guardrail.verdict", StringEquals: "rollback", Next: "RollbackCampaign" },
      ],
      Default: "NotifyGuardrailKept",
    },
    NotifyGuardrailKept: publish(
      "Personalize training succeeded",
      fmt`Run ${ref("$$.Execution.Name")}: solution version ${ref("$.solutionVersion.arn")} passed the metrics gate and campaign ${ref("$.deployment.arn")} serves it; online guardrail (${ref("$.guardrail.verdict")}): ${ref("$.guardrail.reason")}. Metrics: ${ref("States.JsonToString($.candidate.metrics)")}`,
      "Succeeded",
    ),
    RollbackCampaign: {
      Type: "Task",
      Comment: "Re-point the campaign at the version that served before this run",
      Resource: s.sdk("personalize", "updateCampaign"),
      Parameters: {
        CampaignArn: p.campaignArn,
        "SolutionVersionArn.$": "$.campaign.solutionVersionArn",
        MinProvisionedTPS: p.minProvisionedTps,
      },
      ResultSelector: { "arn.$": "$.CampaignArn" },
      ResultPath: "$.rollback",
      Retry: [s.PERSONALIZE_THROTTLE_RETRY, s.PERSONALIZE_IN_USE_RETRY],
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "WaitRollback",
    },
    ...s.pollLoop({
      stem: "Rollback",
      seconds: p.pollSeconds,
      describe: {
        Type: "Task",
        Resource: s.sdk("personalize", "describeCampaign"),
        Parameters: { CampaignArn: p.campaignArn },
        ResultSelector: { "campaign.$": "$.Campaign" },
        ResultPath: "$.rollbackStatus",
        Retry: [s.PERSONALIZE_THROTTLE_RETRY],
        Catch: s.catchAll(NOTIFY_FAILURE),
      },
      choices: [
        {
          And: [
            { Variable: `${update}.Status`, IsPresent: true },
            { Variable: `${update}.Status`, StringEquals: "ACTIVE" },
          ],
          Next: "NotifyRolledBack",
        },
        {
          And: [
            { Variable: `${update}.Status`, IsPresent: true },
            { Variable: `${update}.Status`, StringEquals: "CREATE FAILED" },
          ],
          Next: "DescribeRollbackFailure",
        },
      ],
    }),
    DescribeRollbackFailure: {
      Type: "Pass",
      Parameters: {
        Error: "CampaignRollbackFailed",
        "Cause.$": fmt`Campaign ${p.campaignArn} could not be rolled back to ${ref("$.campaign.solutionVersionArn")} after ${ref("$.guardrail.reason")}: ${ref("States.JsonToString($.rollbackStatus.campaign)")}`,
      },
      ResultPath: "$.error",
      Next: NOTIFY_FAILURE,
    },
    NotifyRolledBack: publish(
      "Personalize campaign rolled back by the online guardrail",
      fmt`Run ${ref("$$.Execution.Name")}: campaign ${p.campaignArn} serves ${ref("$.campaign.solutionVersionArn")} again instead of ${ref("$.solutionVersion.arn")}: ${ref("$.guardrail.reason")}`,
      "RolledBack",
    ),
    RolledBack: {
      Type: "Fail",
      Error: "OnlineGuardrailRolledBack",
      Comment:
        "The new version lost clicks in production: the run fails so alarms and `npm run train` surface it",
      CausePath: "$.guardrail.reason",
    },
  };
}
