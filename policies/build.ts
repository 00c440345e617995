/**
 * Bundles the pack's entry into `policies/bin/index.js`, the `main` of policies/package.json, so the
 * pack loads from its own folder (`pulumi policy publish`, a pack installed elsewhere) with only the
 * dependencies that file declares. The policies import the cost model and tier caps from the
 * repository (`../cost`, `../stacks`, `../components`); bundling carries exactly that code along
 * instead of copying it, so the gate and the published pack never drift apart.
 *
 * Only the declared dependencies stay external: anything else the entry imports is bundled, and a
 * new undeclared package would be bundled too rather than silently missing at load time.
 *
 * Usage: npm run build:policy-pack
 */
import * as path from "node:path";
import { buildSync } from "esbuild";

const PACK_DIR = __dirname;
export const PACK_ENTRY = path.join(PACK_DIR, "index.ts");
export const PACK_BUNDLE = path.join(PACK_DIR, "bin", "index.js");

// eslint-disable-next-line @typescript-eslint/no-require-imports
const manifest: {
  main?: string;
  dependencies?: Record<string, string>;
} = require("./package.json");

/** Builds the bundle; returns the packages it leaves to `npm install` (the declared dependencies). */
export function buildPolicyPack(): string[] {
  if (path.resolve(PACK_DIR, manifest.main ?? "") !== PACK_BUNDLE) {
    throw new Error(
      `policies/package.json "main" is ${JSON.stringify(manifest.main)}; set it to "bin/index.js", the bundle this build writes`,
    );
  }
  const external = Object.keys(manifest.dependencies ?? {});
  buildSync({
    entryPoints: [PACK_ENTRY],
    outfile: PACK_BUNDLE,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external,
    sourcemap: true,
    logLevel: "warning",
  });
  return external;
}

if (require.main === module) {
  const external = buildPolicyPack();
  console.log(
    `${path.relative(process.cwd(), PACK_BUNDLE)} written; left to npm install: ${external.join(", ")}`,
  );
}
