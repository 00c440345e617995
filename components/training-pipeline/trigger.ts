/**
 * Deploy-time trigger: a dynamic resource that starts one pipeline execution when the hash of the
 * dataset and solution configuration changes. It returns as soon as Step Functions accepts the
 * execution, so `pulumi up` never waits hours for training. The SDK is loaded inside each method:
 * dynamic providers are serialised by closure and must not capture a client.
 */
import * as pulumi from "@pulumi/pulumi";
import { sourceOnlyProvider } from "../shared/source-only-provider";

export interface PipelineTriggerInputs {
  readonly stateMachineArn: string;
  /** Hash of what, when changed, must retrain (datasets, solution, schemas, recipe). */
  readonly configurationHash: string;
  /** Execution input (JSON). */
  readonly input: string;
  /** Role to assume first, like the stack's AWS provider. */
  readonly assumeRoleArn?: string;
}

export interface PipelineTriggerOutputs extends PipelineTriggerInputs {
  readonly executionArn: string;
  readonly startedAt: string;
}

/** The region is the state machine's own (arn:aws:states:<region>:…). */
export function regionOfArn(arn: string): string {
  const region = arn.split(":")[3];
  if (!region)
    throw new Error(
      `stateMachineArn ${JSON.stringify(arn)} is not an ARN; expected arn:aws:states:<region>:<account>:stateMachine:<name>`,
    );
  return region;
}

/** Execution names are unique per state machine for 90 days and at most 80 characters. */
export function deployExecutionName(configurationHash: string, now: Date): string {
  return `deploy-${configurationHash.slice(0, 16)}-${now
    .toISOString()
    .replace(/[^0-9]/g, "")
    .slice(0, 14)}`;
}

async function startExecution(inputs: PipelineTriggerInputs): Promise<PipelineTriggerOutputs> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SFNClient, StartExecutionCommand } = require("@aws-sdk/client-sfn");
  const region = regionOfArn(inputs.stateMachineArn);
  let credentials: unknown;
  if (inputs.assumeRoleArn) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { STSClient, AssumeRoleCommand } = require("@aws-sdk/client-sts");
    const sts = new STSClient({ region });
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: inputs.assumeRoleArn,
        RoleSessionName: "reco-pipeline-trigger",
      }),
    );
    credentials = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    };
  }
  const sfn = new SFNClient({ region, ...(credentials ? { credentials } : {}) });
  const now = new Date();
  const out = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: inputs.stateMachineArn,
      name: deployExecutionName(inputs.configurationHash, now),
      input: inputs.input,
    }),
  );
  return { ...inputs, executionArn: out.executionArn, startedAt: now.toISOString() };
}

export const pipelineTriggerProvider: pulumi.dynamic.ResourceProvider = sourceOnlyProvider(
  {
    async create(inputs: PipelineTriggerInputs) {
      const outs = await startExecution(inputs);
      return { id: outs.executionArn, outs };
    },
    async diff(_id: string, olds: PipelineTriggerOutputs, news: PipelineTriggerInputs) {
      // Only a configuration change retrains; a new state machine or role alone does not.
      const changes = olds.configurationHash !== news.configurationHash;
      return { changes, replaces: [], deleteBeforeReplace: false };
    },
    async update(_id: string, _olds: PipelineTriggerOutputs, news: PipelineTriggerInputs) {
      return { outs: await startExecution(news) };
    },
    async delete() {
      // Nothing to undo: a running training finishes (or times out) on its own and notifies.
    },
  },
  __filename,
);

export interface PipelineTriggerArgs {
  readonly stateMachineArn: pulumi.Input<string>;
  readonly configurationHash: pulumi.Input<string>;
  readonly input: pulumi.Input<string>;
  readonly assumeRoleArn?: pulumi.Input<string>;
}

export class PipelineTrigger extends pulumi.dynamic.Resource {
  declare readonly executionArn: pulumi.Output<string>;
  declare readonly startedAt: pulumi.Output<string>;
  declare readonly configurationHash: pulumi.Output<string>;

  constructor(name: string, args: PipelineTriggerArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      pipelineTriggerProvider,
      name,
      { executionArn: undefined, startedAt: undefined, ...args },
      opts,
      "reco-personalize",
      "PipelineTrigger",
    );
  }
}
