/**
 * Pure parsing and validation of raw stack configuration. Collects every problem and throws once;
 * each message names the key, the bad value, what is allowed and the command that fixes it.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CONFIG_KEYS,
  ConfigKeySpec,
  REGION_PATTERN,
  SECRET_MASK,
  qualifiedKey,
} from "./config-keys";
import { isMapping } from "./experiment-key";
import { shellQuote, unknownKeyProblems } from "./unknown-keys";

/** Raw values as Pulumi hands them over: strings keyed by `namespace:key`. */
export type RawConfig = Readonly<Record<string, string | undefined>>;

export type ParsedValue =
  string | number | boolean | readonly string[] | Readonly<Record<string, unknown>>;

/**
 * Thrown when stack configuration is invalid. A `RunError` so that the Pulumi CLI prints the
 * message alone, without a stack trace.
 */
export class StackConfigError extends pulumi.RunError {
  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Stack "${stackName}" has ${problems.length} invalid configuration value${
        problems.length === 1 ? "" : "s"
      }:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "StackConfigError";
  }
}

/** The `pulumi config set` that sets `example`; for a list, at `index` (the element to fix). */
export function fixCommand(
  spec: ConfigKeySpec,
  stack: string,
  example = spec.example,
  index = 0,
): string {
  const key = qualifiedKey(spec.key);
  const value = shellQuote(example);
  if (spec.type.kind === "stringList") {
    return `pulumi config set --path '${key}[${index}]' ${value} --stack ${stack}`;
  }
  return `pulumi config set ${key} ${value} --stack ${stack}`;
}

function allowed(spec: ConfigKeySpec): string {
  const t = spec.type;
  switch (t.kind) {
    case "enum":
      return `one of ${t.values.join(", ")}`;
    case "integer":
      return `a whole number from ${t.min} to ${t.max}`;
    case "integerSet":
      return `one of ${t.values.join(", ")}`;
    case "boolean":
      return "true or false";
    case "string":
      return t.rule;
    case "stringList":
      return `a list of ${t.rule}`;
    case "object":
      return t.rule;
  }
}

export function problem(
  spec: ConfigKeySpec,
  stack: string,
  raw: string,
  detail?: string,
  fixValue?: string,
  index?: number,
): string {
  const what = detail ?? `it must be ${allowed(spec)}`;
  return `${qualifiedKey(spec.key)} is ${JSON.stringify(raw)}; ${what}. Fix: ${fixCommand(spec, stack, fixValue, index)}`;
}

function missing(spec: ConfigKeySpec, stack: string, fixValue?: string): string {
  return `${qualifiedKey(spec.key)} is not set; it must be ${allowed(spec)}. Fix: ${fixCommand(spec, stack, fixValue)}`;
}

function parseList(raw: string): string[] | undefined {
  const text = raw.trim();
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) && parsed.every((v) => typeof v === "string")
        ? parsed
        : undefined;
    } catch {
      return undefined;
    }
  }
  return text.split(",").map((s) => s.trim());
}

/**
 * Parses one raw value; returns the value or a problem message. `maskedOk`: the key is a secret
 * the offline plan cannot decrypt, so its mask stands in for a value that is checked on deploy.
 */
