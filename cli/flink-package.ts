#!/usr/bin/env node
/**
 * `npx reco-analytics-flink-package [--skip-jars] [--out PATH]`: builds the Flink application zip
 * from a project that installed reco-analytics. The zip belongs beside the installed component
 * (in node_modules), where RealtimeAnalytics looks for it, so the script runs the package's own
 * packager, wherever npm put it; `npm run flink:package` does the same inside this repository.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/** package.py beside the component: ../components/… from cli/ in the sources and in bin/. */
export const PACKAGER = path.resolve(
  __dirname,
  "..",
  "components",
  "realtime-analytics",
  "flink",
  "package.py",
);

if (require.main === module) {
  const result = spawnSync("python3", [PACKAGER, ...process.argv.slice(2)], { stdio: "inherit" });
  if (result.error) {
    process.stderr.write(
      `reco-analytics-flink-package: cannot run python3 (${result.error.message}). Fix: install Python 3.\n`,
    );
    process.exitCode = 2;
  } else {
    process.exitCode = result.status ?? 1;
  }
}
