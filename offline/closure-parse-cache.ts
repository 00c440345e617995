/**
 * Pulumi serialises a dynamic provider by walking every function it reaches, and parses each
 * function's source text with TypeScript to find what it captures. A prod plan parses about 400
 * function texts, 100 of them distinct (the Personalize providers share their helpers), and the
 * parse is a pure function of the text. This memoises it in the process and keeps each result on
 * disk under the text's hash, so a plan parses only functions whose code changed. The parse stays
 * synchronous, so the serialiser's order of work, and with it the plan's, is unchanged.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { readCacheEntry, writeCacheEntry } from "../components/shared/cache-entry";

// Internal: the module createClosure requires for every function it serialises. Loaded by
// @pulumi/pulumi's runtime already, so requiring it here costs nothing.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parseFunctionModule = require("@pulumi/pulumi/runtime/closure/parseFunction");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PULUMI_VERSION: string = require("@pulumi/pulumi/package.json").version;

type ParseResult = [string, unknown];

const DIR = Symbol.for("reco-analytics.closure-parse-cache");
const processGlobal = globalThis as { [DIR]?: string };

/** The parser's results hold Maps (captured variable name → property chains). */
const encode = (_key: string, value: unknown) =>
  value instanceof Map ? { __map: [...value.entries()] } : value;
const decode = (_key: string, value: unknown) =>
  value !== null && typeof value === "object" && "__map" in value
    ? new Map((value as { __map: [unknown, unknown][] }).__map)
    : value;

/** Serves Pulumi's function parser from memory and from `dir` (the latest one given). */
export function cacheClosureParsing(dir: string): void {
  const installed = processGlobal[DIR] !== undefined;
  processGlobal[DIR] = dir;
  if (installed) return;
  const parse: (text: string) => ParseResult = parseFunctionModule.parseFunction;
  // Per cache folder, so that a plan given a fresh folder fills it.
  const memos = new Map<string, Map<string, ParseResult>>();
  parseFunctionModule.parseFunction = (text: string): ParseResult => {
    const dir = processGlobal[DIR]!;
    const memo = memos.get(dir) ?? new Map<string, ParseResult>();
    memos.set(dir, memo);
    const known = memo.get(text);
    if (known) return known;
    const key = createHash("sha1").update(`${PULUMI_VERSION}\0${text}`).digest("hex");
    const file = path.join(dir, `${key}.json`);
    const stored = readCacheEntry<{ text: string; result: ParseResult }>(
      file,
      (v) => v?.text === text,
      decode,
    );
    const result = stored?.result ?? parse(text);
    if (!stored) writeCacheEntry(file, { text, result }, encode);
    memo.set(text, result);
    return result;
  };
}
