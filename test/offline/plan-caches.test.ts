/**
 * What the plan reuses between runs (Lambda bundles, Pulumi's parses of function texts, serialised
 * source-only providers) leaves the plan exactly as computing everything afresh does, and a
 * changed input is never served stale.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { runOfflinePlan } from "../../offline/plan";
import { PLAN_CACHES } from "../../offline/cache-dirs";
import { cachedBundle, storeBundle, useBundleCache } from "../../components/shared/bundle-cache";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const scratchDirs: string[] = [];
const scratch = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
};

describe("offline plan caches", function () {
  this.timeout(300_000);
  after(() => {
    useBundleCache(path.join(REPO_ROOT, ".cache", "lambda-bundles"));
    for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("plan dev to the same JSON from an empty cache and from the cache that run filled", async () => {
    const cacheDir = scratch("reco-plan-cache-");
    const cold = await runOfflinePlan({ projectDir: REPO_ROOT, stack: "dev", cacheDir });
    const stored = PLAN_CACHES.map((d) => fs.readdirSync(path.join(cacheDir, d)).length);
    expect(
      stored.every((n) => n > 0),
      `entries stored: ${stored.join(", ")}`,
    ).to.equal(true);
    const warm = await runOfflinePlan({ projectDir: REPO_ROOT, stack: "dev", cacheDir });
    expect(JSON.stringify(warm)).to.equal(JSON.stringify(cold));
  });

  it("serve a bundle only while every file esbuild read is unchanged", () => {
    const dir = scratch("reco-bundle-cache-");
    useBundleCache(path.join(dir, "cache"));
    const input = path.join(dir, "greeting.ts");
    fs.writeFileSync(input, 'export const greeting = "hello";\n');
    storeBundle("key", [input], "bundle text");
    expect(cachedBundle("key")).to.equal("bundle text");
    expect(cachedBundle("other key")).to.equal(undefined);
    // Rewritten with the same content (a fresh checkout): still the same inputs.
    fs.writeFileSync(input, 'export const greeting = "hello";\n');
    fs.utimesSync(input, new Date(), new Date(Date.now() + 5_000));
    expect(cachedBundle("key")).to.equal("bundle text");
    // Same size, other content: a miss.
    fs.writeFileSync(input, 'export const greeting = "hallo";\n');
    fs.utimesSync(input, new Date(), new Date(Date.now() + 10_000));
    expect(cachedBundle("key")).to.equal(undefined);
    fs.rmSync(input);
    expect(cachedBundle("key")).to.equal(undefined);
  });
});
