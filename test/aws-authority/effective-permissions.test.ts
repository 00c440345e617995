import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { PlanResult } from "../../offline/plan";
import { HANDLER_SOURCE_TAG } from "../../components/shared/lambda";
import { REPO_ROOT } from "../offline/plans";
import { Call, call } from "./effective/calls";
import { lambdaCalls } from "./effective/lambda-calls";
import { PlanIndex } from "./effective/plan-index";
import { RuntimeCalls, allRuntimeCalls, lakeBucketOf } from "./effective/runtime-paths";
import { deniedCalls, evaluate } from "./effective/simulate";
import { ADOPTED_STREAM, CONFIGURATION_NAMES, authorityPlan } from "./plans";

function indexOf(name: string, plan: PlanResult): { ix: PlanIndex; streamArn: string } {
  const ix = new PlanIndex(plan);
  if (name === "prod-adopted-stream") ix.external.push(ADOPTED_STREAM);
  const stream = ix.ofType("aws:kinesis/stream:Stream")[0];
  return { ix, streamArn: stream ? ix.arnOf(stream) : ADOPTED_STREAM.arn };
}

/** What no runtime principal of the stack may do, whatever its job. */
function forbiddenCalls(ix: PlanIndex, principal: string, used: readonly Call[]): Call[] {
  const lake = lakeBucketOf(ix);
  const usedKeys = new Set(used.filter((c) => c.action.startsWith("kms:")).map((c) => c.resource));
  const otherKeys = ix
    .ofType("aws:kms/key:Key")
    .map((k) => ix.arnOf(k))
    .filter((arn) => !usedKeys.has(arn));
  return [
    call(
      principal,
      "s3:DeleteObject",
      `arn:aws:s3:::${lake}/events/dt=2026-12-01/part-0.parquet`,
      "delete events",
    ),
    call(principal, "s3:GetObject", "arn:aws:s3:::another-teams-bucket/data.csv", "foreign bucket"),
    call(principal, "s3:PutBucketPolicy", `arn:aws:s3:::${lake}`, "rewrite the lake policy"),
    call(principal, "iam:PassRole", "arn:aws:iam::123456789012:role/admin", "pass another role"),
    call(principal, "kinesis:DeleteStream", ix.arn("kinesis", "stream/events"), "delete a stream"),
    call(principal, "dynamodb:DeleteTable", ix.arn("dynamodb", "table/view"), "delete a table"),
    call(
      principal,
      "kms:Decrypt",
      ix.arn("kms", "key/00000000-0000-0000-0000-000000000000"),
      "foreign key",
    ),
    ...otherKeys.map((key) => call(principal, "kms:Decrypt", key, "a key it has no use for")),
  ];
}

