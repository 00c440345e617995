/**
 * The data-readiness gate in the state machine: count the lookback window on Athena, read the
 * verdict, and either refresh the datasets or end the run with a notice. Short data is the
 * expected state of a young stack, not a fault: the run ends in a Succeed state whose output is
 * the reason, so no failure alarm fires and the next scheduled run checks again.
 */
import type { CatalogueKind } from "../../events/catalogue";
import { fmt, ref } from "./intrinsics";
import { READINESS_COLUMNS, type ReadinessThresholds, readinessQuery } from "./readiness";
import * as s from "./states";
import { NOTIFY_FAILURE } from "./states";

export interface ReadinessStatesParams {
  readonly thresholds: ReadinessThresholds;
  readonly lake: {
    readonly database: string;
    readonly eventsTable: string;
    readonly lookbackDays: number;
  };
  readonly workgroup: string;
  /** ResultConfiguration of the count query (location and encryption). */
  readonly resultConfiguration: Record<string, unknown>;
  /** Catalogues the run imports: their row counts decide whether each import runs. */
  readonly catalogues: readonly CatalogueKind[];
  readonly topicArn: string;
  /** Where a ready run goes on. */
  readonly next: string;
}

export const READINESS_START = "CountTrainingData";

/** `$.readiness.<kind>Rows`: the catalogue's rows as text ("0" when empty). */
export const catalogueRowsPath = (kind: CatalogueKind) => `$.readiness.${kind}Rows`;

export function readinessStates(p: ReadinessStatesParams): s.States {
  const column = (i: number) => `$.ResultSet.Rows[1].Data[${i}].VarCharValue`;
  const selector: Record<string, string> = Object.fromEntries(
    READINESS_COLUMNS.map((name, i) => [`${name}.$`, column(i)]),
  );
  p.catalogues.forEach((kind, i) => {
    selector[`${kind}Rows.$`] = column(READINESS_COLUMNS.length + i);
  });
  return {
    [READINESS_START]: {
      Type: "Task",
      Comment: `Personalize trains on at least ${p.thresholds.minInteractions} interactions from ${p.thresholds.minUsers} users with two or more each: count the export's window first`,
      Resource: s.ATHENA_QUERY_SYNC,
      Parameters: {
        QueryString: readinessQuery(
          {
            database: p.lake.database,
            table: p.lake.eventsTable,
            lookbackDays: p.lake.lookbackDays,
          },
          p.thresholds,
          p.catalogues,
        ),
        WorkGroup: p.workgroup,
        QueryExecutionContext: { Database: p.lake.database },
        ResultConfiguration: p.resultConfiguration,
      },
      ResultSelector: { "queryExecutionId.$": "$.QueryExecution.QueryExecutionId" },
      ResultPath: "$.readinessQuery",
      Retry: [s.ATHENA_THROTTLE_RETRY],
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "ReadTrainingData",
    },
    ReadTrainingData: {
      Type: "Task",
      Resource: s.sdk("athena", "getQueryResults"),
      Parameters: { "QueryExecutionId.$": "$.readinessQuery.queryExecutionId" },
      ResultSelector: selector,
      ResultPath: "$.readiness",
      Retry: [s.ATHENA_THROTTLE_RETRY],
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "CheckTrainingData",
    },
    CheckTrainingData: {
      Type: "Choice",
      Choices: [{ Variable: "$.readiness.verdict", StringEquals: "ready", Next: p.next }],
      Default: "NotifyDataShort",
    },
    NotifyDataShort: {
      Type: "Task",
      Resource: s.SNS_PUBLISH,
      Parameters: {
        TopicArn: p.topicArn,
        Subject: "Personalize training skipped: not enough data yet",
        "Message.$": fmt`Run ${ref("$$.Execution.Name")} did not train: ${ref("$.readiness.reasons")}. Nothing was imported or changed; the next scheduled run counts again.`,
      },
      ResultPath: null,
      Retry: [s.SNS_THROTTLE_RETRY],
      Catch: s.catchAll(NOTIFY_FAILURE),
      Next: "DataShort",
    },
    DataShort: {
      Type: "Succeed",
      Comment: "Not a failure: the run's output is the readiness verdict with its reasons",
      OutputPath: "$.readiness",
    },
  };
}

/**
 * Wraps a catalogue's import branch so an empty catalogue (no team uploaded one yet) skips its
 * import instead of failing the run: Personalize rejects an import job with no records.
 */
export function skipEmptyCatalogue(
  kind: CatalogueKind,
  branch: { StartAt: string; States: s.States },
): { StartAt: string; States: s.States } {
  const t = kind[0].toUpperCase() + kind.slice(1);
  return {
    StartAt: `Check${t}Catalogue`,
    States: {
      [`Check${t}Catalogue`]: {
        Type: "Choice",
        Choices: [
          { Variable: catalogueRowsPath(kind), StringEquals: "0", Next: `${t}CatalogueEmpty` },
        ],
        Default: branch.StartAt,
      },
      [`${t}CatalogueEmpty`]: {
        Type: "Succeed",
        Comment: `The ${kind} catalogue holds no rows: the dataset keeps what it had`,
      },
      ...branch.States,
    },
  };
}
