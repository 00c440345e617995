/**
 * The library's runtime `dependencies` are exactly what a consumer's program loads: the modules
 * `require("reco-analytics")` and the package's bin reach, plus the packages esbuild inlines into
 * the Lambda bundles the components build at plan time (components/shared/bundle.ts resolves them
 * from the consumer's node_modules). Tools keep theirs in devDependencies. Then the packed tarball
 * is installed in a scratch project outside the repository to show what a consumer pulls in.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { buildSync, type Metafile } from "esbuild";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { typecheckOutput } from "../typecheck-output";
import { buildBinFrom } from "./package-build";

const ROOT = path.join(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const DECLARED = Object.keys(manifest.dependencies).sort();
/** What the tools, the gate, the bench and the tests use, and a consumer must not install. */
const TOOL_PACKAGES = ["@duckdb/node-api", "@pulumi/policy", "chart.js", "yaml"];

const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");
const isBuiltin = (specifier: string) =>
  specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]);

/** Packages the project's own files in `entry`'s import graph import by name. */
function packagesImported(entry: string, inlinePackages: boolean): string[] {
  const { metafile } = buildSync({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
    metafile: true,
    outfile: "out.js",
    logLevel: "silent",
    packages: inlinePackages ? undefined : "external",
  });
  const found = new Set<string>();
  for (const [file, input] of Object.entries((metafile as Metafile).inputs)) {
    if (file.includes("node_modules")) continue;
    for (const imported of input.imports) {
      const specifier = imported.original ?? imported.path;
      if (!specifier.startsWith(".") && !isBuiltin(specifier)) found.add(packageOf(specifier));
    }
  }
  return [...found].sort();
}

/** Lambda entries: the component files that export `handler` (what bundleArchive is given). */
function lambdaEntries(dir = path.join(ROOT, "components")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return lambdaEntries(full);
    const exportsHandler =
      entry.name.endsWith(".ts") &&
      /export (const|async function|function) handler\b/.test(fs.readFileSync(full, "utf8"));
    return exportsHandler ? [path.relative(ROOT, full)] : [];
  });
}

describe("package.json dependencies", () => {
  it("are exactly what the library, its bin and its Lambda bundles import", () => {
    const entries = lambdaEntries();
    // transform, aggregator, PutEvents, API, export header, online guardrail, KPI API, collector.
    expect(entries).to.have.length(8);
    const used = new Set([
      ...packagesImported("lib.ts", false),
      ...packagesImported(
        manifest.bin["reco-analytics-flink-package"].replace(/^bin\/|\.js$/g, "") + ".ts",
        false,
      ),
      ...entries.flatMap((entry) => packagesImported(entry, true)),
    ]);
    expect([...used].sort()).to.deep.equal(DECLARED);
  });

  it("keep the tools' packages in devDependencies", () => {
    for (const name of TOOL_PACKAGES) {
      expect(manifest.dependencies, name).not.to.have.property(name);
      expect(manifest.devDependencies, name).to.have.property(name);
    }
  });
});

describe("the packed library, installed in a scratch project", function () {
  this.timeout(300_000);
  const env = { ...process.env, NODE_PATH: "" };
  let scratch: string;
  let project: string;
  let installed: string[];

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "reco-library-"));
    // Under npm test, bin/ comes from the run's one type-check (what `npm run build` would
    // write, test/package/package-build.ts), so the package is not type-checked twice; alone,
    // npm pack runs prepack (npm run build) and prints the build's output before its JSON.
    const compiled = await typecheckOutput();
    if (compiled) buildBinFrom(compiled);
    const pack = ["pack", ...(compiled ? ["--ignore-scripts"] : []), "--json"];
    const out = execFileSync("npm", [...pack, "--pack-destination", scratch], {
      cwd: ROOT,
      encoding: "utf8",
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const [{ filename }] = JSON.parse(out.slice(out.indexOf("[\n")));
    project = path.join(scratch, "consumer");
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "consumer", version: "1.0.0", private: true }),
    );
    execFileSync(
      "npm",
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        path.join(scratch, filename),
      ],
      { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    const tree = JSON.parse(
      execFileSync("npm", ["ls", "--all", "--json"], { cwd: project, encoding: "utf8", env }),
    );
    const names = new Set<string>();
    const walk = (deps: Record<string, { dependencies?: Record<string, unknown> }> = {}) => {
      for (const [name, node] of Object.entries(deps)) {
        names.add(name);
        walk(node.dependencies as never);
      }
    };
    walk(tree.dependencies);
    installed = [...names].sort();
  });

  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("pulls in every runtime dependency and none of the tools' packages", () => {
    expect(installed).to.include.members(DECLARED);
    expect(installed.filter((name) => TOOL_PACKAGES.includes(name))).to.deep.equal([]);
  });

  it("loads the library and bundles every Lambda from the consumer's node_modules only", () => {
    const script = `
      const lib = require("reco-analytics");
      const { bundleSource } = require("reco-analytics/bin/components/shared/bundle");
      const sizes = JSON.parse(process.argv[1]).map((entry) => bundleSource(require.resolve("reco-analytics/bin/" + entry)).length);
      const outside = Object.keys(require.cache).filter((file) => !file.startsWith(process.cwd() + "/"));
      process.stdout.write(JSON.stringify({ exports: Object.keys(lib), sizes, outside }));
    `;
    const entries = lambdaEntries().map((entry) => entry.replace(/\.ts$/, ".js"));
    const result = JSON.parse(
      execFileSync(process.execPath, ["-e", script, JSON.stringify(entries)], {
        cwd: fs.realpathSync(project),
        encoding: "utf8",
        env,
      }),
    );
    expect(result.exports).to.include.members([
      "DataLake",
      "StreamIngestion",
      "PersonalizeRecommender",
      "RealtimeAnalytics",
      "KPIDashboard",
      "HttpCollector",
      "KpiServingApi",
      "TrainingPipeline",
      "KafkaStore",
      "ExplorationSearch",
      "AlarmTopic",
    ]);
    expect(result.sizes).to.have.length(8);
    for (const size of result.sizes) expect(size).to.be.greaterThan(1000);
    expect(result.outside).to.deep.equal([]);
  });
});
