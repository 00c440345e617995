import { expect } from "chai";
import { PRICED_REGIONS, PRICES, PRICE_UNITS } from "../../cost";

describe("the price table", () => {
  it("prices us-east-1 and ap-northeast-2, every key in each", () => {
    expect(Object.keys(PRICES)).to.deep.equal(["us-east-1", "ap-northeast-2"]);
    expect([...PRICED_REGIONS]).to.deep.equal(Object.keys(PRICES));
    for (const table of Object.values(PRICES)) {
      expect(Object.keys(table)).to.deep.equal(Object.keys(PRICE_UNITS));
    }
  });

  it("gives every figure its source page, its month and whether it is listed or unsure", () => {
    const bad: string[] = [];
    for (const [region, table] of Object.entries(PRICES)) {
      for (const [key, price] of Object.entries(table)) {
        const ok =
          /^https:\/\/aws\.amazon\.com\/[a-z0-9/-]+\/pricing\/([a-z-]+\/)?$/.test(price.source) &&
          /^\d{4}-(0[1-9]|1[0-2])$/.test(price.date) &&
          ["listed", "unsure"].includes(price.confidence) &&
          price.unit.startsWith("USD per ");
        if (!ok) bad.push(`${region} ${key}`);
      }
    }
    expect(bad).to.deep.equal([]);
  });

  it("states an unknown price as null and unsure, and never guesses zero", () => {
    const all = Object.entries(PRICES).flatMap(([region, table]) =>
      Object.entries(table).map(([key, p]) => ({ at: `${region} ${key}`, ...p })),
    );
    expect(all.filter((p) => p.usd === 0).map((p) => p.at)).to.deep.equal([]);
    expect(
      all.filter((p) => p.usd === null).map((p) => [p.at, p.confidence, p.note]),
    ).to.deep.equal(
      [
        "kinesis.onDemandStreamHour",
        "kinesis.onDemandGbIn",
        "kinesis.onDemandGbOut",
        "kinesis.onDemandRetentionGbMonth",
        "kinesis.efoConsumerShardHour",
        "kinesis.efoGbRetrieved",
      ].map((k) => [`ap-northeast-2 ${k}`, "unsure", "unknown: no figure could be stated offline"]),
    );
  });
});
