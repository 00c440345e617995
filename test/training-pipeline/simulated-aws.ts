/**
 * A simulated AWS for local executions of the training state machine with aws-local-stepfunctions:
 * each Task state is overridden by a function answering like the service's API would (PascalCase
 * shapes of the AWS SDK integrations, errors named `Service.Exception`), the exports' header step
 * runs the real handler on an in-memory lake, imports fail like Personalize on a file whose header
 * is not the dataset's unquoted columns, and the metrics-gate query is run for real on DuckDB, so
 * the gate's SQL is what decides.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { StateMachine } from "aws-local-stepfunctions";
import { type DatasetKind, EXPORT_COLUMNS } from "../../components/training-pipeline";
import { measureGuardrail } from "../../components/training-pipeline/ctr-guardrail/handler";
import { exportCsv, simulatedLake } from "./simulated-s3";
import { simulatedViewClient, spread, viewRow } from "./simulated-view";

// aws-local-stepfunctions targets Node 22; Node 20 lacks Promise.withResolvers.
if (!(Promise as any).withResolvers) {
  (Promise as any).withResolvers = function withResolvers<T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

// asl-validator ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator: (definition: object) => {
  isValid: boolean;
  errors: { message: string }[];
} = require("asl-validator");

/** Problems asl-validator finds in a definition (empty when valid). */
export function validateAsl(definition: object): string[] {
  const { isValid, errors } = aslValidator(definition);
  return isValid ? [] : errors.map((e) => e.message);
}

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const arn = (resource: string) => `arn:aws:personalize:${REGION}:${ACCOUNT}:${resource}`;

/** An error as the SDK integration raises it; Catch and Retry match on `name`. */
export function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export interface World {
  /** Dataset kind whose import job ends CREATE FAILED. */
  readonly failImport?: "interactions" | "items" | "users";
  /** The solution version ends CREATE FAILED. */
  readonly failTraining?: boolean;
  readonly candidateMetrics: Record<string, number>;
  /** The campaign that serves now; absent on first deploy. */
  readonly servingCampaign?: {
    readonly solutionVersionArn: string;
    readonly metrics: Record<string, number>;
  };
  /** Header Athena writes for a dataset's export, when not its EXPORT_COLUMNS (a query out of step). */
  readonly exportHeaders?: Partial<Record<DatasetKind, readonly string[]>>;
  /**
   * What the readiness query's result row says (verdict, reasons, interactions, users, then the
   * catalogues' row counts). @default enough data, non-empty catalogues
   */
  readonly readiness?: readonly string[];
  /**
   * The real-time view's clicks and impressions in the guardrail's windows (spread over their
   * minutes), and in the minutes of the update itself, which the guardrail must leave out.
   */
  readonly view?: {
    readonly before: { readonly impressions: number; readonly clicks: number };
    readonly after: { readonly impressions: number; readonly clicks: number };
    readonly duringUpdate?: { readonly impressions: number; readonly clicks: number };
  };
  /** Calls answered with a throttling error before succeeding, per state name. */
  readonly throttle?: Readonly<Record<string, number>>;
}

export interface RunResult {
  readonly status: "SUCCEEDED" | "FAILED";
  readonly output?: unknown;
  readonly error?: { readonly Error: string; readonly Cause: string };
  /** States entered, in order (including those inside parallel branches). */
  readonly visited: string[];
  /** Every API call the state machine made: state name → inputs. */
  readonly calls: { readonly state: string; readonly input: any }[];
  /** What the simulated services answered, state by state (successful calls only). */
  readonly answers: { readonly state: string; readonly output: unknown }[];
  readonly notifications: {
    readonly Subject: string;
    readonly Message: string;
    readonly TopicArn: string;
  }[];
  readonly gateQueries: string[];
  /** The readiness queries sent to Athena. */
  readonly readinessQueries: string[];
  /** The guardrail function's answers. */
  readonly guardrailResults: unknown[];
  readonly retries: string[];
  /** The lake's objects after the run: `s3://bucket/key` → bytes. */
  readonly objects: Map<string, Buffer>;
  /** The S3 commands the export-header function sent. */
  readonly s3Commands: readonly { readonly command: object }[];
}

