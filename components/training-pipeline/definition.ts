/**
 * The training pipeline as Amazon States Language, built from typed parameters: count the data
 * (readiness gate) → export the lake to CSV (Athena) → unquote each CSV's header → import the
 * datasets (in parallel) → train a solution version → metrics gate → create or update the
 * campaign → online guardrail → notify. Pure: same parameters, same definition.
 */
import type { CatalogueKind } from "../../events/catalogue";
import { LAKE_PREFIXES } from "../shared/contracts";
import type { TrainingMode } from "./args";
import { type DatasetKind, IMPORT_FILES_PREFIX } from "./export-sql";
import { CampaignParams, campaignStates } from "./campaign-states";
import type { GateThresholds } from "./gate";
import { gateStates } from "./gate-states";
import type { GuardrailThresholds } from "./guardrail";
import {
  GUARDRAIL_AFTER_DEPLOY,
  GUARDRAIL_BEFORE_UPDATE,
  guardrailStates,
} from "./guardrail-states";
import { DEFAULT_READINESS, type ReadinessThresholds } from "./readiness";
import { READINESS_START, readinessStates, skipEmptyCatalogue } from "./readiness-states";
import { importBranch } from "./import-branch";
import { fmt, ref } from "./intrinsics";
import { notifyStates } from "./notify-states";
import * as s from "./states";
import { NOTIFY_FAILURE } from "./states";

export interface TrainingDefinitionParams {
  /** Datasets refreshed before training; interactions is required by every recipe. */
  readonly datasets: { readonly interactions: string } & Partial<Record<DatasetKind, string>>;
  readonly solutionArn: string;
  /** The campaign to create or update; absent when the tier keeps no campaign (dev). */
  readonly campaign?: CampaignParams;
  readonly gate: GateThresholds;
  /** Training minimums counted before any import. @default Personalize's (DEFAULT_READINESS) */
  readonly readiness?: ReadinessThresholds;
  /** The online guardrail after a campaign update; absent: none (no campaign or no speed view). */
  readonly guardrail?: GuardrailThresholds & { readonly functionArn: string };
  /** Mode when the execution input names none. */
  readonly defaultTrainingMode: TrainingMode;
  /** Modes the solution's recipe accepts (trainingModesFor): an input asking another is rejected. */
  readonly trainingModes: readonly TrainingMode[];
  readonly lake: {
    readonly bucketName: string;
    readonly kmsKeyArn: string;
    readonly database: string;
    readonly eventsTable: string;
    readonly lookbackDays: number;
  };
  /** Workgroup the export and gate queries run in (results under the lake's personalize/ prefix). */
  readonly workgroup: string;
  readonly personalizeRoleArn: string;
  /** The Lambda that unquotes each export's CSV header before its import (unquote-header/handler.ts). */
  readonly unquoteHeaderFunctionArn: string;
  readonly topicArn: string;
  readonly timeoutSeconds: number;
  /** Seconds between status polls. @default { import: 60, training: 300, campaign: 60 } */
  readonly pollSeconds?: {
    readonly import?: number;
    readonly training?: number;
    readonly campaign?: number;
  };
}

const DATASET_ORDER: readonly DatasetKind[] = ["interactions", "items", "users"];

