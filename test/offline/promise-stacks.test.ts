/**
 * The plan leaves Pulumi's per-promise creation stacks unformatted (a sixth of a prod plan's CPU)
 * and its per-resource call sites unmapped, and changes nothing else: other errors keep their
 * stacks, and the plan is the same JSON.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { UNRECORDED_PROMISE_STACK, skipPulumiStackFormatting } from "../../offline/promise-stacks";
import { runOfflinePlan } from "../../offline/plan";
import { REPO_ROOT } from "./plans";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable");
/** Internal: what each resource's constructor calls for its source position. */
const callsites = () =>
  (pulumi.Resource as unknown as { callsites(): { file?: string }[] }).callsites();

/** The stack Pulumi records for a promise it makes. */
function pulumiPromiseStack(): string {
  // Pulumi writes the stack onto the promise it is given and returns a chained one.
  const p = Promise.resolve(1);
  debuggablePromise(p, "test");
  return (p as unknown as { _debugStackTrace: string })._debugStackTrace;
}

describe("Pulumi's promise creation stacks during a plan", () => {
  // The suites run with the filter on (test/pulumi-stacks.ts); these tests start from Node's own
  // formatting to see what the filter changes.
  let suiteFormatter: typeof Error.prepareStackTrace;
  beforeEach(() => {
    suiteFormatter = Error.prepareStackTrace;
    // Node's own formatting is what it uses when nothing is installed.
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
  });
  afterEach(() => {
    Error.prepareStackTrace = suiteFormatter;
  });

  it("are left unformatted, while every other error keeps its stack, until removed", () => {
    const restore = skipPulumiStackFormatting({});
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

  it("leave the call sites of a resource unmapped, with every frame still parsed", () => {
    // Stands in for ts-node's source-map formatter, to see whether the call sites reach it.
    const saved = Error.prepareStackTrace;
    let mapped = 0;
    Error.prepareStackTrace = (error, callSites) => {
      mapped++;
      return [String(error), ...callSites.map((site) => `    at ${site}`)].join("\n");
    };
    try {
      const restore = skipPulumiStackFormatting({});
      let during: { file?: string }[];
      try {
        during = callsites();
      } finally {
        restore();
      }
      expect(mapped).to.equal(0);
      expect(during.some((site) => site.file === __filename)).to.equal(true);
      callsites();
      expect(mapped).to.equal(1);
    } finally {
      Error.prepareStackTrace = saved;
    }
  });

  it("are recorded as before when PULUMI_DEBUG_PROMISE_LEAKS is set", () => {
    const restore = skipPulumiStackFormatting({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
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