async function runSql(sql: string): Promise<string[][]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return [
      reader.columnNames(),
      ...reader.getRows().map((row) => row.map((v) => (v === null ? "" : String(v)))),
    ];
  } finally {
    connection.closeSync();
  }
}

export async function runPipeline(
  definition: object,
  world: World,
  input: object = {},
): Promise<RunResult> {
  const calls: { state: string; input: any }[] = [];
  const answers: { state: string; output: unknown }[] = [];
  const notifications: RunResult["notifications"] = [];
  const gateQueries: string[] = [];
  const readinessQueries: string[] = [];
  const guardrailResults: unknown[] = [];
  const results = new Map<string, string[][]>();
  const throttled = new Map<string, number>();
  const imports = new Map<string, string>();
  const importFailures = new Map<string, string>();
  const lake = simulatedLake(lakeKeyOf(definition));
  let campaignCreated = false;
  let queryCount = 0;

  const handler =
    (state: string, answer: (input: any) => unknown | Promise<unknown>) => async (i: any) => {
      calls.push({ state, input: i });
      const left = (world.throttle?.[state] ?? 0) - (throttled.get(state) ?? 0);
      if (left > 0) {
        throttled.set(state, (throttled.get(state) ?? 0) + 1);
        throw awsError(
          state.includes("Export") || state.includes("Gate")
            ? "Athena.TooManyRequestsException"
            : state.includes("Unquote")
              ? "Lambda.TooManyRequestsException"
              : "Personalize.LimitExceededException",
          "Rate exceeded",
        );
      }
      const output = await answer(i);
      answers.push({ state, output });
      return output;
    };
  const exportQuery = (i: any) => {
    const id = `q-${++queryCount}`;
    return {
      QueryExecution: {
        QueryExecutionId: id,
        Status: { State: "SUCCEEDED" },
        ResultConfiguration: { OutputLocation: `${i.ResultConfiguration.OutputLocation}${id}.csv` },
      },
    };
  };
  const kinds = ["Interactions", "Items", "Users"];
  const overrides: Record<string, (input: any) => Promise<any>> = {};
  for (const t of kinds) {
    const kind = t.toLowerCase();
    overrides[`Export${t}`] = handler(`Export${t}`, (i) => {
      const answer = exportQuery(i);
      const location = answer.QueryExecution.ResultConfiguration.OutputLocation;
      lake.objects.set(
        location,
        exportCsv(kind as DatasetKind, world.exportHeaders?.[kind as DatasetKind]),
      );
      return answer;
    });
    overrides[`Unquote${t}Header`] = handler(`Unquote${t}Header`, (i) =>
      lake.invokeUnquoteHeader(i.Payload),
    );
    overrides[`Import${t}`] = handler(`Import${t}`, (i) => {
      const jobArn = arn(`dataset-import-job/${i.JobName}`);
      imports.set(jobArn, kind);
      // Personalize reads the file when the job runs: its header must be the unquoted columns.
      const file = lake.objects.get(i.DataSource.DataLocation);
      const header = file?.toString("utf8").split("\n")[0];
      const expected = EXPORT_COLUMNS[kind as DatasetKind].join(",");
      if (header !== expected) {
        importFailures.set(
          jobArn,
          `The CSV header of ${i.DataSource.DataLocation} is not ${expected} (unquoted)`,
        );
      } else if (world.failImport === kind) {
        importFailures.set(jobArn, "Input CSV is missing the following columns: [TIMESTAMP]");
      }
      return { DatasetImportJobArn: jobArn };
    });
    overrides[`Describe${t}Import`] = handler(`Describe${t}Import`, (i) => {
      const reason = importFailures.get(i.DatasetImportJobArn);
      return {
        DatasetImportJob: {
          DatasetImportJobArn: i.DatasetImportJobArn,
          Status: reason ? "CREATE FAILED" : "ACTIVE",
          ...(reason ? { FailureReason: reason } : {}),
        },
      };
    });
  }
  const candidateArn = arn("solution-version/reco-solution/candidate");
  Object.assign(overrides, {
    CreateSolutionVersion: handler("CreateSolutionVersion", () => ({
      SolutionVersionArn: candidateArn,
    })),
    DescribeTraining: handler("DescribeTraining", (i) => ({
      SolutionVersion: {
        SolutionVersionArn: i.SolutionVersionArn,
        Status: world.failTraining ? "CREATE FAILED" : "ACTIVE",
        ...(world.failTraining ? { FailureReason: "Not enough interactions to train" } : {}),
      },
    })),
    GetCandidateMetrics: handler("GetCandidateMetrics", (i) => ({
      SolutionVersionArn: i.SolutionVersionArn,
      Metrics: world.candidateMetrics,
    })),
    DescribeCampaign: handler("DescribeCampaign", (i) => {
      if (!world.servingCampaign)
        throw awsError(
          "Personalize.ResourceNotFoundException",
          `Could not find resource ${i.CampaignArn}`,
        );
      return {
        Campaign: {
          CampaignArn: i.CampaignArn,
          Status: "ACTIVE",
          SolutionVersionArn: world.servingCampaign.solutionVersionArn,
        },
      };
    }),
    GetServingMetrics: handler("GetServingMetrics", (i) => ({
      SolutionVersionArn: i.SolutionVersionArn,
      Metrics: world.servingCampaign!.metrics,
    })),
    EvaluateGate: handler("EvaluateGate", async (i) => {
      gateQueries.push(i.QueryString);
      const answer = exportQuery(i);
      results.set(answer.QueryExecution.QueryExecutionId, await runSql(i.QueryString));
      return answer;
    }),
    ReadGateVerdict: handler("ReadGateVerdict", (i) => ({
      ResultSet: {
        Rows: results
          .get(i.QueryExecutionId)!
          .map((row) => ({ Data: row.map((v) => ({ VarCharValue: v })) })),
      },
    })),
    CountTrainingData: handler("CountTrainingData", (i) => {
      readinessQueries.push(i.QueryString);
      return exportQuery(i);
    }),
    ReadTrainingData: handler("ReadTrainingData", () => ({
      ResultSet: {
        Rows: [
          ["verdict", "reasons", "interactions", "users", "items_rows", "users_rows"],
          world.readiness ?? ["ready", "enough data", "5000", "120", "40", "120"],
        ].map((row) => ({ Data: row.map((v) => ({ VarCharValue: v })) })),
      },
    })),
    MeasureGuardrail: handler("MeasureGuardrail", async (i) => {
      const event = i.Payload;
      const requested = Date.parse(event.requestedAt);
      const serving = Date.parse(event.servingSince);
      const w = event.windowMinutes;
      const view = world.view ?? {
        before: { impressions: 2000, clicks: 100 },
        after: { impressions: 2000, clicks: 100 },
      };
      const minute = 60_000;
      const beforeStart = Math.floor(requested / minute) * minute - w * minute;
      const afterStart = Math.ceil(serving / minute) * minute;
      const rows = [
        ...spread("home-rfy", beforeStart, w, view.before.impressions, view.before.clicks),
        ...spread("home-rfy", afterStart, w, view.after.impressions, view.after.clicks),
        // The minute the update was asked for and the one it served in: both versions answer.
        ...(view.duringUpdate
          ? [
              viewRow(
                "home-rfy",
                Math.floor(requested / minute) * minute,
                view.duringUpdate.impressions,
                view.duringUpdate.clicks,
              ),
            ]
          : []),
      ];
      const result = await measureGuardrail(simulatedViewClient(rows) as any, "reco-view", event);
      guardrailResults.push(result);
      return { StatusCode: 200, Payload: result };
    }),
    RollbackCampaign: handler("RollbackCampaign", (i) => ({ CampaignArn: i.CampaignArn })),
    DescribeRollback: handler("DescribeRollback", (i) => ({
      Campaign: {
        CampaignArn: i.CampaignArn,
        Status: "ACTIVE",
        LatestCampaignUpdate: { Status: "ACTIVE" },
      },
    })),
    CreateCampaign: handler("CreateCampaign", (i) => {
      campaignCreated = true;
      return { CampaignArn: arn(`campaign/${i.Name}`) };
    }),
    UpdateCampaign: handler("UpdateCampaign", (i) => ({ CampaignArn: i.CampaignArn })),
    DescribeCampaignDeployment: handler("DescribeCampaignDeployment", (i) => ({
      Campaign: campaignCreated
        ? { CampaignArn: i.CampaignArn, Status: "ACTIVE" }
        : {
            CampaignArn: i.CampaignArn,
            Status: "ACTIVE",
            LatestCampaignUpdate: { Status: "ACTIVE" },
          },
    })),
  });
  for (const notify of [
    "NotifySucceeded",
    "NotifyTrained",
    "NotifyRejected",
    "NotifyFailure",
    "NotifyDataShort",
    "NotifyGuardrailKept",
    "NotifyRolledBack",
  ]) {
    overrides[notify] = handler(notify, (i) => {
      notifications.push({ Subject: i.Subject, Message: i.Message, TopicArn: i.TopicArn });
      return { MessageId: `m-${notifications.length}` };
    });
  }

  const machine = new StateMachine(definition as any);
  const waits = Object.fromEntries(
    Object.entries((definition as any).States as Record<string, any>)
      .flatMap(([name, state]) =>
        state.Type === "Parallel"
          ? Object.entries(
              state.Branches.flatMap((b: any) => Object.entries(b.States)).reduce(
                (a: any, [n, s]: any) => ({ ...a, [n]: s }),
                {},
              ),
            )
          : [[name, state]],
      )
      .filter(([, state]: any) => state.Type === "Wait")
      .map(([name]) => [name, 0]),
  );
  const retryNames = Object.keys(overrides);
  const execution = machine.run(input as any, {
    overrides: {
      taskResourceLocalHandlers: overrides,
      waitTimeOverrides: waits,
      retryIntervalOverrides: Object.fromEntries(retryNames.map((n) => [n, 0])),
    },
    // The library fills no context of its own: every state "enters" at this one instant, which
    // falls mid-minute so the guardrail's minute boundaries are exercised.
    context: {
      Execution: { Name: "run-2026-11-26", StartTime: "2026-11-26T03:00:00.000Z" },
      State: { EnteredTime: "2026-11-26T05:30:20.000Z" },
    } as any,
  });
  const visited: string[] = [];
  const retries: string[] = [];
  let failure: { Error: string; Cause: string } | undefined;
  const logging = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === "StateEntered") visited.push(event.state.name);
      if (event.type === "StateRetried") retries.push(event.state.name);
      if (event.type === "ExecutionFailed")
        failure = { Error: event.Error, Cause: String(event.Cause) };
    }
  })();
  const objects = lake.objects;
  const s3Commands = lake.sent;
  try {
    const output = await execution.result;
    await logging;
    return {
      status: "SUCCEEDED",
      output,
      visited,
      calls,
      answers,
      notifications,
      gateQueries,
      readinessQueries,
      guardrailResults,
      retries,
      objects,
      s3Commands: s3Commands(),
    };
  } catch (error) {
    await logging;
    return {
      status: "FAILED",
      error: failure ?? { Error: "Unknown", Cause: String(error) },
      visited,
      calls,
      answers,
      notifications,
      gateQueries,
      readinessQueries,
      guardrailResults,
      retries,
      objects,
      s3Commands: s3Commands(),
    };
  } finally {
    lake.restore();
  }
}

/** The lake key the definition's export queries encrypt with: the one the header step must use. */
function lakeKeyOf(definition: object): string {
  const branch = (definition as any).States.RefreshDatasets.Branches[0];
  return branch.States[branch.StartAt].Parameters.ResultConfiguration.EncryptionConfiguration
    .KmsKey;
}
