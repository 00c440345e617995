/**
 * The README's dev/prod table states the tier defaults in prose; each cell is checked against
 * TIER_PROFILES, the defaults the program actually applies.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { TIER_PROFILES } from "../../stacks";
import type { TierProfile } from "../../stacks/tiers";

const README = fs.readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");

/** Rows of the table whose header is `| | dev | prod |`, keyed by their first cell. */
function tierTable(): Map<string, { dev: string; prod: string }> {
  const lines = README.split("\n");
  const start = lines.indexOf("| | dev | prod |");
  expect(start, "README has the dev/prod table").to.be.greaterThan(-1);
  const rows = new Map<string, { dev: string; prod: string }>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const [, name, dev, prod] = line.split("|").map((c) => c.trim());
    rows.set(name, { dev, prod });
  }
  return rows;
}

const n = (x: number) => x.toLocaleString("en-US");

const EXPECTED: Record<string, (p: TierProfile) => RegExp> = {
  "workload (avg / peak events/s)": (p) =>
    new RegExp(`^${n(p.workload.avgEventsPerSecond)} / ${n(p.workload.peakEventsPerSecond)}$`),
  Kinesis: (p) =>
    p.streamMode === "PROVISIONED"
      ? new RegExp(`^provisioned, ${p.kinesisRetentionHours} h retention$`)
      : new RegExp(`^mode chosen by cost from the workload, ${p.kinesisRetentionHours / 24} days$`),
  "speed layer": (p) => (p.realtimeEngine === "flink" ? /^Managed Flink$/ : /^Lambda tumbling/),
  "Personalize campaign": (p) => (p.personalizeCampaign ? /^on,/ : /^none/),
  QuickSight: (p) => (p.quicksightEnabled ? /^on,/ : /^off/),
  "data protection": (p) => (p.protectData ? /^`protect`/ : /^`forceDestroy`/),
  logs: (p) => new RegExp(`^${p.logRetentionDays} days`),
  "KMS keys (customer-managed, rotation on)": (p) =>
    p.sharedKmsKey ? /^one shared by the components \(`sharedKmsKey`\)/ : /^one per component$/,
  retraining: (p) => new RegExp(`^\`${p.retrainSchedule.replace(/[()]/g, "\\$&")}\`$`),
  "monthly budget": (p) => new RegExp(`^\\$${n(p.monthlyBudgetUsd)}$`),
  // No tier turns a public endpoint on by itself: it needs the stack's own origins.
  "HTTP collector (browsers, apps)": () =>
    /^off until `httpCollector` and `collectorAllowedOrigins`/,
};

describe("README tier table", () => {
  const rows = tierTable();
  it("has exactly the rows the check knows", () => {
    expect([...rows.keys()]).to.have.members(Object.keys(EXPECTED));
  });
  for (const [row, expected] of Object.entries(EXPECTED)) {
    it(`states the ${row} each tier applies`, () => {
      expect(rows.get(row)!.dev).to.match(expected(TIER_PROFILES.dev));
      expect(rows.get(row)!.prod).to.match(expected(TIER_PROFILES.prod));
    });
  }
});
