/**
 * Lambda bundles built with esbuild from the handler's TypeScript source. The AWS SDK is bundled
 * too (not taken from the runtime) so that the version deployed is the one the lockfile tested.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import * as pulumi from "@pulumi/pulumi";
import { cachedBundle, storeBundle } from "./bundle-cache";

const cache = new Map<string, string>();

/**
 * The handler's source: the .ts file when running from source (ts-node, tests, the offline plan),
 * or the compiled .js beside it when the package is used from its build output.
 */
function resolveEntry(entry: string): string {
  if (fs.existsSync(entry)) return entry;
  const compiled = entry.replace(/\.ts$/, ".js");
  if (compiled !== entry && fs.existsSync(compiled)) return compiled;
  throw new Error(`Lambda handler source ${entry} does not exist`);
}

/** Bundles `entry` (an absolute path to a .ts file exporting `handler`) into one CommonJS file. */
export function bundleSource(entry: string): string {
  const cached = cache.get(entry);
  if (cached !== undefined) return cached;
  const source = resolveEntry(entry);
  const options: esbuild.BuildOptions = {
    entryPoints: [source],
    // esbuild otherwise takes the working directory its module saw when first loaded, which a
    // later process.chdir (the offline plan of another project folder) leaves behind; the
    // metafile's input paths are relative to it.
    absWorkingDir: path.dirname(source),
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    legalComments: "none",
    write: false,
    outfile: "index.js",
    logLevel: "silent",
  };
  const key = JSON.stringify({ esbuild: esbuild.version, options });
  let text = cachedBundle(key);
  if (text === undefined) {
    const result = esbuild.buildSync({ ...options, metafile: true });
    text = result.outputFiles![0].text;
    const inputs = Object.keys(result.metafile!.inputs).map((f) =>
      path.resolve(options.absWorkingDir!, f),
    );
    storeBundle(key, inputs, text);
  }
  cache.set(entry, text);
  return text;
}

/** The bundle as a Pulumi archive whose handler is `index.handler`. */
export function bundleArchive(entry: string): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset(bundleSource(entry)),
  });
}
