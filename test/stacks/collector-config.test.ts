/** The HTTP collector's stack keys: off unless set, and every misuse refused before any resource. */
import { expect } from "chai";
import { StackConfigError, resolveSettings } from "../../stacks";
import type { RawConfig } from "../../stacks";

const P = "reco-analytics";
const VALID: RawConfig = {
  "aws:region": "us-east-1",
  [`${P}:tier`]: "dev",
  [`${P}:owner`]: "data-platform",
  [`${P}:costCenter`]: "cc-1",
};
const ORIGINS = JSON.stringify(["https://shop.example.com", "http://localhost:3000"]);

function problemsOf(overrides: Record<string, string>): string[] {
  try {
    resolveSettings({ ...VALID, ...overrides }, "web", P);
  } catch (err) {
    expect(err).to.be.instanceOf(StackConfigError);
    return [...(err as StackConfigError).problems];
  }
  throw new Error("expected a StackConfigError");
}

describe("stack settings of the HTTP collector", () => {
  it("is off in both tiers unless the stack turns it on, even with Pulumi.yaml's neutral defaults", () => {
    for (const tier of ["dev", "prod"]) {
      const raw = {
        ...VALID,
        [`${P}:tier`]: tier,
        [`${P}:quicksightEnabled`]: "false",
        [`${P}:collectorAllowedOrigins`]: "[]",
        [`${P}:collectorRequestsPerClientPer5Min`]: "0",
      };
      expect(resolveSettings(raw, "web", P).collector).to.equal(undefined);
    }
  });

  it("reads the origins, the per-client rate and the account log role when it is on", () => {
    const settings = resolveSettings(
      {
        ...VALID,
        [`${P}:httpCollector`]: "true",
        [`${P}:collectorAllowedOrigins`]: ORIGINS,
        [`${P}:collectorRequestsPerClientPer5Min`]: "600",
        [`${P}:collectorAccountLogRole`]: "false",
      },
      "web",
      P,
    );
    expect(settings.collector).to.deep.equal({
      allowedOrigins: ["https://shop.example.com", "http://localhost:3000"],
      requestsPerClientPer5Minutes: 600,
      manageAccountLogRole: false,
    });
  });

  it("refuses the collector without origins, naming the fix", () => {
    expect(problemsOf({ [`${P}:httpCollector`]: "true" })).to.deep.equal([
      `${P}:collectorAllowedOrigins is not set but ${P}:httpCollector is true; a public collector must name the sites that send to it. Fix: pulumi config set --path '${P}:collectorAllowedOrigins[0]' https://shop.example.com --stack web`,
    ]);
  });

  it("refuses collector keys that nothing would use", () => {
    expect(
      problemsOf({
        [`${P}:collectorAllowedOrigins`]: ORIGINS,
        [`${P}:collectorAccountLogRole`]: "false",
      }),
    ).to.deep.equal([
      `${P}:collectorAllowedOrigins is set but ${P}:httpCollector is not true; nothing would use it. Fix: pulumi config set ${P}:httpCollector true --stack web or remove ${P}:collectorAllowedOrigins`,
      `${P}:collectorAccountLogRole is set but ${P}:httpCollector is not true; nothing would use it. Fix: pulumi config set ${P}:httpCollector true --stack web or remove ${P}:collectorAccountLogRole`,
    ]);
  });

  it("refuses an origin with a path, a wildcard, and a rate WAF cannot take", () => {
    expect(
      problemsOf({
        [`${P}:httpCollector`]: "true",
        [`${P}:collectorAllowedOrigins`]: JSON.stringify(["https://shop.example.com/", "*"]),
        [`${P}:collectorRequestsPerClientPer5Min`]: "5",
      }),
    ).to.deep.equal([
      `${P}:collectorAllowedOrigins is ${JSON.stringify(JSON.stringify(["https://shop.example.com/", "*"]))}; "https://shop.example.com/", "*" are not valid; it must be a list of origins like https://shop.example.com (no path, no trailing slash). Fix: pulumi config set --path '${P}:collectorAllowedOrigins[0]' https://shop.example.com --stack web`,
      `${P}:collectorRequestsPerClientPer5Min is "5"; it must be a whole number from 10 to 2000000000. Fix: pulumi config set ${P}:collectorRequestsPerClientPer5Min 1000 --stack web`,
      `${P}:collectorAllowedOrigins is not set but ${P}:httpCollector is true; a public collector must name the sites that send to it. Fix: pulumi config set --path '${P}:collectorAllowedOrigins[0]' https://shop.example.com --stack web`,
    ]);
  });
});
