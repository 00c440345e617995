import { expect } from "chai";
import { ITEMS_COLUMNS, USERS_COLUMNS } from "../../components/data-lake/catalog";
import { EXPORT_COLUMNS, EXPORT_QUERIES } from "../../components/training-pipeline";
import {
  PERSONALIZE_MIN_INTERACTIONS,
  readinessQuery,
} from "../../components/training-pipeline/readiness";
import { itemsSchema, usersSchema } from "../../components/personalize-providers/schema-builders";
import { validateSchema } from "../../components/personalize-providers/schema-validation";
import { CATALOGUES, catalogueGlueColumns } from "../../events/catalogue";
import {
  CATEGORIES,
  SEGMENTS,
  catalogueCsv,
  generateCatalogue,
} from "../../events/generate-catalogue";
import { generateEvents } from "../../events/generate";
import type { BehaviourEvent } from "../../events/schema";
import { duckLake } from "./duck-lake";

const DAY = 86_400_000;
/** Ten days ending yesterday, so the export's window (counted back from today) holds them all. */
const start = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
const OPTIONS = { users: 60, items: 40, days: 3, seed: 7, start };
const INTERACTION_TYPES = ["view", "cart", "buy", "click"];

/** The readiness counts computed in plain code from the log, independent of the SQL. */
function expectedCounts(events: readonly BehaviourEvent[]) {
  const seen = new Set<string>();
  const perUser = new Map<string, number>();
  for (const e of events) {
    if (seen.has(e.event_id)) continue;
    seen.add(e.event_id);
    if (!INTERACTION_TYPES.includes(e.event_type) || e.item_id === undefined) continue;
    perUser.set(e.user_id, (perUser.get(e.user_id) ?? 0) + 1);
  }
  const counts = [...perUser.values()];
  return {
    interactions: counts.reduce((a, b) => a + b, 0),
    users: counts.filter((n) => n >= 2).length,
  };
}

describe("item and user catalogues: one definition for the lake and Personalize", () => {
  it("the Glue tables' columns are the definition's, in file order", () => {
    expect(ITEMS_COLUMNS).to.deep.equal(catalogueGlueColumns("items"));
    expect(USERS_COLUMNS).to.deep.equal(catalogueGlueColumns("users"));
    expect(ITEMS_COLUMNS.map((c) => `${c.name}:${c.type}`)).to.deep.equal([
      "item_id:string",
      "category:string",
      "price:double",
      "creation_timestamp:bigint",
    ]);
  });

  it("derives the Items and Users schemas: id required, the rest nullable, categories flagged, Personalize-valid", () => {
    expect(itemsSchema().fields).to.deep.equal([
      { name: "ITEM_ID", type: "string" },
      { name: "CATEGORY", type: ["null", "string"], categorical: true },
      { name: "PRICE", type: ["null", "float"] },
      { name: "CREATION_TIMESTAMP", type: ["null", "long"] },
    ]);
    // signup_date stays in the lake: Personalize has no date type.
    expect(usersSchema().fields).to.deep.equal([
      { name: "USER_ID", type: "string" },
      { name: "SEGMENT", type: ["null", "string"], categorical: true },
    ]);
    expect(validateSchema("Items", itemsSchema())).to.deep.equal([]);
    expect(validateSchema("Users", usersSchema())).to.deep.equal([]);
    expect(EXPORT_COLUMNS.items).to.deep.equal(itemsSchema().fields.map((f) => f.name));
    expect(EXPORT_COLUMNS.users).to.deep.equal(usersSchema().fields.map((f) => f.name));
  });

  it("the generated catalogue lists every item and user of the log, at the prices its buys paid", () => {
    const log = generateEvents(OPTIONS);
    const catalogue = generateCatalogue(OPTIONS);
    expect(catalogue.items).to.have.length(40);
    expect(catalogue.users).to.have.length(60);
    const price = new Map(catalogue.items.map((i) => [i.item_id, i.price]));
    const buys = log.events.filter((e) => e.event_type === "buy");
    expect(buys.length).to.be.greaterThan(10);
    for (const buy of buys) expect(buy.price, buy.item_id).to.equal(price.get(buy.item_id!));
    const users = new Set(catalogue.users.map((u) => u.user_id));
    for (const e of log.events) expect(users.has(e.user_id), e.user_id).to.equal(true);
    expect(new Set(catalogue.items.map((i) => i.category))).to.satisfy((s: Set<string>) =>
      [...s].every((c) => (CATEGORIES as readonly string[]).includes(c)),
    );
    expect(catalogue.users.every((u) => (SEGMENTS as readonly string[]).includes(u.segment))).to.be
      .true;
    expect(generateCatalogue(OPTIONS)).to.deep.equal(catalogue);
  });

  it("writes RFC 4180 CSV with the header the Glue table skips", () => {
    const csv = catalogueCsv("items", [
      { item_id: "i-1", category: "home|kitchen", price: 9.99, creation_timestamp: 1 },
      { item_id: 'i-"2"', category: "a,b", price: undefined, creation_timestamp: 2 },
    ]);
    expect(csv).to.equal(
      'item_id,category,price,creation_timestamp\ni-1,home|kitchen,9.99,1\n"i-""2""","a,b",,2\n',
    );
  });
});

