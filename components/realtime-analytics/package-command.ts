/**
 * The command that builds the Flink zip, as the reader of a message can run it: inside this
 * repository the npm script; in a project that installed reco-analytics (the component runs from
 * node_modules) that script does not exist, so the bin the package ships.
 */
import * as path from "node:path";

export function flinkPackageCommand(
  args: readonly string[] = [],
  componentDir: string = __dirname,
): string {
  const installed = componentDir.split(path.sep).includes("node_modules");
  const command = installed ? "npx reco-analytics-flink-package" : "npm run flink:package";
  if (args.length === 0) return command;
  return installed ? `${command} ${args.join(" ")}` : `${command} -- ${args.join(" ")}`;
}