function parseValue(
  spec: ConfigKeySpec,
  stack: string,
  raw: string,
  maskedOk: boolean,
  region: string,
): { value: ParsedValue } | { problem: string } | { problems: string[] } {
  const t = spec.type;
  const example = exampleIn(spec, region);
  const bad = (detail?: string, fixValue = example, index?: number) => ({
    problem: problem(spec, stack, raw, detail, fixValue, index),
  });
  switch (t.kind) {
    case "enum":
      return t.values.includes(raw) ? { value: raw } : bad();
    case "integer": {
      const n = Number(raw);
      return /^-?\d+$/.test(raw.trim()) && n >= t.min && n <= t.max ? { value: n } : bad();
    }
    case "integerSet": {
      const n = Number(raw);
      return /^\d+$/.test(raw.trim()) && t.values.includes(n) ? { value: n } : bad();
    }
    case "boolean":
      return raw === "true" || raw === "false" ? { value: raw === "true" } : bad();
    case "string": {
      if (maskedOk && raw === SECRET_MASK) return { value: raw };
      if (raw !== raw.trim()) {
        return bad("it must not start or end with spaces", raw.trim());
      }
      const issue = t.pattern.test(raw) ? t.check?.(raw) : `it must be ${t.rule}`;
      return issue ? bad(issue) : { value: raw };
    }
    case "stringList": {
      const list = parseList(raw);
      if (!list) return bad(`it must be ${allowed(spec)} (a YAML list)`);
      const wrong = list.filter((v) => !(maskedOk && v === SECRET_MASK) && !t.pattern.test(v));
      return wrong.length === 0
        ? { value: list }
        : bad(
            `${wrong.map((w) => JSON.stringify(w)).join(", ")} ${
              wrong.length === 1 ? "is" : "are"
            } not valid; it must be ${allowed(spec)}`,
            example,
            // The fix replaces the first bad element where it stands.
            list.indexOf(wrong[0]),
          );
    }
    case "object": {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
      if (!isMapping(value)) return bad();
      const problems = t.check(value, qualifiedKey(spec.key), stack);
      return problems.length === 0 ? { value } : { problems };
    }
  }
}

/** The key's example with the stack's region, so a fix never moves a resource to us-east-1. */
export function exampleIn(spec: ConfigKeySpec, region: string): string {
  return REGION_PATTERN.test(region)
    ? spec.example.replace(/:us-east-1:/, `:${region}:`)
    : spec.example;
}

/**
 * Pulumi.yaml declares optional keys with a neutral default (`""` or `0`) so that stacks need not
 * set them; both mean "use the tier default". A blank string means the same for every key: YAML's
 * `owner:` (null) or `owner: " "` leaves the tag unset rather than tagging resources "null".
 */
function isUnset(spec: ConfigKeySpec, raw: string | undefined): raw is undefined {
  if (raw === undefined || raw.trim() === "") return true;
  const numeric = spec.type.kind === "integer" || spec.type.kind === "integerSet";
  return !spec.required && numeric && raw.trim() === "0";
}

export interface ParsedConfig {
  readonly values: ReadonlyMap<string, ParsedValue>;
  /** Keys (unqualified) whose secret value the offline plan cannot read. */
  readonly masked: ReadonlySet<string>;
  readonly problems: readonly string[];
}

/**
 * Parses every known key. Secret values are accepted for the keys where a secret makes sense and
 * refused elsewhere (a secret tier or tag only hides what AWS shows anyway). Unknown keys in the
 * project's namespace, or in a namespace one typo away from it, are problems too.
 */
export function parseConfig(
  raw: RawConfig,
  stack: string,
  secretKeys: ReadonlySet<string> = new Set(),
): ParsedConfig {
  const values = new Map<string, ParsedValue>();
  const masked = new Set<string>();
  const problems: string[] = [];
  const region = raw["aws:region"] ?? "";
  for (const spec of CONFIG_KEYS) {
    const key = qualifiedKey(spec.key);
    const value = raw[key];
    if (isUnset(spec, value)) {
      if (spec.required) problems.push(missing(spec, stack, exampleIn(spec, region)));
      continue;
    }
    const secret = secretKeys.has(key);
    if (secret && !spec.secret) {
      problems.push(
        `${key} is a secret, but it is not sensitive and the plan needs to read it; secrets are for ${CONFIG_KEYS.filter(
          (s) => s.secret,
        )
          .map((s) => s.key)
          .join(
            ", ",
          )}. Fix: ${fixCommand(spec, stack, exampleIn(spec, region))} (without --secret)`,
      );
      continue;
    }
    const parsed = parseValue(spec, stack, value, secret, region);
    if ("problem" in parsed) problems.push(parsed.problem);
    else if ("problems" in parsed) problems.push(...parsed.problems);
    else {
      values.set(spec.key, parsed.value);
      const shown = parsed.value;
      if (shown === SECRET_MASK || (Array.isArray(shown) && shown.includes(SECRET_MASK))) {
        masked.add(spec.key);
      }
    }
  }
  problems.push(...unknownKeyProblems(raw, stack));
  return { values, masked, problems };
}
