/**
 * DuckDB's native bindings must never reach a Lambda bundle or a web server: esbuild cannot bundle
 * them at all, and a handler that imported them would fail to deploy. The `events` index is the
 * light API; the DuckDB lake writer lives apart at `events/lake`.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bundleSource } from "../../components/shared/bundle";
import { TRANSFORM_ENTRY } from "../../components/stream-ingestion";

const ROOT = path.resolve(__dirname, "..", "..");
const HANDLER_EXPORT = /^export (async )?(function|const) handler\b/m;

/** Every TypeScript file under components/ that exports a Lambda `handler`. */
function lambdaHandlers(dir = path.join(ROOT, "components")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : lambdaHandlers(file);
    return entry.name.endsWith(".ts") && HANDLER_EXPORT.test(fs.readFileSync(file, "utf8"))
      ? [file]
      : [];
  });
}

const probes: string[] = [];

/** A throwaway entry that imports `specifier` (resolved from the repo root). */
function entryImporting(specifier: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-probe-"));
  probes.push(dir);
  const file = path.join(dir, "entry.ts");
  fs.writeFileSync(
    file,
    `import * as m from ${JSON.stringify(path.join(ROOT, specifier))};\n` +
      "export const handler = async () => Object.keys(m).length;\n",
  );
  return file;
}

describe("events: Lambda bundles stay free of DuckDB", () => {
  const handlers = lambdaHandlers();
  after(() => {
    for (const dir of probes.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds every Lambda handler of the repo, the ingestion transform among them", () => {
    expect(handlers).to.include(TRANSFORM_ENTRY);
    expect(handlers.length).to.be.at.least(4);
  });

  for (const entry of lambdaHandlers()) {
    it(`bundles ${path.relative(ROOT, entry)} without DuckDB`, () => {
      const bundle = bundleSource(entry);
      expect(bundle.length).to.be.greaterThan(0);
      expect(bundle).not.to.match(/duckdb/i);
    });
  }

  it("keeps the events index light: a handler importing it bundles without DuckDB", () => {
    expect(bundleSource(entryImporting("events/index.ts"))).not.to.match(/duckdb/i);
  });

  it("cannot bundle the lake writer at all, which is why it lives apart at events/lake", () => {
    expect(() => bundleSource(entryImporting("events/lake.ts"))).to.throw(/@duckdb\/node-bindings/);
  });
});
