import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import * as pulumi from "@pulumi/pulumi";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { deployExecutionName, pipelineTriggerProvider } from "../../components/training-pipeline";

const SM = "arn:aws:states:eu-west-1:123456789012:stateMachine:training-abc1234";
const INPUTS = {
  stateMachineArn: SM,
  configurationHash: "a".repeat(64),
  input: '{"trainingMode":"FULL","trigger":"deploy"}',
};

describe("PipelineTrigger provider", () => {
  const sfn = mockClient(SFNClient);
  beforeEach(() => {
    sfn.reset();
    sfn.on(StartExecutionCommand).resolves({
      executionArn: `${SM.replace("stateMachine", "execution")}:deploy-1`,
      startDate: new Date(),
    });
  });
  after(() => sfn.restore());

  it("create starts one execution with the deploy input and returns at once with its ARN", async () => {
    const result = await pipelineTriggerProvider.create!(INPUTS);
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).to.have.length(1);
    const sent = calls[0].args[0].input;
    expect(sent.stateMachineArn).to.equal(SM);
    expect(sent.input).to.equal(INPUTS.input);
    expect(sent.name).to.match(/^deploy-aaaaaaaaaaaaaaaa-\d{14}$/);
    expect(await sfn.call(0).thisValue.config.region()).to.equal("eu-west-1");
    expect(result.id).to.equal(`${SM.replace("stateMachine", "execution")}:deploy-1`);
    expect(result.outs.executionArn).to.equal(result.id);
  });

  it("diff retrains only when the configuration hash changes", async () => {
    const olds = { ...INPUTS, executionArn: "x", startedAt: "t" };
    expect(
      await pipelineTriggerProvider.diff!("x", olds, { ...INPUTS, stateMachineArn: `${SM}-new` }),
    ).to.deep.include({ changes: false });
    expect(
      await pipelineTriggerProvider.diff!("x", olds, {
        ...INPUTS,
        configurationHash: "b".repeat(64),
      }),
    ).to.deep.include({
      changes: true,
      replaces: [],
    });
  });

  it("update starts a new execution for the new configuration; delete never touches running training", async () => {
    const olds = { ...INPUTS, executionArn: "old", startedAt: "t" };
    const { outs } = await pipelineTriggerProvider.update!("old", olds, {
      ...INPUTS,
      configurationHash: "b".repeat(64),
    });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.name).to.match(
      /^deploy-bbbbbbbbbbbbbbbb-/,
    );
    expect(outs.executionArn).to.equal(`${SM.replace("stateMachine", "execution")}:deploy-1`);
    await pipelineTriggerProvider.delete!("old", olds);
    expect(sfn.commandCalls(StartExecutionCommand)).to.have.length(1);
  });

  it("names executions uniquely per hash and second, within Step Functions' 80 characters", () => {
    const name = deployExecutionName("0123456789abcdef0123", new Date("2026-11-26T03:22:36.123Z"));
    expect(name).to.equal("deploy-0123456789abcdef-20261126032236");
    expect(name.length).to.be.at.most(80);
  });

  it("serialises the way the engine does at deploy time, without capturing an SDK client", async () => {
    const serialized = await pulumi.runtime.serializeFunction(() => pipelineTriggerProvider);
    expect(serialized.text).to.include("StartExecutionCommand");
    expect(serialized.text).to.include('require("@aws-sdk/client-sfn")');
    // A client captured by the closure would be serialised with its middleware stack and config.
    expect(serialized.text).to.not.include("middlewareStack");
  });
});
