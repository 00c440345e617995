/**
 * Rules that span several keys, or that a component would otherwise enforce on its args after
 * resources already exist: each is stated here in terms of the config keys a user sets, so one
 * report lists every problem before any resource is registered.
 */
import { CONFIG_KEYS, ConfigKeySpec, qualifiedKey } from "./config-keys";
import type { CrossCheckInput } from "./cross-check-input";
import { experimentCampaignProblems } from "./experiment-checks";
import { storeProblems } from "./store-checks";
import { exampleIn, fixCommand, problem } from "./validate";

const spec = (key: string): ConfigKeySpec => CONFIG_KEYS.find((s) => s.key === key)!;
const q = qualifiedKey;

/** `arn:partition:service:region:account:resource` split into its fields. */
function arnFields(arn: string): { region: string; account: string } {
  const [, , , region, account] = arn.split(":");
  return { region, account };
}

function workloadProblems(c: CrossCheckInput): string[] {
  const avgSet = c.values.get("avgEventsPerSecond") as number | undefined;
  const peakSet = c.values.get("peakEventsPerSecond") as number | undefined;
  const avg = avgSet ?? c.profile.workload.avgEventsPerSecond;
  const peak = peakSet ?? c.profile.workload.peakEventsPerSecond;
  if (peak >= avg) return [];
  const peakSpec = spec("peakEventsPerSecond");
  // Name the value the user set; a tier default is quoted as a default, never as their input.
  if (peakSet === undefined) {
    return [
      `${q("avgEventsPerSecond")} is "${avg}"; it is above the ${c.tier} tier's default peak of ${peak} events/s (${q(
        "peakEventsPerSecond",
      )} is not set), and the peak must be at least the average. Fix: ${fixCommand(peakSpec, c.stack, String(avg))}`,
    ];
  }
  const avgText =
    avgSet === undefined
      ? `the ${c.tier} tier's default average ${avg}`
      : `${q("avgEventsPerSecond")} (${avg})`;
  return [problem(peakSpec, c.stack, String(peak), `it must be at least ${avgText}`, String(avg))];
}

function streamProblems(c: CrossCheckInput): string[] {
  const problems: string[] = [];
  const streamArn = c.values.get("existingStreamArn") as string | undefined;
  const keyArn = c.values.get("existingStreamKmsKeyArn") as string | undefined;
  const regionOk = (key: string, arn: string | undefined) =>
    !arn || c.masked.has(key) || !c.region || arnFields(arn).region === c.region;
  const inRegion = (arn: string) => arn.replace(/^(arn:[^:]+:[^:]+:)[^:]+:/, `$1${c.region}:`);
  if (!regionOk("existingStreamArn", streamArn)) {
    problems.push(
      problem(
        spec("existingStreamArn"),
        c.stack,
        streamArn!,
        `the stream must be in the stack's region ${c.region}; Firehose and Lambda cannot read a stream in another region`,
        inRegion(streamArn!),
      ),
    );
  }
  if (!regionOk("existingStreamKmsKeyArn", keyArn)) {
    problems.push(
      problem(
        spec("existingStreamKmsKeyArn"),
        c.stack,
        keyArn!,
        `a stream's encryption key must be in the stream's region ${c.region}: KMS keys are regional`,
        inRegion(keyArn!),
      ),
    );
  }
  if (keyArn && !streamArn) {
    problems.push(
      `${q("existingStreamKmsKeyArn")} is set but ${q(
        "existingStreamArn",
      )} is not; the key only describes an adopted stream. Fix: ${fixCommand(
        spec("existingStreamArn"),
        c.stack,
        exampleIn(spec("existingStreamArn"), c.region),
      )} or pulumi config rm ${q("existingStreamKmsKeyArn")} --stack ${c.stack}`,
    );
  }
  return problems;
}

/**
 * The stack deploys into one account: the assumed role's when one is set. An adopted stream and
 * the QuickSight principals must live there (Firehose reads only same-account streams; QuickSight
 * grants permissions only to its own account's users and groups).
 */
