import { expect } from "chai";
import { runPolicyGate } from "../../policies/gate";
import { ALL_POLICIES } from "../../policies/pack";
import { useMocks } from "../mocks";
import { FIRST_FIXTURE_POLICIES } from "./fixture-coverage";

describe("the deliberately insecure fixture program", () => {
  const rec = useMocks({ stack: "prod" });

  it("trips every policy it was written for, each by name, under the prod config", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("../fixtures/insecure");
    const resources = await rec.settle();
    const result = await runPolicyGate({ resources, stack: "prod", tier: "prod" });
    const tripped = [...new Set(result.violations.map((v) => v.policy))].sort();
    expect(
      tripped.filter((p) => (FIRST_FIXTURE_POLICIES as readonly string[]).includes(p)),
    ).to.deep.equal([...FIRST_FIXTURE_POLICIES].sort());
    expect(
      FIRST_FIXTURE_POLICIES.filter((p) => !ALL_POLICIES.some((q) => q.name === p)),
    ).to.deep.equal([]);
    expect(result.violations.filter((v) => v.enforcementLevel !== "mandatory")).to.deep.equal([]);
    const required = result.violations
      .filter((v) => v.policy === "required-tags")
      .map((v) => v.urn.split("::").pop());
    expect(required).to.include.members(["events", "lake", "delivery", "api", "view", "data-key"]);
    const publicUrl = result.violations
      .filter((v) => v.policy === "lambda-url-not-public")
      .map((v) => v.urn.split("::").pop());
    expect(publicUrl).to.deep.equal(["api-url", "api-url-anyone"]);
  });
});
