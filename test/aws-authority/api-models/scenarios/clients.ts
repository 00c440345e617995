/**
 * The other code that calls AWS, each run as it runs for real with the shipped stacks' values:
 * the producer (on kinesalite), the speed layer's Lambda and the view reads (on dynalite), the
 * deploy-time trigger, the providers' assumed-role credentials and `npm run train`.
 */
import { SFNClient, GetExecutionHistoryCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import type { PlanResult } from "../../../../offline/plan";
import { runTrain } from "../../../../cli/train";
import { pipelineTriggerProvider } from "../../../../components/training-pipeline";
import { assumedRoleCredentials } from "../../../../components/personalize-providers/client";
import {
  configFromEnv,
  createHandler,
} from "../../../../components/realtime-analytics/lambda/handler";
import {
  latestChannelWindows,
  trendingItems,
} from "../../../../components/realtime-analytics/view";
import { EventProducer } from "../../../../components/stream-ingestion/producer";
import type { BehaviourEvent } from "../../../../events";
import { record } from "../../../personalize-recommender/handler-fixtures";
import { startKinesalite } from "../../../stream-ingestion/producer/kinesalite";
import { startLocalView } from "../../../realtime-analytics/view/dynalite";
import { mockedRequests, recordSentRequests } from "../recorder";
import type { ApiRequest } from "../validate";

const ROLE = "arn:aws:iam::123456789012:role/reco-deployer";
const CREDENTIALS = {
  AccessKeyId: "ASIAEXAMPLEEXAMPLE01",
  SecretAccessKey: "secret",
  SessionToken: "token",
  Expiration: new Date("2026-11-26T04:00:00Z"),
};

function onlyResource(plan: PlanResult, type: string, suffix = ""): PlanResult["resources"][0] {
  const found = plan.resources.filter((r) => r.type === type && r.name.endsWith(suffix));
  if (found.length !== 1) throw new Error(`${plan.stack}: ${found.length} ${type} *${suffix}`);
  return found[0];
}

/** The producer's PutRecords calls for `events` on a kinesalite stream named as each stack's. */
export async function producerRequests(
  plans: readonly PlanResult[],
  events: readonly BehaviourEvent[],
): Promise<ApiRequest[]> {
  const requests: ApiRequest[] = [];
  const kinesis = await startKinesalite();
  const stop = recordSentRequests(requests);
  try {
    for (const plan of plans) {
      const api = onlyResource(plan, "aws:lambda/function:Function", "-reco-api");
      const stream = (api.inputs as any).environment.variables.STREAM_NAME as string;
      await kinesis.createStream(stream, 2);
      const producer = new EventProducer({ streamName: stream, client: kinesis.client() });
      for (const event of events) await producer.put(event);
      await producer.close();
    }
  } finally {
    stop();
    await kinesis.stop();
  }
  // The suite's own CreateStream is not the code under test.
  return requests.filter((r) => r.operation === "PutRecords");
}

/** The speed layer's writes for `events` in one window, then the API's reads of the view. */
export async function realtimeRequests(
  plans: readonly PlanResult[],
  events: readonly BehaviourEvent[],
): Promise<ApiRequest[]> {
  const requests: ApiRequest[] = [];
  const view = await startLocalView();
  try {
    for (const plan of plans) {
      const env = (onlyResource(plan, "aws:lambda/function:Function", "-reco-api").inputs as any)
        .environment.variables;
      const tableName = await view.newTable();
      const aggregator = plan.resources.find((r) => r.name.endsWith("-realtime-aggregator"));
      const stop = recordSentRequests(requests);
      try {
        if (aggregator) {
          const config = configFromEnv((aggregator.inputs as any).environment.variables);
          const handle = createHandler(view.client, { ...config, tableName });
          const records = events.map((e, i) => {
            const r = record(e, i + 1);
            // Arrived a second after it happened: on time for the window.
            r.kinesis.approximateArrivalTimestamp = Date.parse(e.event_time) / 1000 + 1;
            return r;
          });
          await handle({
            Records: records,
            window: { start: "2026-11-26T03:00:00Z", end: "2026-11-26T03:01:00Z" },
            state: {},
            shardId: "shardId-000000000000",
            isFinalInvokeForWindow: true,
            isWindowTerminatedEarly: false,
          } as any);
          // The next window closes the minute those clicks fell in: the trending list is written.
          await handle({
            Records: [],
            window: { start: "2026-11-26T03:01:00Z", end: "2026-11-26T03:02:00Z" },
            state: {},
            shardId: "shardId-000000000000",
            isFinalInvokeForWindow: true,
            isWindowTerminatedEarly: false,
          } as any);
        }
        if (env.VIEW_TABLE_NAME) {
          await trendingItems(view.client, tableName, { limit: 25 });
          await latestChannelWindows(view.client, tableName, {
            minutes: 5,
            now: Date.parse("2026-11-26T03:02:00Z"),
          });
          await latestChannelWindows(view.client, tableName, {
            channels: [events.find((e) => e.channel)!.channel!],
            minutes: 5,
            now: Date.parse("2026-11-26T03:02:00Z"),
          });
        }
      } finally {
        stop();
      }
    }
  } finally {
    await view.close();
  }
  return requests;
}

/** The deploy-time trigger (with and without a role to assume) and the providers' credentials. */
export async function triggerRequests(plans: readonly PlanResult[]): Promise<ApiRequest[]> {
  const sfn = mockClient(SFNClient);
  const sts = mockClient(STSClient);
  sts.on(AssumeRoleCommand).resolves({ Credentials: CREDENTIALS });
  sfn.on(StartExecutionCommand).callsFake((input) => ({
    executionArn: `${input.stateMachineArn.replace(":stateMachine:", ":execution:")}:${input.name}`,
    startDate: new Date(),
  }));
  try {
    for (const plan of plans) {
      const trigger = onlyResource(plan, "pulumi-nodejs:dynamic/reco-personalize:PipelineTrigger");
      const { __provider, ...inputs } = trigger.inputs as any;
      void __provider;
      await pipelineTriggerProvider.create!(inputs);
      await pipelineTriggerProvider.create!({ ...inputs, assumeRoleArn: ROLE });
      const region = inputs.stateMachineArn.split(":")[3];
      await assumedRoleCredentials(region, ROLE)();
    }
    return [...mockedRequests(sfn, SFNClient), ...mockedRequests(sts, STSClient)];
  } finally {
    sfn.restore();
    sts.restore();
  }
}

/** `npm run train -- --stack <stack> --mode FULL --wait` against each stack's outputs. */
export async function trainRequests(plans: readonly PlanResult[]): Promise<ApiRequest[]> {
  const sfn = mockClient(SFNClient);
  sfn.on(StartExecutionCommand).callsFake((input) => ({
    executionArn: `${input.stateMachineArn.replace(":stateMachine:", ":execution:")}:${input.name}`,
    startDate: new Date(),
  }));
  sfn.on(GetExecutionHistoryCommand).resolves({
    events: [{ id: 1, type: "ExecutionSucceeded", timestamp: new Date() }],
  });
  try {
    for (const plan of plans) {
      const code = await runTrain(["--stack", plan.stack, "--mode", "FULL", "--wait"], {
        pulumi: async () => JSON.stringify(plan.outputs),
        sfn: (region) =>
          new SFNClient({ region, credentials: { accessKeyId: "a", secretAccessKey: "b" } }),
        sleep: async () => undefined,
        log: () => undefined,
        now: () => new Date("2026-11-26T03:22:36.123Z"),
        pollMs: 0,
      });
      if (code !== 0) throw new Error(`npm run train exited ${code} for ${plan.stack}`);
    }
    return mockedRequests(sfn, SFNClient);
  } finally {
    sfn.restore();
  }
}
