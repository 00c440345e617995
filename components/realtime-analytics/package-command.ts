/**
 * The command that builds the Flink zip, as the reader of a message can run it: inside this
 * repository the npm script; in a project that installed reco-analytics (the component runs from
 * node_modules) that script does not exist, so the bin the package ships.
 */
import * as path from "node:path";

export function flinkPackageCommand(componentDir: string = __dirname): string {
  return componentDir.split(path.sep).includes("node_modules")
    ? "npx reco-analytics-flink-package"
    : "npm run flink:package";
}
