/**
 * The plan leaves Pulumi's per-promise creation stacks unformatted (a sixth of a prod plan's CPU)
 * and changes nothing else: other errors keep their stacks, and the plan is the same JSON.
 */
import { expect } from "chai";
import { UNRECORDED_PROMISE_STACK, skipPromiseStackFormatting } from "../../offline/promise-stacks";
import { runOfflinePlan } from "../../offline/plan";
import { REPO_ROOT } from "./plans";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable");

/** The stack Pulumi records for a promise it makes. */
function pulumiPromiseStack(): string {
  // Pulumi writes the stack onto the promise it is given and returns a chained one.
  const p = Promise.resolve(1);
  debuggablePromise(p, "test");
  return (p as unknown as { _debugStackTrace: string })._debugStackTrace;
}

describe("Pulumi's promise creation stacks during a plan", () => {
  it("are left unformatted, while every other error keeps its stack, until removed", () => {
    const restore = skipPromiseStackFormatting({});
    let during: string;
    let other: string;
    try {
      during = pulumiPromiseStack();
      other = new Error("mine").stack ?? "";
    } finally {
      restore();
    }
    expect(during).to.equal(UNRECORDED_PROMISE_STACK);
    expect(other.split("\n")[0]).to.equal("Error: mine");
    expect(other).to.include("promise-stacks.test.ts");
    expect(pulumiPromiseStack()).to.include("debuggable");
  });

  it("are recorded as before when PULUMI_DEBUG_PROMISE_LEAKS is set", () => {
    const restore = skipPromiseStackFormatting({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
    try {
      expect(pulumiPromiseStack()).to.include("debuggable");
    } finally {
      restore();
    }
  });

  it("leave the dev plan's JSON exactly as it is with them recorded", async function () {
    this.timeout(120_000);
    const plan = () => runOfflinePlan({ stack: "dev", projectDir: REPO_ROOT });
    const cut = await plan();
    const saved = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    let full;
    try {
      full = await plan();
    } finally {
      if (saved === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
      else process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved;
    }
    expect(JSON.stringify(cut)).to.equal(JSON.stringify(full));
  });
});
