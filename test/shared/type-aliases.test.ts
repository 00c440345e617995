/**
 * Every component renamed to a `reco:<folder>:<Type>` token sends the engine an alias to its
 * former token, so a stack deployed under the old one keeps its resources: checked on the
 * registrations the prod program actually makes (the alias specs in each RegisterResource
 * request), not on the options a constructor was meant to pass.
 */
import { expect } from "chai";
import { runOfflinePlan } from "../../offline/plan";
import { REPO_ROOT } from "../offline/plans";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RegisterResourceRequest } = require("@pulumi/pulumi/proto/resource_pb");

/** The token each renamed component had before, as the engine must be told. */
const FORMER: Record<string, string> = {
  "reco:data-lake:DataLake": "reco:lake:DataLake",
  "reco:stream-ingestion:StreamIngestion": "reco:ingestion:StreamIngestion",
  "reco:personalize-recommender:PersonalizeRecommender": "reco:personalize:PersonalizeRecommender",
  "reco:training-pipeline:TrainingPipeline": "reco:personalize:TrainingPipeline",
  "reco:realtime-analytics:RealtimeAnalytics": "reco:realtime:RealtimeAnalytics",
  "reco:kpi-dashboard:KPIDashboard": "reco:dashboard:KPIDashboard",
  "reco:alarm-topic:AlarmTopic": "reco:observability:AlarmTopic",
};

interface AliasSpec {
  readonly name: string;
  readonly type: string;
  readonly parenturn?: string;
}

/** What one registration asked the engine to look for: its own parent, and each alias. */
interface Sent {
  readonly parent: string;
  readonly aliases: { readonly type: string; readonly name: string; readonly parent?: string }[];
}

describe("component type aliases", function () {
  this.timeout(120_000);

  it("reach the engine for every renamed component of the prod program, and no other", async () => {
    const sent = new Map<string, Sent[]>();
    const setAliases = RegisterResourceRequest.prototype.setAliasesList;
    RegisterResourceRequest.prototype.setAliasesList = function (
      this: { getType(): string; getParent(): string },
      list: { toObject(): { spec?: AliasSpec } }[],
    ) {
      const type = this.getType();
      if (type.startsWith("reco:")) {
        const aliases = list.map((a) => {
          const { type, name, parenturn } = a.toObject().spec!;
          return { type, name, parent: parenturn };
        });
        sent.set(type, [...(sent.get(type) ?? []), { parent: this.getParent(), aliases }]);
      }
      return setAliases.call(this, list);
    };
    try {
      await runOfflinePlan({ projectDir: REPO_ROOT, stack: "prod" });
    } finally {
      RegisterResourceRequest.prototype.setAliasesList = setAliases;
    }
    expect([...sent.keys()]).to.include.members(Object.keys(FORMER));
    for (const [type, registrations] of sent) {
      const former = FORMER[type];
      for (const { parent, aliases } of registrations) {
        // Same name, same parent, the former type: the URN the old stack holds.
        expect(aliases, type).to.deep.equal(former ? [{ type: former, name: "", parent }] : []);
      }
    }
  });
});