describe("effective permissions of every runtime principal, proven with an IAM evaluator", () => {
  for (const name of CONFIGURATION_NAMES) {
    describe(`the ${name} plan`, () => {
      let ix: PlanIndex;
      let runtime: RuntimeCalls;
      before(async () => {
        const indexed = indexOf(name, await authorityPlan(name));
        ix = indexed.ix;
        runtime = await allRuntimeCalls(ix, REPO_ROOT, indexed.streamArn);
      });

      it("derives calls for every role the stack creates", () => {
        const roles = ix.ofType("aws:iam/role:Role").map((r) => ix.arnOf(r));
        const acting = new Set(runtime.calls.map((c) => c.principal));
        expect(roles.filter((r) => !acting.has(r))).to.deep.equal([]);
        expect([...acting].filter((p) => !roles.includes(p))).to.deep.equal([]);
      });

      it("allows every call each principal makes, KMS on every encrypted source and target included", async () => {
        expect(await deniedCalls(ix, runtime.calls)).to.deep.equal([]);
      });

      it("denies each principal what it must never do: delete events, other buckets, roles and keys", async () => {
        const allowed: string[] = [];
        for (const principal of new Set(runtime.calls.map((c) => c.principal))) {
          const used = runtime.calls.filter((c) => c.principal === principal);
          for (const c of forbiddenCalls(ix, principal, used)) {
            if ((await evaluate(ix, c)) === "Allowed")
              allowed.push(`${principal}: ${c.origin}: ${c.action} on ${c.resource}`);
          }
        }
        expect(allowed).to.deep.equal([]);
      });

      it("leaves unchecked only the handler commands its configuration never reaches", () => {
        // Without a campaign the API never calls Personalize: it serves its fallback.
        const expected: Record<string, string[]> = {
          dev: ["GetRecommendationsCommand"],
          prod: [],
          "prod-adopted-stream": ["GetRecommendationsCommand"],
          "dev-flink-campaign": [],
          "prod-msk": [],
          "dev-search": ["GetRecommendationsCommand"],
        };
        expect(runtime.unreachable.map((u) => /: (\w+Command) in /.exec(u)![1])).to.deep.equal(
          expected[name],
        );
      });
    });
  }

  describe("the examples that reached users before these checks", () => {
    let ix: PlanIndex;
    let calls: Call[];
    before(async () => {
      const indexed = indexOf("prod", await authorityPlan("prod"));
      ix = indexed.ix;
      calls = (await allRuntimeCalls(ix, REPO_ROOT, indexed.streamArn)).calls;
    });

    it("lets the training run publish to the KMS-encrypted alarm topic", async () => {
      const notify = calls.filter((c) => c.origin.startsWith("prod-reco-training: NotifyFailure"));
      expect(notify.map((c) => c.action)).to.deep.equal([
        "sns:Publish",
        "kms:GenerateDataKey",
        "kms:Decrypt",
      ]);
      expect(await deniedCalls(ix, notify)).to.deep.equal([]);
    });

    it('lets the real-time events function call PutEvents, which only matches "*"', async () => {
      const putEvents = calls.filter((c) => c.action === "personalize:PutEvents");
      expect(putEvents.map((c) => c.resource)).to.deep.equal(["*"]);
      expect(await deniedCalls(ix, putEvents)).to.deep.equal([]);
    });

    it("lets the KPI serving API's Athena query read the KPI table and write its results, and nothing else", async () => {
      const athena = calls.filter((c) => c.origin.startsWith("prod-kpi-serving-api: Athena runs"));
      expect([...new Set(athena.map((c) => c.action))].sort()).to.include.members([
        "glue:GetTable",
        "s3:GetObject",
        "s3:PutObject",
        "kms:GenerateDataKey",
      ]);
      expect(
        athena.filter((c) => c.action === "glue:GetTable").map((c) => c.resource.split(":").pop()),
      ).to.deep.equal([
        "catalog",
        `database/prod_lake_prod`,
        "table/prod_lake_prod/kpi_channel_daily",
      ]);
      expect(await deniedCalls(ix, athena)).to.deep.equal([]);
      // The cache module writes the cache, never the speed view.
      const writes = calls.filter(
        (c) => c.origin.startsWith("prod-kpi-serving-api: ") && c.action === "dynamodb:PutItem",
      );
      expect(writes.map((c) => c.resource)).to.have.length(1);
      expect(writes[0].resource).to.match(/table\/prod-kpi-serving-cache-/);
    });

    it("lets Managed Flink read its SSE-KMS application zip", async () => {
      const code = calls.filter((c) =>
        c.origin.startsWith("prod-realtime-flink: Managed Flink (s3"),
      );
      expect(code.map((c) => c.action)).to.deep.equal(["kms:Decrypt"]);
      expect(await deniedCalls(ix, code)).to.deep.equal([]);
    });
  });

  it("fails when a handler sends a command its role is not granted", async () => {
    const plan = await authorityPlan("dev");
    const { ix } = indexOf("dev", plan);
    const original = ix
      .ofType("aws:lambda/function:Function")
      .find((f) => f.name === "dev-realtime-aggregator")!;
    // The real handler plus one more command, as a developer might add it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-handler-"));
    const entry = path.join(dir, "handler.ts");
    fs.writeFileSync(
      entry,
      `import "${path.join(REPO_ROOT, original.inputs.tags[HANDLER_SOURCE_TAG]).replace(/\\.ts$/, "")}";\n` +
        `import { DeleteCommand } from "@aws-sdk/lib-dynamodb";\n` +
        `export const purge = (client: any, TableName: string) => client.send(new DeleteCommand({ TableName, Key: {} }));\n`,
    );
    const changed = {
      ...original,
      inputs: { ...original.inputs, tags: { [HANDLER_SOURCE_TAG]: entry } },
    };
    const derived = await lambdaCalls(ix, changed, REPO_ROOT, undefined, []);
    const denied = await deniedCalls(ix, derived);
    expect(denied).to.have.length(1);
    expect(denied[0]).to.match(
      /^dev-realtime-aggregator: DeleteCommand in .*handler\.ts: dynamodb:DeleteItem on arn:aws:dynamodb:us-east-1:123456789012:table\/dev-realtime-view-\w+ is ImplicitlyDenied$/,
    );
  });
});
