/**
 * Argument parsing shared by the commands that act on one stack (`plan`, `cost`): `--help` prints
 * the usage and exits 0; unknown flags, a missing `--stack` and an output path that cannot be
 * written exit 2 with the message and the command's usage, before any work starts.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { OutputPathError, checkOutputPath } from "./output-file";

/** Where a command prints: process.stdout and process.stderr, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
}

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true }>
>["values"];

/** The parsed flags with a `stack`, or the exit code after the problem was printed to `err`. */
export function parseStackArgs<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
  io: {
    out: TextSink;
    err: TextSink;
    /** What `--help` prints: the usage and what the command does. @default usage */
    help?: string;
    outputFlags?: readonly (keyof O & string)[];
  },
): { values: Values<O> & { stack: string } } | { exitCode: 0 | 2 } {
  const { out, err } = io;
  let values: Values<O>;
  try {
    const all = { ...options, help: { type: "boolean", short: "h" } } as const;
    const parsed = parseArgs({ args: argv, options: all, strict: true }).values;
    if ((parsed as { help?: boolean }).help) {
      out.write(`${io.help ?? usage}\n`);
      return { exitCode: 0 };
    }
    values = parsed as Values<O>;
  } catch (e) {
    err.write(`${(e as Error).message}\n${usage}\n`);
    return { exitCode: 2 };
  }
  const stack = (values as { stack?: unknown }).stack;
  if (typeof stack !== "string" || stack === "") {
    err.write(`--stack is required\n${usage}\n`);
    return { exitCode: 2 };
  }
  for (const flag of io.outputFlags ?? []) {
    const file = (values as Record<string, unknown>)[flag];
    if (typeof file !== "string") continue;
    try {
      checkOutputPath(`--${flag}`, file);
    } catch (e) {
      if (!(e instanceof OutputPathError)) throw e;
      err.write(`${e.message}\n`);
      return { exitCode: 2 };
    }
  }
  return { values: values as Values<O> & { stack: string } };
}
