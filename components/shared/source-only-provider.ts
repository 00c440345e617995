/**
 * Pulumi serialises a dynamic provider into JavaScript text each time a program runs, by walking
 * every function and value the provider reaches through V8's inspector. For a provider built only
 * from module-level code and constants, that text is a function of the source files its module
 * imports, so a tool that runs the program often (the offline plan) may keep the text and reuse it
 * while those files are unchanged. This is where a provider says so; nothing here changes the
 * provider or what `pulumi up` serialises.
 */

const REGISTRY = Symbol.for("reco-analytics.source-only-providers");
const processGlobal = globalThis as { [REGISTRY]?: WeakMap<object, string> };
// Process-wide: the offline plan reloads a program's modules for each stack, and a caller may hold
// another copy of this module.
const declared = (processGlobal[REGISTRY] ??= new WeakMap<object, string>());

/**
 * Declares that `provider` captures no value computed at run time (no configuration, environment,
 * clock or randomness): its serialised text depends only on `moduleFile` (the file that builds the
 * provider, `__filename`) and what that file imports.
 */
export function sourceOnlyProvider<T extends object>(provider: T, moduleFile: string): T {
  declared.set(provider, moduleFile);
  return provider;
}

/** The file that built a provider declared source-only, or undefined for any other provider. */
export function sourceOnlyProviderModule(provider: unknown): string | undefined {
  return typeof provider === "object" && provider !== null ? declared.get(provider) : undefined;
}
