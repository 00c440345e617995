/**
 * The KPI SQL on hand-built logs. Each expected row is worked out by hand in the test from the
 * definitions, so the SQL is checked against the definitions, not against itself.
 */
import { expect } from "chai";
import { buy, cart, click, id, impression, row, view, visit } from "./builders";
import { kpisOf, removeTempDirs } from "./lake-helpers";
import { referenceKpis } from "./reference";

describe("KPI SQL: attribution, de-duplication and ratios", () => {
  after(removeTempDirs);

  it("attributes a buy to a click on the previous day within 24 hours", async () => {
    const log = [
      click("2026-11-25T23:00:00.000Z", "i1", "home-rfy"),
      buy("2026-11-26T10:00:00.000Z", "i1", 10, 2),
    ];
    const { channels } = await kpisOf(log);
    expect(channels).to.deep.equal([
      row("2026-11-25", "home-rfy", { clicks: 1, cvr: 0 }),
      // The conversion is counted on the buy's day, where the channel had no click.
      row("2026-11-26", "home-rfy", { conversions: 1, revenue: 20 }),
    ]);
    expect(referenceKpis(log, "2026-11-25", "2026-11-26").channels).to.deep.equal(channels);
  });

  it("reads the day before --from for attribution but reports only the range", async () => {
    const log = [
      click("2026-11-25T23:00:00.000Z", "i1", "home-rfy"),
      buy("2026-11-26T10:00:00.000Z", "i1", 10, 2),
    ];
    const { channels } = await kpisOf(log, { from: "2026-11-26", to: "2026-11-26" });
    expect(channels).to.deep.equal([
      row("2026-11-26", "home-rfy", { conversions: 1, revenue: 20 }),
    ]);
  });

  it("attributes at exactly 24 hours and not one millisecond later", async () => {
    const { channels } = await kpisOf([
      click("2026-11-25T10:00:00.000Z", "i1", "popular", { user: "exact" }),
      buy("2026-11-26T10:00:00.000Z", "i1", 5, 1, { user: "exact" }),
      click("2026-11-25T10:00:00.000Z", "i2", "popular", { user: "late" }),
      buy("2026-11-26T10:00:00.001Z", "i2", 7, 1, { user: "late" }),
    ]);
    expect(channels).to.deep.equal([
      row("2026-11-25", "popular", { clicks: 2, cvr: 0 }),
      row("2026-11-26", "popular", { conversions: 1, revenue: 5 }),
    ]);
  });

  it("ignores a click after the buy and counts a click at the buy's instant", async () => {
    const { channels } = await kpisOf([
      buy("2026-11-26T10:00:00.000Z", "i1", 4, 1),
      click("2026-11-26T10:00:00.001Z", "i1", "pdp-similar"),
      click("2026-11-26T12:00:00.000Z", "i2", "home-rfy"),
      buy("2026-11-26T12:00:00.000Z", "i2", 6, 1),
    ]);
    expect(channels).to.deep.equal([
      row("2026-11-26", "home-rfy", { clicks: 1, conversions: 1, cvr: 1, revenue: 6 }),
      row("2026-11-26", "pdp-similar", { clicks: 1, cvr: 0 }),
    ]);
  });

  it("gives the buy to the latest of two clicks on different channels, once", async () => {
    const { channels } = await kpisOf([
      impression("2026-11-26T08:00:00.000Z", "i1", "home-rfy"),
      click("2026-11-26T08:00:01.000Z", "i1", "home-rfy"),
      impression("2026-11-26T09:00:00.000Z", "i1", "pdp-similar"),
      click("2026-11-26T09:00:01.000Z", "i1", "pdp-similar"),
      buy("2026-11-26T10:00:00.000Z", "i1", 12.5, 2),
    ]);
    expect(channels).to.deep.equal([
      row("2026-11-26", "home-rfy", { impressions: 1, clicks: 1, ctr: 1, cvr: 0, coverage: 1 }),
      row("2026-11-26", "pdp-similar", {
        impressions: 1,
        clicks: 1,
        ctr: 1,
        conversions: 1,
        cvr: 1,
        revenue: 25,
        coverage: 1,
      }),
    ]);
  });

  it("breaks a tie on click time in favour of the greater event_id", async () => {
    const { channels } = await kpisOf([
      // The greater id comes first in the log, so file order cannot be what decides.
      click("2026-11-26T09:00:00.000Z", "i1", "popular", { id: id(0xb) }),
      click("2026-11-26T09:00:00.000Z", "i1", "home-rfy", { id: id(0xa) }),
      buy("2026-11-26T10:00:00.000Z", "i1", 3, 1),
    ]);
    expect(channels).to.deep.equal([
      row("2026-11-26", "home-rfy", { clicks: 1, cvr: 0 }),
      row("2026-11-26", "popular", { clicks: 1, conversions: 1, cvr: 1, revenue: 3 }),
    ]);
  });

  it("counts duplicated impressions, clicks and buys once", async () => {
    const shown = impression("2026-11-26T08:00:00.000Z", "i1", "popular");
    const clicked = click("2026-11-26T08:01:00.000Z", "i1", "popular");
    const bought = buy("2026-11-26T09:00:00.000Z", "i1", 10, 3);
    const { channels, funnel } = await kpisOf([
      shown,
      shown,
      clicked,
      clicked,
      clicked,
      bought,
      bought,
    ]);
    expect(channels).to.deep.equal([
      row("2026-11-26", "popular", {
        impressions: 1,
        clicks: 1,
        ctr: 1,
        conversions: 1,
        cvr: 1,
        revenue: 30,
        coverage: 1,
      }),
    ]);
    expect(funnel).to.deep.equal([{ dt: "2026-11-26", visit: 0, view: 0, cart: 0, buy: 1 }]);
  });

  it("counts each buy once when two clicks on one channel are eligible", async () => {
    const { channels } = await kpisOf([
      click("2026-11-26T08:00:00.000Z", "i1", "popular"),
      click("2026-11-26T08:30:00.000Z", "i1", "popular"),
      buy("2026-11-26T09:00:00.000Z", "i1", 8, 1),
      buy("2026-11-26T09:05:00.000Z", "i1", 8, 1),
    ]);
    expect(channels).to.deep.equal([
      row("2026-11-26", "popular", { clicks: 2, conversions: 2, cvr: 1, revenue: 16 }),
    ]);
  });

  it("has null CTR without impressions and null CVR without clicks", async () => {
    const { channels } = await kpisOf([
      click("2026-11-26T08:00:00.000Z", "i1", "email-reco"),
      impression("2026-11-26T08:00:00.000Z", "i2", "popular"),
      impression("2026-11-26T08:00:00.000Z", "i3", "popular"),
    ]);
    expect(channels).to.deep.equal([
      row("2026-11-26", "email-reco", { clicks: 1, ctr: null, cvr: 0 }),
      row("2026-11-26", "popular", { impressions: 2, ctr: 0, cvr: null, coverage: 2 }),
    ]);
  });

  it("leaves a buy with no click, or only another user's or item's click, unattributed", async () => {
    const { channels, funnel } = await kpisOf([
      buy("2026-11-26T09:00:00.000Z", "i1", 9, 1, { user: "alone" }),
      click("2026-11-26T08:00:00.000Z", "i2", "popular", { user: "other" }),
      buy("2026-11-26T09:00:00.000Z", "i2", 9, 1, { user: "buyer" }),
      click("2026-11-26T08:00:00.000Z", "i3", "popular", { user: "buyer" }),
      buy("2026-11-26T09:00:00.000Z", "i4", 9, 1, { user: "buyer" }),
    ]);
    expect(channels).to.deep.equal([row("2026-11-26", "popular", { clicks: 2, cvr: 0 })]);
    expect(funnel).to.deep.equal([{ dt: "2026-11-26", visit: 0, view: 0, cart: 0, buy: 2 }]);
  });

  it("counts coverage as distinct impressed items per channel and day", async () => {
    const { channels } = await kpisOf([
      impression("2026-11-26T08:00:00.000Z", "i1", "popular"),
      impression("2026-11-26T08:00:01.000Z", "i1", "popular", { user: "u2" }),
      impression("2026-11-26T08:00:02.000Z", "i2", "popular"),
      impression("2026-11-27T08:00:02.000Z", "i2", "popular"),
    ]);
    expect(channels).to.deep.equal([
      row("2026-11-26", "popular", { impressions: 3, ctr: 0, coverage: 2 }),
      row("2026-11-27", "popular", { impressions: 1, ctr: 0, coverage: 1 }),
    ]);
  });

  it("counts the funnel as distinct users per stage and day, with a row for every day with events", async () => {
    const { funnel } = await kpisOf([
      visit("2026-11-26T08:00:00.000Z", { user: "a" }),
      visit("2026-11-26T09:00:00.000Z", { user: "a" }),
      visit("2026-11-26T08:00:00.000Z", { user: "b" }),
      view("2026-11-26T08:01:00.000Z", "i1", { user: "a" }),
      view("2026-11-26T08:02:00.000Z", "i2", { user: "a" }),
      cart("2026-11-26T08:03:00.000Z", "i1", { user: "a" }),
      buy("2026-11-26T08:04:00.000Z", "i1", 1, 1, { user: "a" }),
      impression("2026-11-27T08:00:00.000Z", "i1", "popular", { user: "c" }),
    ]);
    expect(funnel).to.deep.equal([
      { dt: "2026-11-26", visit: 2, view: 1, cart: 1, buy: 1 },
      { dt: "2026-11-27", visit: 0, view: 0, cart: 0, buy: 0 },
    ]);
  });
});
