import {
  GetExecutionHistoryCommand,
  HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { TrainDeps, findStateMachineArn, runTrain } from "../../cli/train";

const SM = "arn:aws:states:eu-west-1:123456789012:stateMachine:training-abc1234";
const EXEC = "arn:aws:states:eu-west-1:123456789012:execution:training-abc1234:cli-20261126032236";
const t = (s: number) => new Date(Date.UTC(2026, 10, 26, 3, 0, s));
const entered = (
  id: number,
  name: string,
  type: HistoryEvent["type"] = "TaskStateEntered",
): HistoryEvent => ({
  id,
  type,
  timestamp: t(id),
  stateEnteredEventDetails: { name },
});

describe("npm run train", () => {
  const sfn = mockClient(SFNClient);
  let lines: string[];
  let pulumiCalls: string[][];
  const deps = (
    pulumi: TrainDeps["pulumi"] = async () => JSON.stringify({ trainingStateMachineArn: SM }),
  ): TrainDeps => ({
    pulumi: async (args) => {
      pulumiCalls.push(args);
      return pulumi(args);
    },
    sfn: (region) =>
      new SFNClient({ region, credentials: { accessKeyId: "a", secretAccessKey: "b" } }),
    sleep: async () => {},
    log: (line) => lines.push(line),
    now: () => new Date("2026-11-26T03:22:36.123Z"),
    pollMs: 0,
  });
  beforeEach(() => {
    sfn.reset();
    lines = [];
    pulumiCalls = [];
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXEC, startDate: t(0) });
  });
  after(() => sfn.restore());

  it("refuses --mode UPDATE before starting anything when the stack's recipe trains FULL only", async () => {
    const outputs = async () =>
      JSON.stringify({ trainingStateMachineArn: SM, trainingModes: ["FULL"] });
    expect(await runTrain(["--stack", "prod", "--mode", "UPDATE"], deps(outputs))).to.equal(2);
    expect(lines).to.deep.equal([
      "train: --mode UPDATE is not accepted by stack prod's solution: its recipe trains FULL versions only (stack output trainingModes). Fix: pass --mode FULL, or leave --mode out.",
    ]);
    expect(sfn.commandCalls(StartExecutionCommand)).to.have.length(0);
    expect(await runTrain(["--stack", "prod", "--mode", "FULL"], deps(outputs))).to.equal(0);
  });

  it("starts the stack's pipeline in the requested mode and returns without --wait", async () => {
    expect(await runTrain(["--stack", "prod", "--mode", "UPDATE"], deps())).to.equal(0);
    expect(pulumiCalls).to.deep.equal([["stack", "output", "--json", "--stack", "prod"]]);
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).to.deep.equal({
      stateMachineArn: SM,
      name: "cli-20261126032236",
      input: '{"trainingMode":"UPDATE","trigger":"cli"}',
    });
    expect(lines[0]).to.equal(`started ${EXEC}`);
    expect(sfn.commandCalls(GetExecutionHistoryCommand)).to.have.length(0);
  });

  it("--wait prints progress state by state across polls and pages, and exits 0 on SUCCEEDED", async () => {
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({
        events: [
          { id: 1, type: "ExecutionStarted", timestamp: t(1) },
          entered(2, "ResolveTrainingMode", "ChoiceStateEntered"),
        ],
      })
      .resolvesOnce({
        events: [{ id: 1, type: "ExecutionStarted", timestamp: t(1) }],
        nextToken: "p2",
      })
      .resolvesOnce({
        events: [
          entered(2, "ResolveTrainingMode", "ChoiceStateEntered"),
          entered(3, "CreateSolutionVersion"),
          { id: 4, type: "ExecutionSucceeded", timestamp: t(4) },
        ],
      });
    expect(await runTrain(["--stack", "prod", "--wait"], deps())).to.equal(0);
    expect(lines.slice(2)).to.deep.equal([
      "03:00:02  → ResolveTrainingMode",
      "03:00:03  → CreateSolutionVersion",
      "03:00:04  ✓ execution succeeded",
      "result: SUCCEEDED",
    ]);
    expect(
      sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input.nextToken),
    ).to.deep.equal([undefined, undefined, "p2"]);
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input).to.equal(
      '{"trigger":"cli"}',
    );
  });

  it("--wait says why a run ended at the data-readiness gate (a success: nothing to alarm on)", async () => {
    const reasons = "640 interactions in the last 90 days; training needs at least 1000";
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        entered(1, "DataShort", "SucceedStateEntered"),
        {
          id: 2,
          type: "ExecutionSucceeded",
          timestamp: t(2),
          executionSucceededEventDetails: {
            output: JSON.stringify({ verdict: "short", reasons, interactions: "640", users: "30" }),
          },
        },
      ],
    });
    expect(await runTrain(["--stack", "prod", "--wait"], deps())).to.equal(0);
    expect(lines.slice(2)).to.deep.equal([
      "03:00:01  → DataShort",
      `03:00:02  ✓ execution succeeded without training: ${reasons}`,
      "result: SUCCEEDED",
    ]);
  });

  it("--wait exits 1 when the run fails or the gate rejects, printing the error", async () => {
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        entered(1, "NotifyRejected"),
        {
          id: 2,
          type: "ExecutionFailed",
          timestamp: t(2),
          executionFailedEventDetails: {
            error: "MetricsGateRejected",
            cause: "precision_at_10 is below the minimum 0.01",
          },
        },
      ],
    });
    expect(await runTrain(["--stack", "prod", "--wait"], deps())).to.equal(1);
    expect(lines.slice(-2)).to.deep.equal([
      "03:00:02  ✗ execution failed: MetricsGateRejected: precision_at_10 is below the minimum 0.01",
      "result: FAILED",
    ]);
  });

  it("uses --state-machine-arn without asking Pulumi", async () => {
    expect(await runTrain(["--state-machine-arn", SM], deps())).to.equal(0);
    expect(pulumiCalls).to.deep.equal([]);
  });

  it("says how to fix a missing Pulumi CLI", async () => {
    const missing = async () => {
      throw Object.assign(new Error("spawn pulumi ENOENT"), { code: "ENOENT" });
    };
    expect(await runTrain(["--stack", "prod"], deps(missing))).to.equal(2);
    expect(lines).to.deep.equal([
      "train: the Pulumi CLI is not installed, so the outputs of stack prod cannot be read. Fix: install it, or pass --state-machine-arn <arn>.",
    ]);
  });

  it("says how to fix a stack without the pipeline output", async () => {
    expect(
      await runTrain(
        ["--stack", "dev"],
        deps(async () => "{}"),
      ),
    ).to.equal(2);
    expect(lines).to.deep.equal([
      "train: stack dev has no trainingStateMachineArn or stateMachineArn output: it is not deployed yet, or deploys no training pipeline. Fix: run pulumi up --stack dev, or pass --state-machine-arn <arn>.",
    ]);
    expect(sfn.commandCalls(StartExecutionCommand)).to.have.length(0);
  });

  it("says how to fix missing AWS credentials", async () => {
    sfn.on(StartExecutionCommand).rejects(
      Object.assign(new Error("Could not load credentials from any providers"), {
        name: "CredentialsProviderError",
      }),
    );
    expect(await runTrain(["--stack", "prod"], deps())).to.equal(2);
    expect(lines).to.deep.equal([
      "train: no AWS credentials found. Fix: export AWS_PROFILE=<profile> (after aws sso login), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
    ]);
  });

  it("rejects bad arguments with the usage line", async () => {
    expect(await runTrain(["--stack", "prod", "--mode", "PARTIAL"], deps())).to.equal(2);
    expect(lines).to.deep.equal(
      [
        '--mode is "PARTIAL"; it must be FULL or UPDATE.\nusage: npm run train -- --stack <name> [--mode FULL|UPDATE] [--wait] [--state-machine-arn <arn>]',
      ].map((l) => `train: ${l}`),
    );
    lines = [];
    expect(await runTrain([], deps())).to.equal(2);
    expect(lines[0]).to.equal(
      "train: --stack or --state-machine-arn is required.\nusage: npm run train -- --stack <name> [--mode FULL|UPDATE] [--wait] [--state-machine-arn <arn>]",
    );
  });

  it("finds the ARN at the top level or inside a grouped output", () => {
    expect(findStateMachineArn({ personalize: { stateMachineArn: SM } })).to.equal(SM);
    expect(
      findStateMachineArn({ trainingStateMachineArn: SM, stateMachineArn: "arn:other" }),
    ).to.equal(SM);
    expect(findStateMachineArn({ stateMachineArn: "not-an-arn" })).to.equal(undefined);
  });
});
