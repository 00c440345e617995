/**
 * How a failed program is reported: the message and where in the program it came from, never the
 * loader's or the runtime's stack frames (they say nothing about the user's code). Configuration
 * errors are Pulumi `RunError`s whose message is the whole story, as the Pulumi CLI shows them.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** The first stack frame in the user's code: not Node's, not a dependency's, not this tool's. */
// This engine's frames and those of the command-line entry points that call it (`cli/`, named by
// path only: the engine imports nothing above it) say nothing about the user's code.
const TOOL_DIRS = [__dirname, path.resolve(__dirname, "..", "cli")].map((dir) => dir + path.sep);

function userFrame(stack: string | undefined): string | undefined {
  return (stack ?? "")
    .split("\n")
    .slice(1)
    .map((line) => line.trim())
    .find(
      (line) =>
        line.startsWith("at ") &&
        !line.includes("node:") &&
        !line.includes(`${path.sep}node_modules${path.sep}`) &&
        !TOOL_DIRS.some((dir) => line.includes(dir)),
    );
}

/** swc reports a syntax error as a code frame followed by its own Rust backtrace. */
function swcSyntaxError(message: string): string | undefined {
  if (!/Syntax Error/.test(message) || !message.includes("Caused by:")) return undefined;
  return `syntax error:\n${message.slice(0, message.indexOf("Caused by:")).trimEnd()}`;
}

/** One readable description of what a program threw or left rejected. */
export function describeFailure(failure: unknown, context: "threw" | "rejected"): string {
  // Argument errors (RunError, InputPropertiesError) are shown by Pulumi as their message alone.
  if (pulumi.RunError.isInstance(failure) || failure instanceof pulumi.InputPropertiesError) {
    return failure.message;
  }
  if (!(failure instanceof Error)) {
    return `the program ${context === "threw" ? "threw" : "rejected a promise with"} a value that is not an Error: ${String(failure)}`;
  }
  const syntax = swcSyntaxError(failure.message);
  if (syntax) return syntax;
  const frame = userFrame(failure.stack);
  const lead = context === "rejected" ? "a promise rejection nothing handled: " : "";
  return `${lead}${failure.name}: ${failure.message}${frame ? `\n    ${frame}` : ""}`;
}
