import { expect } from "chai";
import { withTypeAliases } from "../../components/shared/component-type";

describe("component type tokens", () => {
  it("alias each former token, after the caller's own aliases, keeping every other option", () => {
    const opts = withTypeAliases(
      { protect: true, aliases: [{ name: "old-name" }] },
      "reco:lake:DataLake",
    );
    expect(opts).to.deep.equal({
      protect: true,
      aliases: [{ name: "old-name" }, { type: "reco:lake:DataLake" }],
    });
  });

  it("works without options", () => {
    expect(withTypeAliases(undefined, "reco:realtime:RealtimeAnalytics")).to.deep.equal({
      aliases: [{ type: "reco:realtime:RealtimeAnalytics" }],
    });
  });
});
