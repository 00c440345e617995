/**
 * What the offline tools keep between runs under the project's .cache/, named once for the plan,
 * the bench (which clears them to time a fresh clone) and the tests.
 */
import * as path from "node:path";

/** Where plans keep what they may reuse between runs. */
export const PLAN_CACHE_DIR = path.resolve(__dirname, "..", ".cache");

/** The folders under the cache directory a plan fills; without them the next plan is cold. */
export const PLAN_CACHES = ["lambda-bundles", "closure-parse", "dynamic-providers"] as const;

/** swc's output per TypeScript file, kept by cli/register.js (cli/cached-swc-transpiler.js). */
export const TRANSPILE_CACHE = "ts-transpile";
