/**
 * `npm run train -- --stack <name> [--mode FULL|UPDATE] [--wait] [--state-machine-arn <arn>]`:
 * starts the Personalize training pipeline of a stack and, with --wait, follows it state by state
 * and exits with its result (0 only when the execution SUCCEEDED).
 */
import { execFile } from "node:child_process";
import { parseArgs } from "node:util";
import {
  ExecutionStatus,
  GetExecutionHistoryCommand,
  HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";

/** Stack outputs that may hold the state machine ARN, in order of preference. */
export const OUTPUT_KEYS = ["trainingStateMachineArn", "stateMachineArn"] as const;

export class TrainCliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "TrainCliError";
  }
}

export interface TrainDeps {
  /** Runs `pulumi <args>` and returns stdout; rejects with code ENOENT when the CLI is missing. */
  readonly pulumi: (args: string[]) => Promise<string>;
  readonly sfn: (region: string) => SFNClient;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
  readonly now: () => Date;
  /** Milliseconds between history polls. */
  readonly pollMs: number;
}

export interface TrainOptions {
  readonly help?: boolean;
  readonly stack?: string;
  readonly mode?: "FULL" | "UPDATE";
  readonly wait: boolean;
  readonly stateMachineArn?: string;
}

const USAGE =
  "usage: npm run train -- --stack <name> [--mode FULL|UPDATE] [--wait] [--state-machine-arn <arn>]";

const HELP = `${USAGE}

Starts the Personalize training pipeline of a deployed stack (its trainingStateMachineArn output,
read with the Pulumi CLI, or the ARN given) and, with --wait, follows it state by state.

Exit status: 0 started (with --wait: the execution succeeded); 1 the execution failed, or AWS
failed; 2 bad arguments, no credentials, or a state machine that cannot be found or used.`;

/** Step Functions' documented state machine ARN: the region is what the client is built for. */
const STATE_MACHINE_ARN =
  /^arn:aws[a-z-]*:states:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d:\d{12}:stateMachine:[\w-]{1,80}$/;

export function parseTrainArgs(argv: string[]): TrainOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" },
        mode: { type: "string" },
        wait: { type: "boolean", default: false },
        "state-machine-arn": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new TrainCliError(`${(error as Error).message}\n${USAGE}`);
  }
  if (parsed.help) return { help: true, wait: false };
  const arn = parsed["state-machine-arn"];
  if (arn !== undefined && !STATE_MACHINE_ARN.test(arn)) {
    throw new TrainCliError(
      `--state-machine-arn ${JSON.stringify(arn)} is not a Step Functions state machine ARN; it looks like arn:aws:states:<region>:<account>:stateMachine:<name>. Fix: copy trainingStateMachineArn from pulumi stack output, or pass --stack <name>`,
    );
  }
  if (parsed.mode !== undefined && parsed.mode !== "FULL" && parsed.mode !== "UPDATE") {
    throw new TrainCliError(
      `--mode is ${JSON.stringify(parsed.mode)}; it must be FULL or UPDATE.\n${USAGE}`,
    );
  }
  if (!parsed.stack && !parsed["state-machine-arn"]) {
    throw new TrainCliError(`--stack or --state-machine-arn is required.\n${USAGE}`);
  }
  return {
    stack: parsed.stack,
    mode: parsed.mode as TrainOptions["mode"],
    wait: parsed.wait ?? false,
    stateMachineArn: parsed["state-machine-arn"],
  };
}

/** Finds the ARN in `pulumi stack output --json`, at the top level or one level down. */
export function findStateMachineArn(outputs: Record<string, unknown>): string | undefined {
  const levels = [
    outputs,
    ...Object.values(outputs).filter(
      (v): v is Record<string, unknown> => !!v && typeof v === "object",
    ),
  ];
  for (const key of OUTPUT_KEYS) {
    for (const level of levels) {
      const value = level[key];
      if (typeof value === "string" && value.startsWith("arn:")) return value;
    }
  }
  return undefined;
}

async function resolveArn(options: TrainOptions, deps: TrainDeps): Promise<string> {
  if (options.stateMachineArn) return options.stateMachineArn;
  let stdout: string;
  try {
    stdout = await deps.pulumi(["stack", "output", "--json", "--stack", options.stack!]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new TrainCliError(
        `the Pulumi CLI is not installed, so the outputs of stack ${options.stack} cannot be read. Fix: install it, or pass --state-machine-arn <arn>.`,
      );
    }
    throw new TrainCliError(
      `pulumi stack output failed for stack ${options.stack}: ${(error as Error).message.trim()}`,
    );
  }
  const outputs = JSON.parse(stdout || "{}");
  const modes = outputs.trainingModes;
  if (options.mode && Array.isArray(modes) && !modes.includes(options.mode)) {
    throw new TrainCliError(
      `--mode ${options.mode} is not accepted by stack ${options.stack}'s solution: its recipe trains ${modes.join(" or ")} versions only (stack output trainingModes). Fix: pass --mode ${modes[0]}, or leave --mode out.`,
    );
  }
  const arn = findStateMachineArn(outputs);
  if (!arn) {
    throw new TrainCliError(
      `stack ${options.stack} has no ${OUTPUT_KEYS.join(" or ")} output: it is not deployed yet, or deploys no training pipeline. Fix: run pulumi up --stack ${options.stack}, or pass --state-machine-arn <arn>.`,
    );
  }
  return arn;
}

