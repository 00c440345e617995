/**
 * Every Personalize dynamic provider taken through create, read, update (a tag added, a tag
 * removed) and delete with the inputs the shipped stacks' plans give it, against a fake
 * Personalize that answers from the API model's output shapes and forgets what was deleted.
 */
import { PersonalizeClient, ResourceNotFoundException } from "@aws-sdk/client-personalize";
import { mockClient } from "aws-sdk-client-mock";
import type { PlanResult } from "../../../../offline/plan";
import {
  DatasetGroupProvider,
  DatasetProvider,
  EventTrackerProvider,
  FilterProvider,
  MetricAttributionProvider,
  SchemaProvider,
  SolutionProvider,
  type WaitOptions,
} from "../../../../components/personalize-providers";
import { serviceModel } from "../models";
import { mockedRequests } from "../recorder";
import type { ApiRequest } from "../validate";

/** A clock that moves only when slept on: waits end at once, and a stuck one times out. */
function noWait(): WaitOptions {
  let now = 0;
  return {
    policy: { initialDelayMs: 1, maxDelayMs: 1, multiplier: 1, timeoutMs: 1_000 },
    clock: { now: () => now, sleep: async (ms) => void (now += ms) },
  };
}

/** What each kind can change in place, so update sends its Update* request. */
const IN_PLACE_CHANGES: Record<string, (inputs: any) => object> = {
  Dataset: (i) => ({ schemaArn: `${i.schemaArn.replace(/-[0-9a-f]+$/, "")}-v2` }),
  Solution: () => ({ performAutoTraining: true, autoTrainingSchedule: "rate(7 days)" }),
  MetricAttribution: (i) => ({
    metrics: [
      { ...i.metrics[0], expression: "SUM(Interactions.EVENT_VALUE)" },
      ...i.metrics.slice(1),
      { eventType: "view", expression: "SAMPLECOUNT()", metricName: "VIEWS" },
    ],
  }),
};

const PROVIDERS: Record<string, (wait: WaitOptions) => any> = {
  DatasetGroup: (wait) => new DatasetGroupProvider(wait),
  Schema: (wait) => new SchemaProvider(wait),
  Dataset: (wait) => new DatasetProvider(wait),
  EventTracker: (wait) => new EventTrackerProvider(wait),
  Filter: (wait) => new FilterProvider(wait),
  MetricAttribution: (wait) => new MetricAttributionProvider(wait),
  Solution: (wait) => new SolutionProvider(wait),
};
const DYNAMIC = "pulumi-nodejs:dynamic/personalize:";

/**
 * An answer shaped like the operation's output: ARNs for `…Arn`, ACTIVE descriptions whose
 * `latest…Update` is the last Update* request, applied.
 */
function answer(
  operation: string,
  input: Record<string, unknown>,
  region: string,
  lastUpdate: object,
): object {
  const model = serviceModel("personalize");
  const output = model.operations[operation]?.output;
  if (!output) return {};
  const members = model.shapes[output.shape].members ?? {};
  const arn = Object.entries(input).find(([k]) => k.endsWith("Arn"))?.[1];
  const made = `arn:aws:personalize:${region}:123456789012:${operation}/${String(input.name ?? "x")}`;
  const result: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(members)) {
    const shape = model.shapes[member.shape];
    if (name.endsWith("Arn")) result[name] = made;
    else if (name === "trackingId") result[name] = "0f8fad5b-d9cb-469f-a165-70867728950e";
    else if (shape.type === "structure" && operation.startsWith("Describe")) {
      // Only members the description has: a schema, say, has no status.
      const described = model.shapes[member.shape].members ?? {};
      const has = (m: string) => m in described;
      const latest = Object.keys(described).filter((m) => /^latest\w*Update$/.test(m));
      const applied = (m: string) => {
        const summary = model.shapes[described[m].shape].members ?? {};
        const fields = Object.entries(lastUpdate).filter(([k]) => k in summary);
        return { ...Object.fromEntries(fields), status: "ACTIVE" };
      };
      result[name] = {
        ...(has(`${name}Arn`) ? { [`${name}Arn`]: arn } : {}),
        ...(has("status") ? { status: "ACTIVE" } : {}),
        ...Object.fromEntries(latest.map((m) => [m, applied(m)])),
      };
    } else if (shape.type === "list") result[name] = [];
  }
  return result;
}

/** The requests each provider sends over its whole lifecycle, for every resource of the plan. */
export async function providerRequests(plans: readonly PlanResult[]): Promise<ApiRequest[]> {
  const requests: ApiRequest[] = [];
  const mock = mockClient(PersonalizeClient);
  try {
    for (const plan of plans) {
      for (const resource of plan.resources.filter((r) => r.type.startsWith(DYNAMIC))) {
        const kind = resource.type.slice(DYNAMIC.length);
        const { __provider, ...inputs } = resource.inputs as Record<string, unknown>;
        void __provider;
        const region = String(inputs.region);
        const deleted = new Set<string>();
        let lastUpdate: object = {};
        mock.reset();
        mock.onAnyCommand().callsFake(async (input: Record<string, unknown>) => {
          const operation = mock
            .calls()
            .at(-1)!
            .args[0].constructor.name.replace(/Command$/, "");
          const arn = Object.values(input).find(
            (v) => typeof v === "string" && v.startsWith("arn:"),
          );
          if (operation.startsWith("Delete")) deleted.add(String(arn));
          if (operation.startsWith("Update")) lastUpdate = input;
          if (operation.startsWith("Describe") && deleted.has(String(arn))) {
            throw new ResourceNotFoundException({ message: "gone", $metadata: {} });
          }
          return answer(operation, input, region, lastUpdate);
        });
        const provider = PROVIDERS[kind](noWait());
        const created = await provider.create({ ...inputs, tags: { team: "reco", old: "x" } });
        await provider.read(created.id, created.outs);
        const news = {
          ...inputs,
          ...IN_PLACE_CHANGES[kind]?.(inputs),
          tags: { team: "reco", tier: "prod" },
        };
        await provider.update(created.id, created.outs, news);
        await provider.delete(created.id, { ...created.outs, ...news });
        // Only the requests of this resource's lifecycle: reset() clears the log.
        requests.push(...mockedRequests(mock, PersonalizeClient));
      }
    }
  } finally {
    mock.restore();
  }
  return requests;
}
