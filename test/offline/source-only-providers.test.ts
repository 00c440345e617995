/**
 * Holds every provider declared source-only to its declaration: serialised afresh under two stacks
 * (other config, region and tier) and another environment, each provider's text is the same, so
 * the plan's cache (offline/provider-serialisation-cache.ts), keyed by source files alone, can
 * never serve one stack the text of another.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { runOfflinePlan } from "../../offline/plan";
import { sourceOnlyProviderModule } from "../../components/shared/source-only-provider";
import { REPO_ROOT } from "./plans";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const serializeClosure = require("@pulumi/pulumi/runtime/closure/serializeClosure");

/** Plans `stack` with an empty cache, returning each source-only provider's text by its file. */
async function providerTexts(stack: string, env: Record<string, string>) {
  const texts = new Map<string, string>();
  const serialize = serializeClosure.serializeFunction;
  serializeClosure.serializeFunction = async (func: () => unknown, args: unknown) => {
    const result = await serialize(func, args);
    const file =
      func.toString() === "() => provider" ? sourceOnlyProviderModule(func()) : undefined;
    if (file) texts.set(path.relative(REPO_ROOT, file), result.text);
    return result;
  };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-source-only-"));
  try {
    await runOfflinePlan({ projectDir: REPO_ROOT, stack, cacheDir });
  } finally {
    serializeClosure.serializeFunction = serialize;
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  return texts;
}

describe("providers declared source-only", function () {
  this.timeout(180_000);

  it("serialise to the same text whatever the stack, region and environment", async () => {
    const dev = await providerTexts("dev", {});
    const prod = await providerTexts("prod", {
      AWS_REGION: "eu-west-3",
      AWS_DEFAULT_REGION: "eu-west-3",
      TZ: "Asia/Seoul",
    });
    // Every Personalize resource kind and the training trigger, in both.
    expect([...dev.keys()].sort()).to.deep.equal([
      "components/personalize-providers/dataset-group.ts",
      "components/personalize-providers/dataset.ts",
      "components/personalize-providers/event-tracker.ts",
      "components/personalize-providers/filter.ts",
      "components/personalize-providers/metric-attribution.ts",
      "components/personalize-providers/schema.ts",
      "components/personalize-providers/solution.ts",
      "components/training-pipeline/trigger.ts",
    ]);
    expect([...prod.keys()].sort()).to.deep.equal([...dev.keys()].sort());
    for (const [file, text] of prod) expect(text, file).to.equal(dev.get(file));
  });
});
