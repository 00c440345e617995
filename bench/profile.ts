/**
 * Where the offline plan spends its CPU: one `node --cpu-prof` run of `npm run plan` per stack,
 * its samples' self time attributed to a phase (by the module the sampled function lives in) and
 * to a module (an npm package, a project folder, or Node's own internals). Kept as bench output so
 * the next regression shows which phase grew. A profile is one run, so these are shares of one
 * plan, not medians.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BenchResult } from "./result";
import { ROOT } from "./plan";

/** The parts of `.cpuprofile` (Chrome DevTools format) the aggregation reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  /** Microseconds between consecutive samples, aligned with `samples`. */
  readonly timeDeltas: readonly number[];
}

/**
 * Phases by the module a sampled function lives in, first match wins. Stack capture is the
 * formatting of every Error's stack through ts-node's source maps (Pulumi records one per promise).
 */
const PHASES: readonly (readonly [string, RegExp])[] = [
  ["idle and waits", /^\(idle\)$/],
  // V8's own work outside any JS function (compilation, IC misses): no caller to charge it to.
  ["V8 outside JavaScript", /^\(program\)$/],
  ["garbage collection", /^\(garbage collector\)$/],
  ["stack capture (source-mapped Error stacks)", /source-map-support|source-map\/|@cspotcode/],
  ["module loading and transpiling", /\/(ts-node|typescript|@swc)\/|node:internal\/modules/],
  ["Lambda bundling", /\/esbuild\/|components\/shared\/bundle/],
  ["closure serialisation", /runtime\/closure\//],
  ["policy analysis", /@pulumi\/policy\/|\/policies\//],
  ["cost model", /\/cost\//],
  [
    "mock runtime and resource registration",
    /@pulumi\/pulumi\/|@grpc\/|google-protobuf|\/offline\/|\/cli\//,
  ],
  ["the program (components, stacks)", /\/(components|stacks|events)\/|\/index\.ts$/],
  ["AWS SDK and provider packages", /@pulumi\/aws\/|@aws-sdk\/|@smithy\//],
];

const OTHER = "other";

/** The phase a sample belongs to, from its function's name (for V8's pseudo-frames) and URL. */
export function phaseOf(functionName: string, url: string): string {
  const key = url === "" ? functionName : url;
  return PHASES.find(([, pattern]) => pattern.test(key))?.[0] ?? OTHER;
}

/** `@scope/name` or `name` under node_modules, the project's top folder, or Node's internals. */
export function moduleOf(functionName: string, url: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const file = url.replace(/^file:\/\//, "");
  const inModules = file.lastIndexOf("/node_modules/");
  if (inModules >= 0) {
    const parts = file.slice(inModules + "/node_modules/".length).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const relative = path.relative(ROOT, file);
  if (relative.startsWith("..")) return "(outside the project)";
  const [top] = relative.split(path.sep);
  return top === relative ? relative : `${top}/`;
}

export interface ProfileBreakdown {
  readonly totalMs: number;
  /** Milliseconds of self time per phase and per module, largest first. */
  readonly phases: readonly (readonly [string, number])[];
  readonly modules: readonly (readonly [string, number])[];
}

const sortDesc = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);

/**
 * Self time per phase and module; pure, so it is tested with a hand-written profile. A sample in
 * Node's internals or a native function (JSON, Buffer, a regex) counts toward the phase of its
 * nearest caller that has one, so `JSON.stringify` under the policy pack is policy analysis.
 */
export function aggregateProfile(profile: CpuProfile): ProfileBreakdown {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const phaseMemo = new Map<number, string>();
  const phaseOfNode = (id: number): string => {
    const known = phaseMemo.get(id);
    if (known !== undefined) return known;
    const frame = frames.get(id)!;
    let phase = phaseOf(frame.functionName, frame.url);
    const parent = parents.get(id);
    if (phase === OTHER && parent !== undefined) phase = phaseOfNode(parent);
    phaseMemo.set(id, phase);
    return phase;
  };
  const phases = new Map<string, number>();
  const modules = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    if (!frame) throw new Error(`sample ${i} names node ${id}, which the profile does not have`);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const phase = phaseOfNode(id);
    const module = moduleOf(frame.functionName, frame.url);
    phases.set(phase, (phases.get(phase) ?? 0) + ms);
    modules.set(module, (modules.get(module) ?? 0) + ms);
  });
  return { totalMs: total, phases: sortDesc(phases), modules: sortDesc(modules) };
}

const slug = (s: string) =>
  s
    .replace(/[^a-z0-9]+/gi, "_")
    .replace(/^_|_$/g, "")
    .toLowerCase();

/** Bench results: each phase's share of the profiled plan, then the ten heaviest modules. */
export function profileResults(stack: string, b: ProfileBreakdown): BenchResult[] {
  const share = (ms: number) => Number(((100 * ms) / b.totalMs).toFixed(1));
  return [
    {
      name: `profile.${stack}.total_ms`,
      unit: "ms",
      value: Math.round(b.totalMs),
      detail: `sampled CPU profile of one npm run plan -- --stack ${stack} (node --cpu-prof)`,
    },
    ...b.phases.map(([phase, ms]) => ({
      name: `profile.${stack}.phase.${slug(phase)}`,
      unit: "%",
      value: share(ms),
      detail: `${phase}: ${Math.round(ms)} ms self time`,
    })),
    ...b.modules.slice(0, 10).map(([module, ms]) => ({
      name: `profile.${stack}.module.${slug(module)}`,
      unit: "%",
      value: share(ms),
      detail: `${module}: ${Math.round(ms)} ms self time`,
    })),
  ];
}

/** Profiles one plan per stack in a fresh process and aggregates each profile. */
export async function run(stacks: readonly string[] = ["prod"]): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const stack of stacks) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-profile-"));
    try {
      const args = ["--cpu-prof", "--cpu-prof-dir", dir, "-r", "./cli/register.js"];
      const result = spawnSync(process.execPath, [...args, "cli/plan.ts", "--stack", stack], {
        cwd: ROOT,
        encoding: "utf8",
      });
      if (result.status !== 0) {
        throw new Error(
          `plan of ${stack} exited with ${result.status}: ${result.stderr.slice(-500)}`,
        );
      }
      const [file] = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
      if (!file) throw new Error(`node --cpu-prof wrote no profile for ${stack}`);
      const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
      results.push(...profileResults(stack, aggregateProfile(profile)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
