/**
 * Argument parsing shared by the commands that act on one stack (`plan`, `cost`): unknown flags
 * and a missing `--stack` exit 2 with the message and the command's usage.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";

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
  err: TextSink,
): { values: Values<O> & { stack: string } } | { exitCode: 2 } {
  let values: Values<O>;
  try {
    values = parseArgs({ args: argv, options, strict: true }).values;
  } catch (e) {
    err.write(`${(e as Error).message}\n${usage}\n`);
    return { exitCode: 2 };
  }
  const stack = (values as { stack?: unknown }).stack;
  if (typeof stack !== "string" || stack === "") {
    err.write(`--stack is required\n${usage}\n`);
    return { exitCode: 2 };
  }
  return { values: values as Values<O> & { stack: string } };
}
