/**
 * Command-line flags the generator tools share (`npm run events`, `npm run catalogue`): strict
 * parsing that prints the usage on an unknown flag, and whole-number flags that fail loudly.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

export type FlagValues = Record<string, string | boolean | undefined>;
export type Writable = { write(text: string): unknown };

/** The flags, or undefined after writing the parser's complaint and the usage to `err`. */
export function parseFlags(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  usage: string,
  err: Writable,
): FlagValues | undefined {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false })
      .values as FlagValues;
  } catch (e) {
    err.write(`${(e as Error).message}\n${usage}\n`);
    return undefined;
  }
}

/** `--flag N`: plain digits only (Number("") is 0, Number("1e3") 1000), else a problem. */
export function wholeNumberFlag(
  values: FlagValues,
  flag: string,
  fallback: number,
  problems: string[],
): number {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  if (/^\d+$/.test(String(raw))) return Number(raw);
  problems.push(`--${flag} must be a whole number, got ${JSON.stringify(raw)}`);
  return fallback;
}
