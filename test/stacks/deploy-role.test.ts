import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { deployRoleArn, resolveSettings } from "../../stacks";

const P = "reco-analytics";
const ROLE = "arn:aws:iam::123456789012:role/deployer";
const RAW = {
  "aws:region": "us-east-1",
  [`${P}:tier`]: "dev",
  [`${P}:owner`]: "data-platform",
  [`${P}:costCenter`]: "cc-1",
  [`${P}:assumeRoleArn`]: ROLE,
};

describe("the deploy role", () => {
  const saved = pulumi.runtime.allConfig();
  after(() => pulumi.runtime.setAllConfig(saved, []));

  it("reaches the provider and Personalize's providers as a secret when set with --secret", async () => {
    pulumi.runtime.setAllConfig({ [`${P}:assumeRoleArn`]: ROLE }, [`${P}:assumeRoleArn`]);
    const role = deployRoleArn(resolveSettings(RAW, "dev", P));
    expect(pulumi.Output.isInstance(role)).to.equal(true);
    expect(await pulumi.isSecret(role as pulumi.Output<string>)).to.equal(true);
  });

  it("stays a plain string when set in the clear", () => {
    pulumi.runtime.setAllConfig({ [`${P}:assumeRoleArn`]: ROLE }, []);
    expect(deployRoleArn(resolveSettings(RAW, "dev", P))).to.equal(ROLE);
  });

  it("is absent when no role is set", () => {
    const { [`${P}:assumeRoleArn`]: _role, ...withoutRole } = RAW;
    expect(deployRoleArn(resolveSettings(withoutRole, "dev", P))).to.equal(undefined);
  });
});
