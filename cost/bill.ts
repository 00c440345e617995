/**
 * Builds one line of the bill: quantities times prices, with the arithmetic written into the
 * basis as it is computed, so a reader can redo any line by hand. A price the table does not know
 * turns the whole line unknown (monthly null) and says which price is missing.
 */
import type { PriceKey, PriceTable } from "./prices";
import type { CostItem } from "./types";

const PER_LABEL: Record<number, string> = {
  1_000: "1K",
  10_000: "10K",
  100_000: "100K",
  1_000_000: "1M",
};

/** 13,140,000 / 62.66 / 0.0008: readable, with enough digits to recompute. */
export function formatQuantity(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  const digits = Math.abs(n) >= 100 ? 1 : Math.abs(n) >= 1 ? 2 : 4;
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** $1,234.57, or more digits for sub-cent amounts so they do not read as zero. */
export function formatUsd(n: number): string {
  if (n !== 0 && Math.abs(n) < 0.01) return `$${Number(n.toPrecision(2))}`;
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export const roundCents = (n: number) => Math.round(n * 100) / 100;

export class Bill {
  private readonly terms: string[] = [];
  private readonly notes: string[] = [];
  private readonly missing: PriceKey[] = [];
  private amount = 0;

  constructor(
    private readonly prices: PriceTable | undefined,
    private readonly region: string,
  ) {}

  /**
   * Adds `quantity` units priced per `per` units (e.g. requests per 1,000,000): the term reads
   * "13,140,000 PUT units × $0.014 per 1M = $0.18".
   */
  charge(quantity: number, what: string, key: PriceKey, per = 1): this {
    const usd = this.prices?.[key].usd ?? null;
    if (usd === null) {
      this.missing.push(key);
      this.terms.push(`${formatQuantity(quantity)} ${what} × (unknown ${key})`);
      return this;
    }
    const cost = (quantity / per) * usd;
    this.amount += cost;
    this.terms.push(
      `${formatQuantity(quantity)} ${what} × $${usd}${per === 1 ? "" : ` per ${PER_LABEL[per] ?? per}`} = ${formatUsd(cost)}`,
    );
    return this;
  }

  /** A quantity's derivation or an assumption, shown before the charges. */
  note(text: string): this {
    this.notes.push(text);
    return this;
  }

  item(urn: string, type: string): CostItem {
    const work = [...this.notes, ...this.terms].join("; ");
    if (this.missing.length > 0) {
      const where = this.prices
        ? `no ${this.region} price`
        : `region ${this.region} is not in cost/prices.ts`;
      return {
        urn,
        type,
        monthly: null,
        basis: `unknown: ${where} for ${[...new Set(this.missing)].join(", ")}. ${work}`,
      };
    }
    return {
      urn,
      type,
      monthly: roundCents(this.amount),
      basis: `${work} → ${formatUsd(this.amount)}`,
    };
  }
}
