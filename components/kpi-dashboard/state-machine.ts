/**
 * The daily materialisation as a Step Functions state machine (JSONata), built as data so tests
 * can validate and evaluate it. For each day to (re)compute and each KPI table it deletes the
 * day's partition objects and runs the KPI file's `INSERT INTO` on Athena with the day bound to
 * every `?`, so a rerun or a late-data recompute replaces the day instead of doubling it. No
 * Lambda: S3 and Athena are called through the service integrations.
 */
import { ATHENA_THROTTLE_RETRY, S3_TASK_RETRY } from "../shared/asl-retries";
import type { KpiParameter } from "./queries";

export interface MaterialisedTable {
  /** Glue table name, e.g. `kpi_channel_daily`. */
  readonly table: string;
  /** Key prefix of the table's data, e.g. `kpi/kpi_channel_daily/`. */
  readonly prefix: string;
  /** The `INSERT INTO … SELECT` with `?` placeholders. */
  readonly insertSql: string;
  /** What each `?` binds, in order; every one is the day being computed. */
  readonly parameters: readonly KpiParameter[];
}

export interface MaterialisationMachine {
  readonly bucketName: string;
  readonly databaseName: string;
  readonly workgroupName: string;
  readonly tables: readonly MaterialisedTable[];
  /**
   * Days before the scheduled day that each run recomputes: 1 is yesterday only; 2 also redoes
   * the day before, catching events that arrived after its first run.
   */
  readonly recomputeDays: number;
  /** Seconds one Athena INSERT may run before the task fails. */
  readonly queryTimeoutSeconds: number;
}

const DAY_MS = 86_400_000;

/**
 * The days to compute: `days` from the input for a backfill, else the `recomputeDays` UTC days
 * before the schedule's `scheduledTime` (EventBridge Scheduler's `<aws.scheduler.scheduled-time>`).
 */
export function daysExpression(recomputeDays: number): string {
  return (
    "{% $exists($states.input.days) ? $states.input.days : " +
    `$map([1..${recomputeDays}], function($d) { $fromMillis($toMillis($states.input.scheduledTime) - $d * ${DAY_MS}, '[Y0001]-[M01]-[D01]') }) %}`
  );
}

function stateName(kind: string, table: string): string {
  return `${kind} ${table}`;
}

/** One Parallel branch: empty the day's partition (in pages of up to 1,000 keys), then INSERT. */
function tableBranch(m: MaterialisationMachine, t: MaterialisedTable): Record<string, unknown> {
  const list = stateName("List", t.table);
  const remove = stateName("Delete", t.table);
  const insert = stateName("Insert", t.table);
  return {
    StartAt: list,
    States: {
      [list]: {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:s3:listObjectsV2",
        Arguments: {
          Bucket: m.bucketName,
          Prefix: `{% '${t.prefix}dt=' & $states.input & '/' %}`,
        },
        Output: { dt: "{% $states.input %}", keys: "{% [$states.result.Contents.Key] %}" },
        Retry: [S3_TASK_RETRY],
        Next: `${list}?`,
      },
      [`${list}?`]: {
        Type: "Choice",
        Choices: [{ Condition: "{% $count($states.input.keys) > 0 %}", Next: remove }],
        Default: insert,
        Output: "{% $states.input.dt %}",
      },
      [remove]: {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:s3:deleteObjects",
        Arguments: {
          Bucket: m.bucketName,
          Delete: {
            Objects: "{% [$map($states.input.keys, function($k) { { 'Key': $k } })] %}",
            Quiet: true,
          },
        },
        // Listed again until empty: a page holds at most 1,000 keys.
        Output: "{% $states.input.dt %}",
        Retry: [S3_TASK_RETRY],
        Next: list,
      },
      [insert]: {
        Type: "Task",
        Resource: "arn:aws:states:::athena:startQueryExecution.sync",
        Arguments: {
          QueryString: t.insertSql,
          WorkGroup: m.workgroupName,
          QueryExecutionContext: { Catalog: "AwsDataCatalog", Database: m.databaseName },
          // Athena binds each value as a SQL literal: a string needs its quotes.
          ExecutionParameters: t.parameters.map(() => `{% "'" & $states.input & "'" %}`),
        },
        TimeoutSeconds: m.queryTimeoutSeconds,
        Output: {
          table: t.table,
          dt: "{% $states.input %}",
          queryExecutionId: "{% $states.result.QueryExecution.QueryExecutionId %}",
        },
        Retry: [
          ATHENA_THROTTLE_RETRY,
          // A query can fail for a transient reason (S3 slow-down, a busy engine); one retry a
          // minute later, then the execution fails and its alarm fires.
          { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 60, MaxAttempts: 1 },
        ],
        End: true,
      },
    },
  };
}

export function materialisationDefinition(m: MaterialisationMachine): Record<string, unknown> {
  return {
    Comment: "Recompute the daily KPI tables under kpi/ from the events table, one day at a time",
    QueryLanguage: "JSONata",
    StartAt: "Days",
    States: {
      Days: {
        Type: "Pass",
        Output: { days: daysExpression(m.recomputeDays) },
        Next: "Each day",
      },
      "Each day": {
        Type: "Map",
        Items: "{% $states.input.days %}",
        // Days in order, one at a time: the workgroup's concurrency is shared with analysts.
        MaxConcurrency: 1,
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: "Each table",
          States: {
            "Each table": {
              Type: "Parallel",
              Branches: m.tables.map((t) => tableBranch(m, t)),
              End: true,
            },
          },
        },
        End: true,
      },
    },
  };
}