/** A run that ended at the data-readiness gate outputs its verdict: say why nothing trained. */
function skippedReason(output: string | undefined): string {
  try {
    const parsed = JSON.parse(output ?? "null");
    return parsed?.verdict === "short" ? ` without training: ${parsed.reasons}` : "";
  } catch {
    return "";
  }
}

/** A readable line per event worth showing: states entered, failures, and the end. */
export function describeEvent(event: HistoryEvent): string | undefined {
  const at = event.timestamp ? event.timestamp.toISOString().slice(11, 19) : "--:--:--";
  const failure = (d?: { error?: string; cause?: string }) =>
    `${d?.error ?? "error"}${d?.cause ? `: ${d.cause}` : ""}`;
  switch (event.type) {
    case "TaskStateEntered":
    case "ChoiceStateEntered":
    case "WaitStateEntered":
    case "PassStateEntered":
    case "ParallelStateEntered":
    case "SucceedStateEntered":
    case "FailStateEntered":
      return `${at}  → ${event.stateEnteredEventDetails?.name}`;
    case "TaskFailed":
      return `${at}  ✗ task failed: ${failure(event.taskFailedEventDetails)}`;
    case "ExecutionSucceeded":
      return `${at}  ✓ execution succeeded${skippedReason(event.executionSucceededEventDetails?.output)}`;
    case "ExecutionFailed":
      return `${at}  ✗ execution failed: ${failure(event.executionFailedEventDetails)}`;
    case "ExecutionTimedOut":
      return `${at}  ✗ execution timed out`;
    case "ExecutionAborted":
      return `${at}  ✗ execution aborted`;
    default:
      return undefined;
  }
}

const FINAL: Record<string, ExecutionStatus> = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionTimedOut: "TIMED_OUT",
  ExecutionAborted: "ABORTED",
};

/** Follows the execution's history until it ends; returns its final status. */
async function follow(
  sfn: SFNClient,
  executionArn: string,
  deps: TrainDeps,
): Promise<ExecutionStatus> {
  let seen = 0;
  for (;;) {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    for (const event of events.slice(seen)) {
      const line = describeEvent(event);
      if (line) deps.log(line);
      const status = event.type ? FINAL[event.type] : undefined;
      if (status) return status;
    }
    seen = events.length;
    await deps.sleep(deps.pollMs);
  }
}

export async function runTrain(argv: string[], deps: TrainDeps): Promise<number> {
  try {
    const options = parseTrainArgs(argv);
    if (options.help) {
      deps.log(HELP);
      return 0;
    }
    const stateMachineArn = await resolveArn(options, deps);
    const region = stateMachineArn.split(":")[3];
    const sfn = deps.sfn(region);
    const name = `cli-${deps
      .now()
      .toISOString()
      .replace(/[^0-9]/g, "")
      .slice(0, 14)}`;
    const input = JSON.stringify({
      ...(options.mode ? { trainingMode: options.mode } : {}),
      trigger: "cli",
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name, input }),
    );
    deps.log(`started ${executionArn}`);
    deps.log(
      `console: https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`,
    );
    if (!options.wait) return 0;
    const status = await follow(sfn, executionArn!, deps);
    deps.log(`result: ${status}`);
    return status === "SUCCEEDED" ? 0 : 1;
  } catch (error) {
    if (error instanceof TrainCliError) {
      deps.log(`train: ${error.message}`);
      return error.exitCode;
    }
    const name = (error as Error).name;
    if (name === "CredentialsProviderError") {
      deps.log(
        "train: no AWS credentials found. Fix: export AWS_PROFILE=<profile> (after aws sso login), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
      );
      return 2;
    }
    if (name === "StateMachineDoesNotExist" || name === "AccessDeniedException") {
      deps.log(`train: ${name}: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

export const defaultDeps: TrainDeps = {
  pulumi: (args) =>
    new Promise((resolve, reject) =>
      execFile("pulumi", args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        error
          ? reject(Object.assign(error, { message: stderr || error.message }))
          : resolve(stdout),
      ),
    ),
  sfn: (region) => new SFNClient({ region }),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  log: (line) => console.log(line),
  now: () => new Date(),
  pollMs: 15_000,
};

if (require.main === module) {
  // The SDK warns on Node 20 that releases after January 2027 will need Node 22; the lockfile pins
  // releases that support Node 20, so the warning is about versions this project does not install.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  runTrain(process.argv.slice(2), defaultDeps).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      // Not a usage or credentials problem: a defect or an AWS error the reader needs in full.
      console.error(error);
      process.exitCode = 1;
    },
  );
}
