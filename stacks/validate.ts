/**
 * Pure parsing and validation of raw stack configuration. Collects every problem and throws once;
 * each message names the key, the bad value, what is allowed and the command that fixes it.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, ConfigKeySpec, qualifiedKey } from "./config-keys";

/** Raw values as Pulumi hands them over: strings keyed by `namespace:key`. */
export type RawConfig = Readonly<Record<string, string | undefined>>;

export type ParsedValue = string | number | boolean | readonly string[];

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

/** Quotes a value for a POSIX shell when it holds anything beyond safe characters. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

export function fixCommand(spec: ConfigKeySpec, stack: string, example = spec.example): string {
  const key = qualifiedKey(spec.key);
  const value = shellQuote(example);
  if (spec.type.kind === "stringList") {
    return `pulumi config set --path '${key}[0]' ${value} --stack ${stack}`;
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
  }
}

export function problem(spec: ConfigKeySpec, stack: string, raw: string, detail?: string): string {
  const what = detail ?? `it must be ${allowed(spec)}`;
  return `${qualifiedKey(spec.key)} is ${JSON.stringify(raw)}; ${what}. Fix: ${fixCommand(spec, stack)}`;
}

function missing(spec: ConfigKeySpec, stack: string): string {
  return `${qualifiedKey(spec.key)} is not set; it must be ${allowed(spec)}. Fix: ${fixCommand(spec, stack)}`;
}

function parseList(raw: string): string[] | undefined {
  const text = raw.trim();
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) && parsed.every((v) => typeof v === "string") ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return text.split(",").map((s) => s.trim());
}

/** Parses one raw value; returns the value or a problem message. */
function parseValue(
  spec: ConfigKeySpec,
  stack: string,
  raw: string,
): { value: ParsedValue } | { problem: string } {
  const t = spec.type;
  const bad = (detail?: string) => ({ problem: problem(spec, stack, raw, detail) });
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
    case "string":
      return t.pattern.test(raw) ? { value: raw } : bad();
    case "stringList": {
      const list = parseList(raw);
      if (!list) return bad(`it must be ${allowed(spec)} (a YAML list)`);
      const wrong = list.filter((v) => !t.pattern.test(v));
      return wrong.length === 0
        ? { value: list }
        : bad(
            `${wrong.map((w) => JSON.stringify(w)).join(", ")} ${
              wrong.length === 1 ? "is" : "are"
            } not valid; it must be ${allowed(spec)}`,
          );
    }
  }
}

/**
 * Pulumi.yaml declares optional keys with a neutral default (`""` or `0`) so that stacks need not
 * set them; both mean "use the tier default".
 */
function isUnset(spec: ConfigKeySpec, raw: string | undefined): raw is undefined {
  if (raw === undefined || raw === "") return true;
  const numeric = spec.type.kind === "integer" || spec.type.kind === "integerSet";
  return !spec.required && numeric && raw.trim() === "0";
}

export interface ParsedConfig {
  readonly values: ReadonlyMap<string, ParsedValue>;
  readonly problems: readonly string[];
}

/** Parses every known key; unknown keys in the project namespace are problems too (typos). */
export function parseConfig(raw: RawConfig, stack: string): ParsedConfig {
  const values = new Map<string, ParsedValue>();
  const problems: string[] = [];
  for (const spec of CONFIG_KEYS) {
    const value = raw[qualifiedKey(spec.key)];
    if (isUnset(spec, value)) {
      if (spec.required) problems.push(missing(spec, stack));
      continue;
    }
    const parsed = parseValue(spec, stack, value);
    if ("problem" in parsed) problems.push(parsed.problem);
    else values.set(spec.key, parsed.value);
  }
  const known = new Set(CONFIG_KEYS.map((s) => qualifiedKey(s.key)));
  for (const key of Object.keys(raw).sort()) {
    if (key.startsWith(`${qualifiedKey("")}`) && !known.has(key)) {
      problems.push(
        `${key} is not a setting of this program; allowed keys are ${CONFIG_KEYS.filter(
          (s) => !s.key.includes(":"),
        )
          .map((s) => s.key)
          .join(", ")}. Fix: pulumi config rm ${key} --stack ${stack}`,
      );
    }
  }
  return { values, problems };
}
