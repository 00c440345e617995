/**
 * The offline plan: runs a real Pulumi program for one stack under Pulumi's own mock runtime and
 * records what it would register. It is not a provider preview: nothing is sent to AWS, and values
 * a provider would compute are shaped like AWS's by the mocks.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, installMocks } from "./recorder";
import { blockNetwork } from "./network-guard";
import { describeFailure } from "./program-errors";
import { skipPulumiStackFormatting } from "./promise-stacks";
import { PlanInputError, StackConfig, readStackConfig } from "./stack-config";
import { useBundleCache } from "../components/shared/bundle-cache";
import { cacheClosureParsing } from "./closure-parse-cache";
import { cacheProviderSerialisation } from "./provider-serialisation-cache";
import { PLAN_CACHES, PLAN_CACHE_DIR } from "./cache-dirs";

export { PLAN_CACHE_DIR } from "./cache-dirs";

// Internal: the engine wraps every program in this root resource; doing the same gives the plan
// the same URNs, parents and stack outputs as `pulumi up`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runInPulumiStack } = require("@pulumi/pulumi/runtime/stack");

/** A resource as the plan JSON shows it: what was registered, without component outputs. */
export type PlanResource = Omit<RecordedResource, "outputs">;

export interface PlanResult {
  readonly project: string;
  readonly stack: string;
  readonly tier: string | null;
  readonly offline: true;
  readonly resources: PlanResource[];
  readonly outputs: Record<string, unknown>;
  policies?: unknown;
  cost?: unknown;
}

export interface PlanOptions {
  /** Directory holding Pulumi.yaml and the stack files. @default process.cwd() */
  readonly projectDir?: string;
  readonly stack: string;
  /** Program to run. @default the project's index.ts */
  readonly program?: string;
  /**
   * Where the plan keeps what it may reuse between runs: Lambda bundles (checked against every
   * file esbuild read), Pulumi's parses of function texts and the serialised source-only dynamic
   * providers (keyed by their source files). @default this project's .cache/
   */
  readonly cacheDir?: string;
}

/** The program failed: bad configuration or an error while registering resources. */
export class ProgramError extends Error {
  override name = "ProgramError";
}

function tierOf(stackConfig: StackConfig): string | null {
  return stackConfig.config[`${stackConfig.project}:tier`] ?? null;
}

/** A dynamic provider's serialised code is an input, but not one a reader of the plan needs. */
function summariseProvider(inputs: Record<string, unknown>): Record<string, unknown> {
  if (typeof inputs.__provider !== "string") return inputs;
  return {
    ...inputs,
    __provider: `[serialised dynamic provider, ${inputs.__provider.length} bytes]`,
  };
}

function toPlanResource(r: RecordedResource): PlanResource {
  const { outputs: _outputs, inputs, ...rest } = r;
  return { ...rest, inputs: summariseProvider(inputs) };
}

/**
 * Lets a program outside this project (one that imports the components but has no node_modules of
 * its own) resolve @pulumi/* and the components from the project's dependencies. Pulumi keeps its
 * runtime state in a process-global store, so mocks set here reach a program's own copy as well.
 */
function addFallbackModulePath(): void {
  const modulesDir = path.resolve(__dirname, "..", "node_modules");
  const current = (process.env.NODE_PATH ?? "").split(path.delimiter).filter(Boolean);
  if (current.includes(modulesDir)) return;
  process.env.NODE_PATH = [...current, modulesDir].join(path.delimiter);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("node:module").Module._initPaths();
}

/**
 * Forgets previously loaded program modules so that a second plan in the same process (another
 * stack, another program) runs the program again instead of reusing its first registrations.
 */
function forgetProgramModules(): void {
  const toolDir = __dirname + path.sep;
  for (const file of Object.keys(require.cache)) {
    if (!file.includes(`${path.sep}node_modules${path.sep}`) && !file.startsWith(toolDir)) {
      delete require.cache[file];
    }
  }
}

export async function runOfflinePlan(options: PlanOptions): Promise<PlanResult> {
  const projectDir = path.resolve(options.projectDir ?? process.cwd());
  const program = path.resolve(projectDir, options.program ?? "index.ts");
  const stackConfig = readStackConfig(projectDir, options.stack);
  try {
    require.resolve(program);
  } catch {
    throw new PlanInputError(
      `the program ${program} does not exist. Fix: pass the path of the program's .ts or .js file`,
    );
  }
  const region = stackConfig.config["aws:region"] ?? "us-east-1";

  addFallbackModulePath();
  forgetProgramModules();
  // An unchanged handler is not bundled again: the cache checks every file esbuild read.
  const cacheDir = options.cacheDir ?? PLAN_CACHE_DIR;
  const [bundles, parses, providers] = PLAN_CACHES;
  useBundleCache(path.join(cacheDir, bundles));
  // Nor is a dynamic provider's unchanged function text parsed again to serialise it.
  cacheClosureParsing(path.join(cacheDir, parses));
  // Nor, while its sources are unchanged, is a source-only provider serialised again at all.
  cacheProviderSerialisation(path.join(cacheDir, providers));
  const recorder = installMocks({
    project: stackConfig.project,
    stack: options.stack,
    region,
    preview: true,
  });
  pulumi.runtime.setAllConfig(stackConfig.config, stackConfig.secretKeys);

  // As under Pulumi's runner, a rejection nothing handles or an exception thrown from a callback
  // fails the program: an offline plan that exits 0 on them would pass what `pulumi up` fails.
  const failures: string[] = [];
  // A host (mocha, for one) may re-emit a rejection it trapped: report each reason once.
  const rejected = new Set<unknown>();
  const onRejection = (reason: unknown) => {
    if (rejected.has(reason)) return;
    rejected.add(reason);
    failures.push(describeFailure(reason, "rejected"));
  };
  const onUncaught = (error: unknown) => failures.push(describeFailure(error, "threw"));
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onUncaught);
  const restoreNetwork = blockNetwork();
  const restoreStacks = skipPulumiStackFormatting();
  try {
    try {
      // A program that throws while loading (bad config) must not reject the root stack's own
      // promises: nothing would handle those rejections and the process would die with a trace.
      await runInPulumiStack(async () => {
        try {
          return require(program);
        } catch (err) {
          failures.push(describeFailure(err, "threw"));
          return {};
        }
      });
      await recorder.settle();
    } catch (err) {
      failures.unshift(describeFailure(err, "threw"));
    }
    // Mocked registrations settle in microtasks; Node reports unhandled rejections and runs
    // immediate callbacks only after them, so give both a turn before judging the program.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    restoreStacks();
    restoreNetwork();
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onUncaught);
    // Leave no program module cached for whoever requires it next in this process.
    forgetProgramModules();
  }
  if (failures.length > 0) throw new ProgramError(failures.join("\n"));

  const stackResource = recorder.resources.find((r) => r.type === "pulumi:pulumi:Stack");
  return {
    project: stackConfig.project,
    stack: options.stack,
    tier: tierOf(stackConfig),
    offline: true,
    resources: recorder.resources.map(toPlanResource),
    outputs: stackResource?.outputs ?? {},
  };
}
