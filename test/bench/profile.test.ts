import { expect } from "chai";
import * as path from "node:path";
import {
  CpuProfile,
  aggregateProfile,
  moduleOf,
  phaseOf,
  profileResults,
} from "../../bench/profile";

const ROOT = path.resolve(__dirname, "..", "..");
const nm = (p: string) => `file://${ROOT}/node_modules/${p}`;

/** root → plan (cli) → esbuild build, and cli → JSON.stringify (native) → policy evaluation. */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: "(root)", url: "" }, children: [2, 5, 6] },
    {
      id: 2,
      callFrame: { functionName: "main", url: `file://${ROOT}/cli/plan.ts` },
      children: [3, 7],
    },
    { id: 3, callFrame: { functionName: "buildSync", url: nm("esbuild/lib/main.js") } },
    { id: 5, callFrame: { functionName: "(garbage collector)", url: "" } },
    { id: 6, callFrame: { functionName: "(idle)", url: "" } },
    {
      id: 7,
      callFrame: { functionName: "validate", url: nm("@pulumi/policy/policy.js") },
      children: [8],
    },
    { id: 8, callFrame: { functionName: "stringify", url: "" } },
  ],
  samples: [3, 3, 8, 5, 6, 2],
  timeDeltas: [1000, 1000, 2000, 500, 250, 250],
};

describe("CPU profile aggregation (hand-written profile)", () => {
  it("names modules by package, project folder or Node's internals", () => {
    expect(moduleOf("buildSync", nm("esbuild/lib/main.js"))).to.equal("esbuild");
    expect(moduleOf("x", nm("@pulumi/pulumi/runtime/rpc.js"))).to.equal("@pulumi/pulumi");
    expect(moduleOf("x", `file://${ROOT}/components/shared/kms.ts`)).to.equal("components/");
    expect(moduleOf("x", "node:internal/modules/cjs/loader")).to.equal("node internals");
    expect(moduleOf("(garbage collector)", "")).to.equal("(garbage collector)");
    expect(moduleOf("stringify", "")).to.equal("(native)");
  });

  it("puts source-mapped stack formatting and module loading in their own phases", () => {
    expect(phaseOf("x", nm("@cspotcode/source-map-support/source-map-support.js"))).to.equal(
      "stack capture (source-mapped Error stacks)",
    );
    expect(phaseOf("x", nm("typescript/lib/typescript.js"))).to.equal(
      "module loading and transpiling",
    );
    expect(phaseOf("x", nm("@pulumi/pulumi/runtime/closure/createClosure.js"))).to.equal(
      "closure serialisation",
    );
  });

  it("sums self time per phase, a native frame counting toward its caller's phase", () => {
    const b = aggregateProfile(PROFILE);
    expect(b.totalMs).to.equal(5);
    expect(b.phases).to.deep.equal([
      ["Lambda bundling", 2],
      ["policy analysis", 2],
      ["garbage collection", 0.5],
      ["idle and waits", 0.25],
      ["mock runtime and resource registration", 0.25],
    ]);
    expect(b.modules).to.deep.equal([
      ["esbuild", 2],
      ["(native)", 2],
      ["(garbage collector)", 0.5],
      ["(idle)", 0.25],
      ["cli/", 0.25],
    ]);
  });

  it("reports each phase and module as a share of the profiled plan", () => {
    const results = profileResults("prod", aggregateProfile(PROFILE));
    expect(results[0]).to.deep.equal({
      name: "profile.prod.total_ms",
      unit: "ms",
      value: 5,
      detail: "sampled CPU profile of one npm run plan -- --stack prod (node --cpu-prof)",
    });
    expect(results[1]).to.deep.equal({
      name: "profile.prod.phase.lambda_bundling",
      unit: "%",
      value: 40,
      detail: "Lambda bundling: 2 ms self time",
    });
    expect(results.map((r) => r.name)).to.include("profile.prod.module.native");
  });

  it("refuses a sample that names no node", () => {
    expect(() => aggregateProfile({ ...PROFILE, samples: [99], timeDeltas: [1] })).to.throw(
      "sample 0 names node 99, which the profile does not have",
    );
  });
});
