/**
 * The offline policy gate: runs every resource and stack policy of the pack over the resources an
 * offline plan recorded, through @pulumi/policy's own analyzer handlers (the functions the Pulumi
 * engine calls over gRPC), configured with the stack's pack config. Enforcement levels, config
 * defaults, `getConfig`, type filtering and unknown-value handling therefore behave as under
 * `pulumi preview --policy-pack policies --policy-pack-config policies/config/<stack>.json`.
 *
 * Differences from a real preview, by construction: properties are the program's inputs as the
 * mocks recorded them (no provider Check, so no auto-names or computed `tagsAll`), and stack
 * policies see those inputs rather than provider outputs.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { EnforcementLevel } from "@pulumi/policy";
import type { RecordedResource } from "../offline/recorder";
import type { MonthlyBudgetConfig } from "./budget";
import {
  ResolvedPolicyConfig,
  configFileFor,
  readConfigFile,
  resolvePolicyConfig,
  withStackBudget,
  withTrustedAccount,
} from "./config";
import { MOCK_ACCOUNT_ID } from "../offline/aws-mocks";
import {
  ALL_POLICIES,
  PACK_DESCRIPTION,
  PACK_ENFORCEMENT_LEVEL,
  PACK_NAME,
  PACK_VERSION,
} from "./pack";

/* eslint-disable @typescript-eslint/no-require-imports */
const policyServer = require("@pulumi/policy/server");
const fromPolicy = (id: string) =>
  require(require.resolve(id, { paths: [path.dirname(require.resolve("@pulumi/policy/server"))] }));
const fromPulumi = (id: string) =>
  require(
    require.resolve(id, {
      paths: [path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb"))],
    }),
  );
const analyzerProto = fromPulumi("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const rpc = require("@pulumi/pulumi/runtime/rpc");
/* eslint-enable @typescript-eslint/no-require-imports */

export interface PolicyViolation {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  /** The resource at fault ("" when a stack policy names none). */
  readonly urn: string;
  readonly message: string;
}

export interface PolicyGateResult {
  /** `name@vVersion`, as the CLI prints it. */
  readonly pack: string;
  readonly configFile: string;
  readonly violations: PolicyViolation[];
}

export interface PolicyGateArgs {
  readonly resources: readonly RecordedResource[];
  readonly stack: string;
  readonly tier: string;
  /** @default policies/config/<stack>.json, else policies/config/<tier>.json */
  readonly configFile?: string;
  /**
   * The stack's own budget, region and workload (`budgetOf(settings)`). They replace the config
   * file's monthly-budget values, so a stack that borrows its tier's file is priced against its
   * own budget rather than the tier's.
   * @default the config file's monthly-budget values
   */
  readonly budget?: MonthlyBudgetConfig;
  /**
   * The account the stack deploys into, added to every account-aware policy's zone of trust.
   * @default the mock runtime's account: the offline gate only sees resources it recorded
   */
  readonly accountId?: string;
}

type Handler = (call: { request: unknown }, callback: (err: unknown, resp: any) => void) => void;
interface AnalyzerHandlers {
  readonly configure: Handler;
  readonly analyze: Handler;
  readonly analyzeStack: Handler;
}

// Process-global: `serve` refuses a second pack per process, and an offline plan reloads the
// project's modules (this one included) between runs, so a module-level cache would be lost.
const HANDLERS = Symbol.for("reco-analytics.policy-gate.analyzer-handlers");
const processGlobal = globalThis as { [HANDLERS]?: AnalyzerHandlers };

/**
 * @pulumi/policy keeps the configure handler private to the gRPC service it serves. `serve` is
 * called once with the server's addService/bindAsync intercepted, which hands us the exact
 * handler set without opening a port (and, like the CLI's analyzer, only once per process).
 */
function analyzerHandlers(): AnalyzerHandlers {
  const served = processGlobal[HANDLERS];
  if (served) return served;
  const proto = fromPolicy("@grpc/grpc-js").Server.prototype;
  const { addService, bindAsync } = proto;
  let captured: AnalyzerHandlers | undefined;
  proto.addService = (_service: unknown, impl: AnalyzerHandlers) => {
    captured = impl;
  };
  proto.bindAsync = () => undefined;
  try {
    policyServer.serve(PACK_NAME, PACK_VERSION, PACK_ENFORCEMENT_LEVEL, {
      description: PACK_DESCRIPTION,
      policies: ALL_POLICIES,
    });
  } finally {
    proto.addService = addService;
    proto.bindAsync = bindAsync;
  }
  if (!captured) throw new Error("@pulumi/policy did not register its analyzer service");
  processGlobal[HANDLERS] = captured;
  return captured;
}

const call = (handler: Handler, request: unknown): Promise<any> =>
  new Promise((resolve, reject) =>
    handler({ request }, (err, resp) => (err ? reject(err) : resolve(resp))),
  );

/** Plain JSON as the engine sends it: assets and archives in their wire form, no undefined. */
async function toWire(value: unknown): Promise<unknown> {
  if (value === undefined || value === null || typeof value !== "object") return value;
  if (pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value)) {
    return rpc.serializeProperty("asset", value, new Set(), { keepOutputValues: false });
  }
  if (Array.isArray(value)) return Promise.all((value as unknown[]).map(toWire));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const wire = await toWire(v);
    if (wire !== undefined) out[k] = wire;
  }
  return out;
}

const struct = async (props: Record<string, unknown>) =>
  Struct.fromJavaScript((await toWire(props)) as Record<string, unknown>);