export function buildTrainingDefinition(p: TrainingDefinitionParams): Record<string, unknown> {
  const poll = { import: 60, training: 300, campaign: 60, ...p.pollSeconds };
  const athenaResults = (sub: string) => ({
    "OutputLocation.$": fmt`${ref("$.run.exportPrefix")}${sub}/`,
    EncryptionConfiguration: { EncryptionOption: "SSE_KMS", KmsKey: p.lake.kmsKeyArn },
  });
  const kinds = DATASET_ORDER.filter((k) => p.datasets[k] !== undefined);
  const catalogues = kinds.filter((k): k is CatalogueKind => k !== "interactions");
  const importOf = (kind: DatasetKind) =>
    importBranch({
      kind,
      datasetArn: p.datasets[kind]!,
      lake: p.lake,
      workgroup: p.workgroup,
      resultConfiguration: athenaResults(kind),
      unquoteHeaderFunctionArn: p.unquoteHeaderFunctionArn,
      personalizeRoleArn: p.personalizeRoleArn,
      pollSeconds: poll.import,
    });
  const branch = (kind: DatasetKind) =>
    kind === "interactions" ? importOf(kind) : skipEmptyCatalogue(kind, importOf(kind));
  const guardrail =
    p.campaign && p.guardrail
      ? guardrailStates({
          ...p.guardrail,
          campaignArn: p.campaign.arn,
          minProvisionedTps: p.campaign.minProvisionedTps,
          topicArn: p.topicArn,
          pollSeconds: poll.campaign,
        })
      : undefined;

  const states: s.States = {
    ResolveTrainingMode: {
      Type: "Choice",
      Choices: [
        { Not: { Variable: "$.trainingMode", IsPresent: true }, Next: "UseDefaultTrainingMode" },
        p.trainingModes.length === 1
          ? { Variable: "$.trainingMode", StringEquals: p.trainingModes[0], Next: "StartRun" }
          : {
              Or: p.trainingModes.map((mode) => ({
                Variable: "$.trainingMode",
                StringEquals: mode,
              })),
              Next: "StartRun",
            },
      ],
      Default: "RejectInvalidInput",
    },
    UseDefaultTrainingMode: {
      Type: "Pass",
      Result: p.defaultTrainingMode,
      ResultPath: "$.trainingMode",
      Next: "StartRun",
    },
    RejectInvalidInput: {
      Type: "Pass",
      Parameters: {
        Error: "InvalidInput",
        "Cause.$": fmt`trainingMode must be ${p.trainingModes.map((m) => `"${m}"`).join(" or ")} (what the solution's recipe accepts), got ${ref("States.JsonToString($.trainingMode)")}`,
      },
      ResultPath: "$.error",
      Next: NOTIFY_FAILURE,
    },
    StartRun: {
      Type: "Pass",
      Comment:
        "Job names need [A-Za-z0-9-_]{1,63}: a UUID; S3 paths use the execution name for tracing",
      Parameters: {
        "trainingMode.$": "$.trainingMode",
        "id.$": "States.UUID()",
        "exportPrefix.$": fmt`s3://${p.lake.bucketName}/${LAKE_PREFIXES.personalize}${ref("$$.Execution.Name")}/`,
        // Named by execution and dataset, so a retried step rewrites the same file.
        "importPrefix.$": fmt`s3://${p.lake.bucketName}/${IMPORT_FILES_PREFIX}${ref("$$.Execution.Name")}/`,
      },
      ResultPath: "$.run",
      Next: READINESS_START,
    },
    ...readinessStates({
      thresholds: p.readiness ?? DEFAULT_READINESS,
      lake: p.lake,
      workgroup: p.workgroup,
      resultConfiguration: athenaResults("readiness"),
      catalogues,
      topicArn: p.topicArn,
      next: "RefreshDatasets",
    }),
    RefreshDatasets: {
      Type: "Parallel",
      Branches: kinds.map(branch),
      ResultPath: null,
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "CreateSolutionVersion",
    },
    CreateSolutionVersion: {
      Type: "Task",
      Resource: s.sdk("personalize", "createSolutionVersion"),
      Parameters: { SolutionArn: p.solutionArn, "TrainingMode.$": "$.run.trainingMode" },
      ResultSelector: { "arn.$": "$.SolutionVersionArn" },
      ResultPath: "$.solutionVersion",
      Retry: [s.PERSONALIZE_THROTTLE_RETRY, s.PERSONALIZE_IN_USE_RETRY],
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "WaitTraining",
    },
    ...s.pollLoop({
      stem: "Training",
      seconds: poll.training,
      describe: {
        Type: "Task",
        Resource: s.sdk("personalize", "describeSolutionVersion"),
        Parameters: { "SolutionVersionArn.$": "$.solutionVersion.arn" },
        ResultSelector: {
          "status.$": "$.SolutionVersion.Status",
          "version.$": "$.SolutionVersion",
        },
        ResultPath: "$.training",
        Retry: [s.PERSONALIZE_THROTTLE_RETRY],
        Catch: s.catchAll(NOTIFY_FAILURE),
      },
      choices: [
        { Variable: "$.training.status", StringEquals: "ACTIVE", Next: "GetCandidateMetrics" },
        {
          Or: [
            { Variable: "$.training.status", StringEquals: "CREATE FAILED" },
            { Variable: "$.training.status", StringEquals: "CREATE STOPPED" },
          ],
          Next: "DescribeTrainingFailure",
        },
      ],
    }),
    DescribeTrainingFailure: {
      Type: "Pass",
      Parameters: {
        Error: "SolutionVersionFailed",
        "Cause.$": fmt`Solution version ${ref("$.solutionVersion.arn")} ended ${ref("$.training.status")}: ${ref("States.JsonToString($.training.version)")}`,
      },
      ResultPath: "$.error",
      Next: NOTIFY_FAILURE,
    },
    GetCandidateMetrics: {
      Type: "Task",
      Resource: s.sdk("personalize", "getSolutionMetrics"),
      Parameters: { "SolutionVersionArn.$": "$.solutionVersion.arn" },
      ResultSelector: { "metrics.$": "$.Metrics" },
      ResultPath: "$.candidate",
      Retry: [s.PERSONALIZE_THROTTLE_RETRY],
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "CheckCandidateMetrics",
    },
    ...gateStates(
      { gate: p.gate, workgroup: p.workgroup, hasCampaign: p.campaign !== undefined },
      athenaResults("gate"),
    ),
    ...(p.campaign
      ? campaignStates(
          p.campaign,
          poll.campaign,
          guardrail
            ? { beforeUpdate: GUARDRAIL_BEFORE_UPDATE, afterDeploy: GUARDRAIL_AFTER_DEPLOY }
            : undefined,
        )
      : {}),
    ...guardrail,
    ...notifyStates(p.topicArn, p.campaign !== undefined),
  };
  return {
    Comment:
      "Personalize training: readiness → lake export → dataset imports → solution version → metrics gate → campaign → online guardrail",
    StartAt: "ResolveTrainingMode",
    TimeoutSeconds: p.timeoutSeconds,
    States: states,
  };
}
