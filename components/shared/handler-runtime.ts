/**
 * Small runtime helpers shared by the handlers: environment parsing that fails at cold start with
 * the variable's name (a misconfigured function should fail loudly, not serve wrong answers), and
 * bounded concurrency for fan-out calls.
 */

/** The value of a required environment variable, or an error naming it. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new Error(
      `environment variable ${name} is not set; the component that deploys this function sets it`,
    );
  }
  return value;
}

/** A JSON environment variable, validated by `check`, or `fallback` when unset. */
export function jsonEnv<T>(
  name: string,
  check: (value: unknown) => value is T,
  expected: string,
  fallback: T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(
      `environment variable ${name} must be JSON (${expected}), got ${JSON.stringify(raw)}`,
    );
  }
  if (!check(value)) {
    throw new Error(`environment variable ${name} must be ${expected}, got ${raw}`);
  }
  return value;
}

export const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === "string" && x.length > 0);

export const isStringRecord = (v: unknown): v is Record<string, string> =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === "string" && x.length > 0);

/** Maps `items` with at most `limit` calls in flight, keeping the input order in the results. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
