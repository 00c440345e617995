/**
 * Rules of the optional stores (issue 19): the MSK stream store and the OpenSearch exploration
 * tier, stated in the config keys a user sets so they fail before any resource exists.
 */
import { CONFIG_KEYS, ConfigKeySpec, qualifiedKey } from "./config-keys";
import type { CrossCheckInput } from "./cross-check-input";
import { fixCommand } from "./validate";

const spec = (key: string): ConfigKeySpec => CONFIG_KEYS.find((s) => s.key === key)!;
const q = qualifiedKey;

export function storeProblems(c: CrossCheckInput): string[] {
  const problems: string[] = [];
  const store = (c.values.get("streamStore") as string | undefined) ?? "kinesis";
  const engine = (c.values.get("realtimeEngine") as string | undefined) ?? c.profile.realtimeEngine;
  if (store === "msk" && engine === "lambda") {
    const why = c.values.has("realtimeEngine")
      ? `${q("realtimeEngine")} is "lambda"`
      : `the ${c.tier} tier's realtimeEngine is "lambda"`;
    problems.push(
      `${q("streamStore")} is "msk" but ${why}; the Lambda engine reads the Kinesis stream, which carries no producer events with the MSK store. Fix: ${fixCommand(
        spec("realtimeEngine"),
        c.stack,
        "flink",
      )} (it reads Kafka) or ${fixCommand(spec("realtimeEngine"), c.stack, "off")}`,
    );
  }
  if (store === "msk" && c.values.get("openSearchEnabled") === true) {
    problems.push(
      `${q("openSearchEnabled")} is true but ${q(
        "streamStore",
      )} is "msk"; the exploration tier's Firehose reads the Kinesis stream, which carries no producer events with the MSK store. Fix: ${fixCommand(
        spec("streamStore"),
        c.stack,
        "kinesis",
      )} or ${fixCommand(spec("openSearchEnabled"), c.stack, "false")}`,
    );
  }
  if (c.values.has("openSearchRetentionDays") && c.values.get("openSearchEnabled") !== true) {
    problems.push(
      `${q("openSearchRetentionDays")} is set but ${q(
        "openSearchEnabled",
      )} is not true; there is no exploration tier to keep events in. Fix: ${fixCommand(
        spec("openSearchEnabled"),
        c.stack,
        "true",
      )} or pulumi config rm ${q("openSearchRetentionDays")} --stack ${c.stack}`,
    );
  }
  return problems;
}
