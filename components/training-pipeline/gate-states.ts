/**
 * The metrics gate in the state machine: check every gated metric is present (a missing one would
 * fail States.Format with an uncatchable runtime error), build the gate query, run it on Athena,
 * read the verdict.
 */
import { GateThresholds, gateQueryArgs, gateQueryTemplate, gatedMetrics } from "./gate";
import { format } from "./intrinsics";
import * as s from "./states";
import { NOTIFY_FAILURE } from "./states";

export interface GateStatesParams {
  readonly gate: GateThresholds;
  readonly workgroup: string;
  /** With a campaign, the gate also compares against the version it serves. */
  readonly hasCampaign: boolean;
}

/** Present-check of the metrics, the gate query (with or without a serving version) and its verdict. */
export function gateStates(p: GateStatesParams, results: Record<string, unknown>): s.States {
  const metrics = gatedMetrics(p.gate);
  const missing = (root: string) => ({
    Or: metrics.map((m) => ({ Not: { Variable: `${root}.metrics.${m}`, IsPresent: true } })),
  });
  const missingError = (root: string, which: string) => ({
    Type: "Pass",
    Parameters: {
      Error: "MetricsMissing",
      "Cause.$": format(
        [`The ${which} metrics lack a gated metric (${metrics.join(", ")}): `, ""],
        [`States.JsonToString(${root}.metrics)`],
      ),
    },
    ResultPath: "$.error",
    Next: NOTIFY_FAILURE,
  });
  const buildQuery = (withServing: boolean) => ({
    Type: "Pass",
    Parameters: {
      "query.$": format(gateQueryTemplate(p.gate, withServing), gateQueryArgs(p.gate, withServing)),
    },
    ResultPath: "$.gate",
    Next: "EvaluateGate",
  });
  return {
    CheckCandidateMetrics: {
      Type: "Choice",
      Choices: [{ ...missing("$.candidate"), Next: "CandidateMetricsMissing" }],
      Default: p.hasCampaign ? "DescribeCampaign" : "BuildGateQuery",
    },
    CandidateMetricsMissing: missingError("$.candidate", "candidate"),
    ...(p.hasCampaign
      ? {
          CheckServingMetrics: {
            Type: "Choice",
            Choices: [{ ...missing("$.serving"), Next: "ServingMetricsMissing" }],
            Default: "BuildRegressionGateQuery",
          },
          ServingMetricsMissing: missingError("$.serving", "serving version's"),
          BuildRegressionGateQuery: buildQuery(true),
        }
      : {}),
    BuildGateQuery: buildQuery(false),
    EvaluateGate: {
      Type: "Task",
      Comment: "ASL cannot multiply: the relative-regression check runs as SQL over literals",
      Resource: s.ATHENA_QUERY_SYNC,
      Parameters: {
        "QueryString.$": "$.gate.query",
        WorkGroup: p.workgroup,
        ResultConfiguration: results,
      },
      ResultSelector: { "queryExecutionId.$": "$.QueryExecution.QueryExecutionId" },
      ResultPath: "$.gate.execution",
      Retry: [s.ATHENA_THROTTLE_RETRY],
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "ReadGateVerdict",
    },
    ReadGateVerdict: {
      Type: "Task",
      Resource: s.sdk("athena", "getQueryResults"),
      Parameters: { "QueryExecutionId.$": "$.gate.execution.queryExecutionId" },
      ResultSelector: {
        "verdict.$": "$.ResultSet.Rows[1].Data[0].VarCharValue",
        "reasons.$": "$.ResultSet.Rows[1].Data[1].VarCharValue",
      },
      ResultPath: "$.gate.result",
      Retry: [s.ATHENA_THROTTLE_RETRY],
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "CheckGate",
    },
    CheckGate: {
      Type: "Choice",
      Choices: [
        {
          Variable: "$.gate.result.verdict",
          StringEquals: "pass",
          Next: p.hasCampaign ? "ChooseCampaignAction" : "NotifyTrained",
        },
      ],
      Default: "NotifyRejected",
    },
  };
}
