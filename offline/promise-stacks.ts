/**
 * Pulumi records where every promise it makes was created (`new Error().stack` in
 * `runtime/debuggable.js`, about 10,000 per prod plan) and prints those stacks only when
 * `PULUMI_DEBUG_PROMISE_LEAKS` is set. Reading `.stack` formats it, and under ts-node every frame
 * is mapped through source maps: a sixth of a prod plan's CPU. While a plan runs, stacks captured
 * there are left unformatted unless that variable is set; every other error keeps its full stack.
 *
 * Pulumi also parses a full stack for each resource it constructs (`Resource.callsites`), for the
 * source position it sends the engine. The mock monitor drops that position, so during a plan
 * those stacks keep V8's own format (same frames, positions in the running JavaScript) instead of
 * being mapped to TypeScript lines, another 4 % of a prod plan.
 */

const PULUMI_PROMISE_STACK = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;
const PULUMI_RESOURCE_CALLSITES = /[\\/]@pulumi[\\/]pulumi[\\/]resource\.js$/;

/** What such a stack reads instead, saying how to get the real one. */
export const UNRECORDED_PROMISE_STACK =
  "Error\n    at <promise creation stack not formatted: set PULUMI_DEBUG_PROMISE_LEAKS=1 to record it>";

type Prepare = NonNullable<typeof Error.prepareStackTrace>;

/** V8's own format, for when nothing had replaced it. */
const v8Format: Prepare = (error, callSites) =>
  [String(error), ...callSites.map((site) => `    at ${site}`)].join("\n");

/** Installs the filter; returns the function that removes it. A no-op when leak debugging is on. */
export function skipPulumiStackFormatting(env = process.env): () => void {
  if (env.PULUMI_DEBUG_PROMISE_LEAKS) return () => {};
  const previous = Error.prepareStackTrace;
  const filtered: Prepare = (error, callSites) => {
    const capturedIn = callSites[0]?.getFileName() ?? "";
    if (PULUMI_PROMISE_STACK.test(capturedIn)) return UNRECORDED_PROMISE_STACK;
    if (PULUMI_RESOURCE_CALLSITES.test(capturedIn)) return v8Format(error, callSites);
    return (previous ?? v8Format)(error, callSites);
  };
  Error.prepareStackTrace = filtered;
  return () => {
    // Only undo our own change: whatever replaced it since stays.
    if (Error.prepareStackTrace === filtered) Error.prepareStackTrace = previous;
  };
}
