import { expect } from "chai";
import { PolicyConfigError, resolvePolicyConfig, withTrustedAccount } from "../../policies/config";
import { ALL_POLICIES, PACK_ENFORCEMENT_LEVEL } from "../../policies/pack";

const ACCOUNT_AWARE = [
  "resource-policy-no-foreign-accounts",
  "role-trust-restricted",
  "lambda-permission-restricted",
];

describe("the zone of trust in the pack config", () => {
  it("adds the stack's account to every account-aware policy, keeping the file's values", () => {
    const raw = {
      all: "mandatory",
      "role-trust-restricted": {
        enforcementLevel: "advisory",
        trustedAccountIds: ["111122223333"],
      },
      "lambda-permission-restricted": "advisory",
    };
    const out = withTrustedAccount(raw, ALL_POLICIES, "123456789012");
    expect(
      Object.keys(out)
        .filter((k) => ACCOUNT_AWARE.includes(k))
        .sort(),
    ).to.deep.equal([...ACCOUNT_AWARE].sort());
    expect(out["role-trust-restricted"]).to.deep.equal({
      enforcementLevel: "advisory",
      trustedAccountIds: ["111122223333", "123456789012"],
    });
    expect(out["lambda-permission-restricted"]).to.deep.equal({
      enforcementLevel: "advisory",
      trustedAccountIds: ["123456789012"],
    });
    const resolved = resolvePolicyConfig(ALL_POLICIES, PACK_ENFORCEMENT_LEVEL, out, "x.json");
    expect(resolved["resource-policy-no-foreign-accounts"].properties).to.deep.equal({
      trustedAccountIds: ["123456789012"],
    });
  });

  it("rejects an account id that is not 12 digits, and a malformed accepted line", () => {
    const raw = {
      "role-trust-restricted": { trustedAccountIds: ["1234"] },
      "monthly-budget": { acceptedUnpriced: [{ resource: "orders-db", monthlyUsd: -5 }] },
    };
    expect(() => resolvePolicyConfig(ALL_POLICIES, PACK_ENFORCEMENT_LEVEL, raw, "x.json"))
      .to.throw(PolicyConfigError)
      .with.property("problems")
      .that.deep.equals([
        'role-trust-restricted.trustedAccountIds.0 must match pattern "^[0-9]{12}$".',
        "monthly-budget.acceptedUnpriced.0 must have required property 'reason'.",
        "monthly-budget.acceptedUnpriced.0.monthlyUsd must be >= 0.",
      ]);
  });
});
