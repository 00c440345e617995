/**
 * Builds the browser client into one minified file: ESM for bundlers and `<script type=module>`,
 * or an IIFE that sets `window.RecoCollector` for a plain `<script>` tag.
 */
import * as path from "node:path";
import * as esbuild from "esbuild";

export const BROWSER_CLIENT_ENTRY = path.join(__dirname, "browser.ts");

export function bundleBrowserClient(format: "esm" | "iife"): string {
  const result = esbuild.buildSync({
    entryPoints: [BROWSER_CLIENT_ENTRY],
    bundle: true,
    platform: "browser",
    // Browsers with fetch keepalive, sendBeacon and crypto.randomUUID (2022 onwards).
    target: ["chrome105", "firefox110", "safari16"],
    format,
    ...(format === "iife" ? { globalName: "RecoCollector" } : {}),
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}
