/**
 * Item and user catalogues that match a generated behaviour log: the same ids, and list prices
 * equal to the prices the log's buys pay (both come from `shelfPrices` over the log's seed). The
 * categories and segments draw from a stream of their own, so adding them left every generated
 * log unchanged.
 */
import { CATALOGUES, type CatalogueKind } from "./catalogue";
import { SeededRandom } from "./random";

/** Category paths `top|sub`: Personalize reads `|` as several categories, so both levels count. */
export const CATEGORIES = [
  "home|kitchen",
  "home|garden",
  "fashion|shoes",
  "fashion|bags",
  "electronics|audio",
  "electronics|phones",
  "books|fiction",
  "sports|outdoor",
] as const;
export const SEGMENTS = ["new", "casual", "loyal", "bargain-hunter"] as const;

export interface CatalogueItem {
  readonly item_id: string;
  readonly category: string;
  readonly price: number;
  readonly creation_timestamp: number;
}
export interface CatalogueUser {
  readonly user_id: string;
  readonly segment: string;
  readonly signup_date: string;
}
export interface GeneratedCatalogue {
  readonly items: CatalogueItem[];
  readonly users: CatalogueUser[];
}

const DAY = 86_400_000;

/** `prefix-0007`: ids zero-padded to the width of the count, as the log names them. */
export function catalogueIds(prefix: "i" | "u", count: number): string[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(width, "0")}`);
}

/** Shelf prices ending in .99, in integer cents first so no float noise reaches the lake. */
export function shelfPrices(random: SeededRandom, count: number): number[] {
  return Array.from({ length: count }, () => (Math.round(4 + random.next() * 196) * 100 - 1) / 100);
}

/** A seed of its own for the catalogue's attributes, derived from the log's. */
const attributeSeed = (seed: number) => (seed ^ 0x5bd1e995) >>> 0;

export function generateCatalogue(options: {
  readonly users: number;
  readonly items: number;
  readonly seed: number;
  /** First day of the log, "YYYY-MM-DD": items were listed and users signed up before it. */
  readonly start: string;
}): GeneratedCatalogue {
  // The log draws its prices first from SeededRandom(seed): the same draws give the same prices.
  const prices = shelfPrices(new SeededRandom(options.seed), options.items);
  const random = new SeededRandom(attributeSeed(options.seed));
  const start = Date.parse(`${options.start}T00:00:00.000Z`);
  const items = catalogueIds("i", options.items).map((item_id, i) => ({
    item_id,
    category: CATEGORIES[random.int(0, CATEGORIES.length - 1)],
    price: prices[i],
    creation_timestamp: Math.floor((start - random.int(1, 365) * DAY) / 1000),
  }));
  const users = catalogueIds("u", options.users).map((user_id) => ({
    user_id,
    segment: SEGMENTS[random.weighted([2, 4, 3, 1])],
    signup_date: new Date(start - random.int(1, 730) * DAY).toISOString().slice(0, 10),
  }));
  return { items, users };
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(value: unknown): string {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The catalogue CSV the lake table reads (a header row, then the columns in the definition's
 * order): what a team uploads under personalize/<kind>/.
 */
export function catalogueCsv(kind: CatalogueKind, rows: readonly object[]): string {
  const columns = CATALOGUES[kind].columns.map((c) => c.name);
  const lines = rows.map((row) =>
    columns.map((c) => csvField((row as Record<string, unknown>)[c])).join(","),
  );
  return [columns.join(","), ...lines].join("\n") + "\n";
}