function options(r: RecordedResource): unknown {
  const opts = new analyzerProto.AnalyzerResourceOptions();
  opts.setProtect(r.protect);
  if (r.parent) opts.setParent(r.parent);
  return opts;
}

/** The provider resource a `urn::id` reference names, as the engine attaches it. */
async function providerOf(
  r: RecordedResource,
  byUrn: Map<string, RecordedResource>,
): Promise<unknown> {
  if (!r.provider) return undefined;
  const provider = byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::")));
  if (!provider) return undefined;
  const p = new analyzerProto.AnalyzerProviderResource();
  p.setType(provider.type);
  p.setUrn(provider.urn);
  p.setName(provider.name);
  p.setProperties(await struct(provider.inputs));
  return p;
}

function configureRequest(config: Record<string, ResolvedPolicyConfig>): unknown {
  const req = new analyzerProto.ConfigureAnalyzerRequest();
  const map = req.getPolicyconfigMap();
  for (const [name, c] of Object.entries(config)) {
    const pc = new analyzerProto.PolicyConfig();
    pc.setEnforcementlevel(analyzerProto.EnforcementLevel[c.enforcementLevel.toUpperCase()]);
    pc.setProperties(Struct.fromJavaScript(c.properties));
    map.set(name, pc);
  }
  return req;
}

const LEVELS: Record<number, EnforcementLevel> = {
  [analyzerProto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerProto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerProto.EnforcementLevel.REMEDIATE]: "remediate",
  [analyzerProto.EnforcementLevel.DISABLED]: "disabled",
};

function violationsOf(response: any, fallbackUrn: string): PolicyViolation[] {
  return response.getDiagnosticsList().map((d: any) => {
    // The handler prefixes the policy description to the message; the plan reports the change.
    const prefix = `${d.getDescription()}\n`;
    const message: string = d.getMessage();
    return {
      policy: d.getPolicyname(),
      enforcementLevel: LEVELS[d.getEnforcementlevel()],
      urn: d.getUrn() || fallbackUrn,
      message: message.startsWith(prefix) ? message.slice(prefix.length) : message,
    };
  });
}

async function analyzeAll(resources: readonly RecordedResource[]): Promise<PolicyViolation[]> {
  const h = analyzerHandlers();
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const violations: PolicyViolation[] = [];
  const stackResources: unknown[] = [];
  for (const r of resources) {
    const provider = await providerOf(r, byUrn);
    const req = new analyzerProto.AnalyzeRequest();
    req.setType(r.type);
    req.setUrn(r.urn);
    req.setName(r.name);
    req.setProperties(await struct(r.inputs));
    req.setOptions(options(r));
    if (provider) req.setProvider(provider);
    violations.push(...violationsOf(await call(h.analyze, req), r.urn));

    const res = new analyzerProto.AnalyzerResource();
    res.setType(r.type);
    res.setUrn(r.urn);
    res.setName(r.name);
    // A component's state is what it registered as outputs; a custom resource's, its inputs.
    res.setProperties(await struct(r.custom ? r.inputs : (r.outputs ?? {})));
    res.setOptions(options(r));
    if (provider) res.setProvider(provider);
    if (r.parent) res.setParent(r.parent);
    res.setDependenciesList([...r.dependencies]);
    stackResources.push(res);
  }
  const stackReq = new analyzerProto.AnalyzeStackRequest();
  stackReq.setResourcesList(stackResources);
  violations.push(...violationsOf(await call(h.analyzeStack, stackReq), ""));
  return violations;
}

// The analyzer's configuration is process-wide, so gate runs take turns.
let queue: Promise<unknown> = Promise.resolve();

/** Runs the pack over recorded resources with the stack's (or its tier's) pack config. */
export function runPolicyGate(args: PolicyGateArgs): Promise<PolicyGateResult> {
  const run = async (): Promise<PolicyGateResult> => {
    const configFile = args.configFile ?? configFileFor(args.stack, args.tier);
    const raw = readConfigFile(configFile);
    const withBudget = args.budget ? withStackBudget(raw, args.budget) : raw;
    const config = resolvePolicyConfig(
      ALL_POLICIES,
      PACK_ENFORCEMENT_LEVEL,
      withTrustedAccount(withBudget, ALL_POLICIES, args.accountId ?? MOCK_ACCOUNT_ID),
      configFile,
    );
    await call(analyzerHandlers().configure, configureRequest(config));
    return {
      pack: `${PACK_NAME}@v${PACK_VERSION}`,
      configFile,
      violations: await analyzeAll(args.resources),
    };
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

export const mandatoryViolations = (result: PolicyGateResult): PolicyViolation[] =>
  result.violations.filter((v) => v.enforcementLevel === "mandatory");

/** A readable report for terminals: one block per violation, mandatory first. */
export function formatViolations(result: PolicyGateResult): string {
  if (result.violations.length === 0)
    return `Policies: ${result.pack} (${result.configFile}): no violations`;
  const sorted = [...result.violations].sort(
    (a, b) =>
      Number(b.enforcementLevel === "mandatory") - Number(a.enforcementLevel === "mandatory"),
  );
  const lines = sorted.map(
    (v) => `  - [${v.enforcementLevel}] ${v.policy} (${v.urn || "stack"})\n    ${v.message}`,
  );
  const mandatory = mandatoryViolations(result).length;
  return [
    `Policies: ${result.pack} (${result.configFile}): ${result.violations.length} violation(s), ${mandatory} mandatory`,
    ...lines,
  ].join("\n");
}
