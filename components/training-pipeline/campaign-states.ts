/**
 * Campaign deployment: look the campaign up (ResourceNotFound = first deploy), fetch the serving
 * version's metrics for the regression check, then create or update and wait until it serves.
 */
import { fmt, ref } from "./intrinsics";
import * as s from "./states";
import { NOTIFY_FAILURE } from "./states";

export interface CampaignParams {
  readonly arn: string;
  readonly name: string;
  readonly minProvisionedTps: number;
}

/** First deploy creates the campaign; later runs update it; both wait for it to serve the new version. */
export function campaignStates(
  campaign: CampaignParams,
  pollSeconds: number,
  /** The online guardrail's entry states around an update (guardrail-states.ts). @default none */
  guardrail?: { readonly beforeUpdate: string; readonly afterDeploy: string },
): s.States {
  const served = guardrail?.afterDeploy ?? "NotifySucceeded";
  const deploy = (
    action: "createCampaign" | "updateCampaign",
    parameters: Record<string, unknown>,
  ) => ({
    Type: "Task",
    Resource: s.sdk("personalize", action),
    Parameters: {
      ...parameters,
      "SolutionVersionArn.$": "$.solutionVersion.arn",
      MinProvisionedTPS: campaign.minProvisionedTps,
    },
    ResultSelector: { "arn.$": "$.CampaignArn" },
    ResultPath: "$.deployment",
    Retry: [s.PERSONALIZE_THROTTLE_RETRY, s.PERSONALIZE_IN_USE_RETRY],
    Catch: s.catchAll(NOTIFY_FAILURE),
    Next: "WaitCampaignDeployment",
  });
  const update = "$.campaignStatus.campaign.LatestCampaignUpdate";
  const status = "$.campaignStatus.campaign.Status";
  return {
    DescribeCampaign: {
      Type: "Task",
      Resource: s.sdk("personalize", "describeCampaign"),
      Parameters: { CampaignArn: campaign.arn },
      ResultSelector: { exists: true, "solutionVersionArn.$": "$.Campaign.SolutionVersionArn" },
      ResultPath: "$.campaign",
      Retry: [s.PERSONALIZE_THROTTLE_RETRY],
      Catch: [
        {
          ErrorEquals: ["Personalize.ResourceNotFoundException"],
          ResultPath: "$.campaignLookup",
          Next: "RecordNoCampaign",
        },
        ...s.catchAll(NOTIFY_FAILURE),
      ],
      Next: "GetServingMetrics",
    },
    RecordNoCampaign: {
      Type: "Pass",
      Comment: "First deploy: nothing serves yet, so the gate checks the minimums only",
      Result: { exists: false },
      ResultPath: "$.campaign",
      Next: "BuildGateQuery",
    },
    GetServingMetrics: {
      Type: "Task",
      Resource: s.sdk("personalize", "getSolutionMetrics"),
      Parameters: { "SolutionVersionArn.$": "$.campaign.solutionVersionArn" },
      ResultSelector: { "metrics.$": "$.Metrics" },
      ResultPath: "$.serving",
      Retry: [s.PERSONALIZE_THROTTLE_RETRY],
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "CheckServingMetrics",
    },
    ChooseCampaignAction: {
      Type: "Choice",
      Choices: [
        {
          Variable: "$.campaign.exists",
          BooleanEquals: true,
          Next: guardrail?.beforeUpdate ?? "UpdateCampaign",
        },
      ],
      Default: "CreateCampaign",
    },
    CreateCampaign: deploy("createCampaign", { Name: campaign.name }),
    UpdateCampaign: deploy("updateCampaign", { CampaignArn: campaign.arn }),
    ...s.pollLoop({
      stem: "CampaignDeployment",
      seconds: pollSeconds,
      describe: {
        Type: "Task",
        Resource: s.sdk("personalize", "describeCampaign"),
        Parameters: { "CampaignArn.$": "$.deployment.arn" },
        ResultSelector: { "campaign.$": "$.Campaign" },
        ResultPath: "$.campaignStatus",
        Retry: [s.PERSONALIZE_THROTTLE_RETRY],
        Catch: s.catchAll(NOTIFY_FAILURE),
      },
      // An update leaves Campaign.Status ACTIVE and reports progress in LatestCampaignUpdate.
      choices: [
        {
          And: [
            { Variable: `${update}.Status`, IsPresent: true },
            { Variable: `${update}.Status`, StringEquals: "ACTIVE" },
          ],
          Next: served,
        },
        {
          And: [
            { Variable: `${update}.Status`, IsPresent: true },
            { Variable: `${update}.Status`, StringEquals: "CREATE FAILED" },
          ],
          Next: "DescribeCampaignFailure",
        },
        {
          And: [
            { Not: { Variable: `${update}.Status`, IsPresent: true } },
            { Variable: status, StringEquals: "ACTIVE" },
          ],
          Next: served,
        },
        { Variable: status, StringEquals: "CREATE FAILED", Next: "DescribeCampaignFailure" },
      ],
    }),
    DescribeCampaignFailure: {
      Type: "Pass",
      Parameters: {
        Error: "CampaignDeploymentFailed",
        "Cause.$": fmt`Campaign ${ref("$.deployment.arn")} did not deploy ${ref("$.solutionVersion.arn")}: ${ref("States.JsonToString($.campaignStatus.campaign)")}`,
      },
      ResultPath: "$.error",
      Next: NOTIFY_FAILURE,
    },
  };
}
