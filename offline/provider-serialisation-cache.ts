/**
 * Serialising the dynamic providers was a quarter of a prod plan's CPU: Pulumi opens V8's
 * inspector (which first reports every script already loaded, some thousands), then asks it for
 * the scopes of each function the provider reaches. For a provider declared source-only
 * (components/shared/source-only-provider.ts) the resulting text is a function of the files its
 * module imports, so this keeps each text on disk under a key made of those files' contents (and
 * of everything else that shapes the text: Pulumi's and Node's versions, the working directory the
 * serialiser writes module paths against, the lockfile). A changed file is a new key, and so a
 * fresh serialisation; any other provider is serialised as Pulumi always does.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { readCacheEntry, writeCacheEntry } from "../components/shared/cache-entry";
import { sourceOnlyProviderModule } from "../components/shared/source-only-provider";

// Internal: dynamic.Resource calls `serializeFunction` through this module's exports object, so a
// replacement installed there is the one it uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const serializeClosure = require("@pulumi/pulumi/runtime/closure/serializeClosure");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PULUMI_VERSION: string = require("@pulumi/pulumi/package.json").version;
const LOCKFILE = path.resolve(__dirname, "..", "package-lock.json");

interface SerializedFunction {
  readonly text: string;
  readonly exportName: string;
  readonly containsSecrets: boolean;
}
type Serialize = (func: unknown, args?: { allowSecrets?: boolean }) => Promise<SerializedFunction>;

/**
 * @pulumi/pulumi's dynamic.Resource serialises its provider as `() => provider`: the one call
 * whose function can be run to read the provider without running anyone's code.
 */
const DYNAMIC_PROVIDER_THUNK = "() => provider";

const STATE = Symbol.for("reco-analytics.provider-serialisation-cache");
const processGlobal = globalThis as {
  [STATE]?: { dir: string; contentHashes: Map<string, string> };
};

const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

/** Every file `moduleFile` loaded, directly or not, outside node_modules (the lockfile covers those). */
function localSourcesOf(moduleFile: string): string[] {
  const seen = new Set<string>([moduleFile]);
  const queue = [moduleFile];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const child of require.cache[file]?.children ?? []) {
      if (seen.has(child.filename) || child.filename.includes(`${path.sep}node_modules${path.sep}`))
        continue;
      seen.add(child.filename);
      queue.push(child.filename);
    }
  }
  return [...seen].sort();
}

function keyOf(moduleFile: string, provider: object, contentHashes: Map<string, string>): string {
  const hashOf = (file: string) => {
    let hash = contentHashes.get(file);
    if (hash === undefined) {
      hash = fs.existsSync(file) ? sha256(fs.readFileSync(file)) : "missing";
      contentHashes.set(file, hash);
    }
    return hash;
  };
  return sha256(
    JSON.stringify({
      pulumi: PULUMI_VERSION,
      node: process.version,
      cwd: process.cwd(),
      lockfile: hashOf(LOCKFILE),
      provider: [moduleFile, provider.constructor?.name ?? null],
      sources: localSourcesOf(moduleFile).map((file) => [file, hashOf(file)]),
    }),
  );
}

/**
 * Serves source-only dynamic providers' serialisations from `dir` (the latest one given). Each call
 * starts a new plan: file contents are hashed again, once per plan.
 */
export function cacheProviderSerialisation(dir: string): void {
  const installed = processGlobal[STATE] !== undefined;
  processGlobal[STATE] = { dir, contentHashes: new Map() };
  if (installed) return;
  const serialize: Serialize = serializeClosure.serializeFunction;
  serializeClosure.serializeFunction = (func: unknown, args?: { allowSecrets?: boolean }) => {
    const isProviderThunk =
      typeof func === "function" && func.length === 0 && func.toString() === DYNAMIC_PROVIDER_THUNK;
    const provider: unknown = isProviderThunk ? (func as () => unknown)() : undefined;
    const moduleFile = sourceOnlyProviderModule(provider);
    if (moduleFile === undefined) return serialize(func, args);
    const state = processGlobal[STATE]!;
    const file = path.join(
      state.dir,
      `${keyOf(moduleFile, provider as object, state.contentHashes)}.json`,
    );
    const stored = readCacheEntry<SerializedFunction>(file, (v) => typeof v?.text === "string");
    if (stored) return Promise.resolve(stored);
    return serialize(func, args).then((serialized) => {
      writeCacheEntry(file, serialized);
      return serialized;
    });
  };
}
