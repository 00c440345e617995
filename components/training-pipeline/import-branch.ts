/**
 * One branch of the parallel dataset refresh: Athena exports the dataset's CSV, a Lambda unquotes
 * its header (Athena quotes it, Personalize refuses a quoted header) into the execution's import
 * file, and a FULL import job loads that file, polled until it is ACTIVE or failed.
 */
import { type DatasetKind, EXPORT_QUERIES } from "./export-sql";
import { fmt, ref } from "./intrinsics";
import * as s from "./states";

export interface ImportBranchParams {
  readonly kind: DatasetKind;
  readonly datasetArn: string;
  readonly lake: {
    readonly database: string;
    readonly eventsTable: string;
    readonly lookbackDays: number;
  };
  readonly workgroup: string;
  /** ResultConfiguration of the export query (location and encryption). */
  readonly resultConfiguration: Record<string, unknown>;
  readonly unquoteHeaderFunctionArn: string;
  readonly personalizeRoleArn: string;
  readonly pollSeconds: number;
}

export const title = (kind: string) => kind[0].toUpperCase() + kind.slice(1);

export function importBranch(p: ImportBranchParams): { StartAt: string; States: s.States } {
  const { kind } = p;
  const t = title(kind);
  return {
    StartAt: `Export${t}`,
    States: {
      [`Export${t}`]: {
        Type: "Task",
        Comment: `SELECT the ${kind} CSV (with header); the workgroup writes it under personalize/athena/`,
        Resource: s.ATHENA_QUERY_SYNC,
        Parameters: {
          QueryString: EXPORT_QUERIES[kind]({
            database: p.lake.database,
            table: p.lake.eventsTable,
            lookbackDays: p.lake.lookbackDays,
          }),
          WorkGroup: p.workgroup,
          QueryExecutionContext: { Database: p.lake.database },
          ResultConfiguration: p.resultConfiguration,
        },
        ResultSelector: { "location.$": "$.QueryExecution.ResultConfiguration.OutputLocation" },
        ResultPath: "$.export",
        Retry: [s.ATHENA_THROTTLE_RETRY],
        Next: `Unquote${t}Header`,
      },
      [`Unquote${t}Header`]: {
        Type: "Task",
        Comment: `Rewrite the quoted header into personalize/imports/<execution>/${kind}.csv (the rows are copied by S3)`,
        Resource: s.LAMBDA_INVOKE,
        Parameters: {
          FunctionName: p.unquoteHeaderFunctionArn,
          Payload: {
            kind,
            "source.$": "$.export.location",
            "destination.$": fmt`${ref("$.run.importPrefix")}${kind}.csv`,
          },
        },
        ResultSelector: { "location.$": "$.Payload.location" },
        ResultPath: "$.importFile",
        Retry: [s.LAMBDA_SERVICE_RETRY],
        Next: `Import${t}`,
      },
      [`Import${t}`]: {
        Type: "Task",
        Resource: s.sdk("personalize", "createDatasetImportJob"),
        Parameters: {
          "JobName.$": fmt`${ref("$.run.id")}-${kind}`,
          DatasetArn: p.datasetArn,
          DataSource: { "DataLocation.$": "$.importFile.location" },
          RoleArn: p.personalizeRoleArn,
          // FULL replaces what earlier bulk imports wrote, so the dataset is exactly the lookback
          // window; events recorded in real time with PutEvents are kept.
          ImportMode: "FULL",
        },
        ResultSelector: { "arn.$": "$.DatasetImportJobArn" },
        ResultPath: "$.importJob",
        Retry: [s.PERSONALIZE_THROTTLE_RETRY],
        Next: `Wait${t}Import`,
      },
      ...s.pollLoop({
        stem: `${t}Import`,
        seconds: p.pollSeconds,
        describe: {
          Type: "Task",
          Resource: s.sdk("personalize", "describeDatasetImportJob"),
          Parameters: { "DatasetImportJobArn.$": "$.importJob.arn" },
          ResultSelector: {
            "status.$": "$.DatasetImportJob.Status",
            "job.$": "$.DatasetImportJob",
          },
          ResultPath: "$.importStatus",
          Retry: [s.PERSONALIZE_THROTTLE_RETRY],
        },
        choices: [
          { Variable: "$.importStatus.status", StringEquals: "ACTIVE", Next: `${t}Imported` },
          {
            Variable: "$.importStatus.status",
            StringEquals: "CREATE FAILED",
            Next: `Describe${t}ImportFailure`,
          },
        ],
      }),
      [`Describe${t}ImportFailure`]: {
        Type: "Pass",
        Parameters: {
          Error: "DatasetImportFailed",
          "Cause.$": fmt`The ${kind} import job ${ref("$.importJob.arn")} failed: ${ref("States.JsonToString($.importStatus.job)")}`,
        },
        ResultPath: "$.failure",
        Next: `${t}ImportFailed`,
      },
      [`${t}ImportFailed`]: {
        Type: "Fail",
        ErrorPath: "$.failure.Error",
        CausePath: "$.failure.Cause",
      },
      [`${t}Imported`]: { Type: "Succeed" },
    },
  };
}
