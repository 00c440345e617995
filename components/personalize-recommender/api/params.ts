/**
 * Query parameters of the recommendation API, validated all at once so a caller sees every problem
 * in one 400 response, each naming the parameter, the bad value and what is allowed.
 */

/**
 * Personalize accepts explicit impression lists of at most 25 items; the API serves no more than it
 * can log as one list.
 */
export const MAX_NUM_RESULTS = 25;
export const DEFAULT_NUM_RESULTS = 10;
/** Suffix of the channel a fallback list is served and logged under, so its CTR is its own row. */
export const FALLBACK_CHANNEL_SUFFIX = "-fallback";
/** The behaviour-log schema's channel limit (64) minus room for the fallback suffix. */
export const MAX_CHANNEL_LENGTH = 64 - FALLBACK_CHANNEL_SUFFIX.length;
/** The behaviour-log schema's channel slug pattern. */
export const CHANNEL_PATTERN = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
/** `filter=none` asks for unfiltered recommendations. */
export const NO_FILTER = "none";
const MAX_ID_LENGTH = 256;

export const QUERY_PARAMETERS = ["userId", "channel", "numResults", "filter", "sessionId"] as const;

export interface RecommendRequest {
  readonly userId: string;
  readonly channel: string;
  readonly numResults: number;
  /** Name of a configured filter, or undefined for none. */
  readonly filter?: string;
  readonly sessionId?: string;
}

export type ParseResult =
  | { readonly ok: true; readonly request: RecommendRequest }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface FilterChoice {
  /** Filter names the deployment configured (name → ARN). */
  readonly filters: Readonly<Record<string, string>>;
  /** Applied when the caller does not name one. */
  readonly defaultFilter?: string;
}

function id(name: string, value: string | undefined, problems: string[], required: boolean) {
  if (value === undefined || value === "") {
    if (required)
      problems.push(`${name} is required: pass ?${name}=<id> (1-${MAX_ID_LENGTH} characters)`);
    return undefined;
  }
  // Characters as the event schema and the API models count them (code points, not UTF-16 units).
  const length = [...value].length;
  if (length > MAX_ID_LENGTH) {
    problems.push(`${name} is ${length} characters; it must be 1-${MAX_ID_LENGTH}`);
    return undefined;
  }
  return value;
}

export function parseRecommendQuery(
  query: Readonly<Record<string, string | undefined>> | undefined,
  choice: FilterChoice,
): ParseResult {
  const q = query ?? {};
  const problems: string[] = [];
  for (const key of Object.keys(q)) {
    if (!(QUERY_PARAMETERS as readonly string[]).includes(key)) {
      problems.push(
        `unknown query parameter ${JSON.stringify(key)}; allowed: ${QUERY_PARAMETERS.join(", ")}`,
      );
    }
  }
  const userId = id("userId", q.userId, problems, true);
  const sessionId = id("sessionId", q.sessionId, problems, false);

  const channel = q.channel;
  if (channel === undefined || channel === "") {
    problems.push("channel is required: pass ?channel=<placement>, e.g. home-rfy");
  } else if (channel.length > MAX_CHANNEL_LENGTH || !CHANNEL_PATTERN.test(channel)) {
    problems.push(
      `channel ${JSON.stringify(channel)} is invalid; it must be a lower-case slug of at most ${MAX_CHANNEL_LENGTH} characters (letters, digits, single - _ . between them), e.g. home-rfy`,
    );
  }

  let numResults = DEFAULT_NUM_RESULTS;
  if (q.numResults !== undefined) {
    numResults = Number(q.numResults);
    if (!/^\d+$/.test(q.numResults) || numResults < 1 || numResults > MAX_NUM_RESULTS) {
      problems.push(
        `numResults ${JSON.stringify(q.numResults)} is invalid; it must be an integer from 1 to ${MAX_NUM_RESULTS} (default ${DEFAULT_NUM_RESULTS})`,
      );
    }
  }

  const names = Object.keys(choice.filters);
  let filter = choice.defaultFilter;
  if (q.filter !== undefined) {
    if (q.filter === NO_FILTER) {
      filter = undefined;
    } else if (names.includes(q.filter)) {
      filter = q.filter;
    } else {
      problems.push(
        `filter ${JSON.stringify(q.filter)} is not configured; allowed: ${[...names, NO_FILTER].join(", ")}`,
      );
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      userId: userId!,
      channel: channel!,
      numResults,
      ...(filter !== undefined ? { filter } : {}),
      ...(sessionId !== undefined ? { sessionId } : {}),
    },
  };
}