describe("catalogue exports and the readiness count on DuckDB over a generated lake", function () {
  this.timeout(60_000);
  const source = { database: "reco", table: "events", lookbackDays: 30 };

  it("exports every catalogue row under the Personalize columns, dropping rows without an id", async () => {
    const catalogue = generateCatalogue(OPTIONS);
    const lake = await duckLake("reco", generateEvents(OPTIONS).events, {
      items: [...catalogue.items, { item_id: "", category: "home|garden", price: 1 }],
      users: catalogue.users,
    });
    try {
      const items = await lake.query(`${EXPORT_QUERIES.items(source)} ORDER BY 1`);
      expect(items[0]).to.deep.equal(EXPORT_COLUMNS.items);
      expect(items.slice(1)).to.deep.equal(
        catalogue.items.map((i) => [
          i.item_id,
          i.category,
          String(i.price),
          String(i.creation_timestamp),
        ]),
      );
      const users = await lake.query(`${EXPORT_QUERIES.users(source)} ORDER BY 1`);
      expect(users[0]).to.deep.equal(["USER_ID", "SEGMENT"]);
      expect(users.slice(1)).to.deep.equal(catalogue.users.map((u) => [u.user_id, u.segment]));
    } finally {
      lake.close();
    }
  });

  it("counts the window like the export reads it: ready, with the counts computed from the log", async () => {
    const busy = { ...OPTIONS, users: 250, days: 5 };
    const log = generateEvents(busy);
    const catalogue = generateCatalogue(busy);
    const expected = expectedCounts(log.events);
    expect(expected.interactions).to.be.greaterThan(PERSONALIZE_MIN_INTERACTIONS);
    const lake = await duckLake("reco", log.events, { items: catalogue.items, users: [] });
    try {
      const rows = await lake.query(
        readinessQuery(source, { minInteractions: 1000, minUsers: 25 }, ["items", "users"]),
      );
      expect(rows).to.deep.equal([
        ["verdict", "reasons", "interactions", "users", "items_rows", "users_rows"],
        ["ready", "enough data", String(expected.interactions), String(expected.users), "40", "0"],
      ]);
    } finally {
      lake.close();
    }
  });

  it("short data: names each minimum it misses with the counts", async () => {
    const log = generateEvents({ ...OPTIONS, users: 8, days: 1 });
    const expected = expectedCounts(log.events);
    expect(expected.interactions).to.be.lessThan(1000);
    const lake = await duckLake("reco", log.events, {});
    try {
      const rows = await lake.query(
        readinessQuery(source, { minInteractions: 1000, minUsers: 25 }, []),
      );
      expect(rows[1]).to.deep.equal([
        "short",
        `${expected.interactions} interactions in the last 30 days; training needs at least 1000; ${expected.users} users with 2 or more interactions in the last 30 days; training needs at least 25`,
        String(expected.interactions),
        String(expected.users),
      ]);
    } finally {
      lake.close();
    }
  });

  it("leaves out events older than the lookback window", async () => {
    const old = generateEvents({ ...OPTIONS, start: "2024-03-01" });
    const lake = await duckLake("reco", old.events, {});
    try {
      const rows = await lake.query(
        readinessQuery(source, { minInteractions: 1000, minUsers: 25 }, []),
      );
      expect(rows[1].slice(2)).to.deep.equal(["0", "0"]);
      expect(rows[1][0]).to.equal("short");
    } finally {
      lake.close();
    }
  });

  it("reads the catalogue tables the definition names", () => {
    expect(EXPORT_QUERIES.items(source)).to.include(`FROM "reco"."${CATALOGUES.items.table}"`);
    expect(EXPORT_QUERIES.users(source)).to.include(`FROM "reco"."${CATALOGUES.users.table}"`);
  });
});