function accountProblems(c: CrossCheckInput): string[] {
  const sources: { key: string; arn: string; index?: number }[] = [];
  for (const key of ["assumeRoleArn", "existingStreamArn"]) {
    const arn = c.values.get(key) as string | undefined;
    if (arn && !c.masked.has(key)) sources.push({ key, arn });
  }
  const principals = (c.values.get("quicksightPrincipals") as readonly string[] | undefined) ?? [];
  if (!c.masked.has("quicksightPrincipals")) {
    principals.forEach((arn, index) => sources.push({ key: "quicksightPrincipals", arn, index }));
  }
  if (sources.length < 2) return [];
  const first = sources[0];
  const account = arnFields(first.arn).account;
  return sources
    .filter((s) => arnFields(s.arn).account !== account)
    .map(
      (s) =>
        `${q(s.key)} names account ${arnFields(s.arn).account} (${s.arn}) but ${q(first.key)} names account ${account}; a stack deploys into one account. Fix: ${fixCommand(
          spec(s.key),
          c.stack,
          s.arn.replace(/^(arn:[^:]+:[^:]+:[^:]*:)\d{12}:/, `$1${account}:`),
          s.index,
        )}`,
    );
}

function componentProblems(c: CrossCheckInput): string[] {
  const problems: string[] = [];
  const engine = (c.values.get("realtimeEngine") as string | undefined) ?? c.profile.realtimeEngine;
  if (c.values.has("flinkArtifactS3Uri") && engine !== "flink") {
    problems.push(
      `${q("flinkArtifactS3Uri")} is set but ${q("realtimeEngine")} is ${JSON.stringify(
        engine,
      )}; the artifact is only used by the flink engine. Fix: ${fixCommand(
        spec("realtimeEngine"),
        c.stack,
        "flink",
      )} or pulumi config rm ${q("flinkArtifactS3Uri")} --stack ${c.stack}`,
    );
  }
  const enabledSet = c.values.get("quicksightEnabled") as boolean | undefined;
  const enabled = enabledSet ?? c.profile.quicksightEnabled;
  const principals = (c.values.get("quicksightPrincipals") as readonly string[] | undefined) ?? [];
  if (enabled && principals.length === 0) {
    const why =
      enabledSet === undefined
        ? `the ${c.tier} tier turns QuickSight on`
        : `${q("quicksightEnabled")} is true`;
    problems.push(
      `${q("quicksightPrincipals")} is not set but ${why}; a dashboard shared with nobody cannot be opened. Fix: ${fixCommand(
        spec("quicksightPrincipals"),
        c.stack,
        exampleIn(spec("quicksightPrincipals"), c.region),
      )} or ${fixCommand(spec("quicksightEnabled"), c.stack, "false")}`,
    );
  }
  if (principals.length > 0 && !enabled) {
    problems.push(
      `${q("quicksightPrincipals")} is set but ${q(
        "quicksightEnabled",
      )} is false; nothing would be shared. Fix: ${fixCommand(spec("quicksightEnabled"), c.stack, "true")}`,
    );
  }
  return problems;
}

/** The collector needs origins, and its other keys mean nothing without it. */
function collectorProblems(c: CrossCheckInput): string[] {
  const enabled = c.values.get("httpCollector") === true;
  const origins = (c.values.get("collectorAllowedOrigins") as readonly string[] | undefined) ?? [];
  const on = fixCommand(spec("httpCollector"), c.stack, "true");
  if (enabled && origins.length === 0) {
    return [
      `${q("collectorAllowedOrigins")} is not set but ${q("httpCollector")} is true; a public collector must name the sites that send to it. Fix: ${fixCommand(spec("collectorAllowedOrigins"), c.stack)}`,
    ];
  }
  if (enabled) return [];
  // Pulumi.yaml's neutral default for the list is [], which sets nothing.
  const set = (key: string) =>
    key === "collectorAllowedOrigins" ? origins.length > 0 : c.values.has(key);
  return ["collectorAllowedOrigins", "collectorRequestsPerClientPer5Min", "collectorAccountLogRole"]
    .filter(set)
    .map(
      (key) =>
        `${q(key)} is set but ${q("httpCollector")} is not true; nothing would use it. Fix: ${on} or remove ${q(key)}`,
    );
}

/** Every cross-key and component-level problem of a stack's parsed values. */
export function crossCheckProblems(c: CrossCheckInput): string[] {
  return [
    ...workloadProblems(c),
    ...streamProblems(c),
    ...accountProblems(c),
    ...componentProblems(c),
    ...collectorProblems(c),
    ...storeProblems(c),
    ...experimentCampaignProblems(c),
  ];
}
