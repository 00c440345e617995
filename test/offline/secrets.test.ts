import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { runScript } from "../docs/commands";
import { readStackConfig } from "../../offline/stack-config";
import { createScratchProject } from "../docs/scratch-project";

describe("secure config values in the offline plan", function () {
  this.timeout(120_000);
  let scratch: string;
  before(() => {
    scratch = createScratchProject();
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("accepts a secret role and shows only its mask", async () => {
    fs.writeFileSync(
      path.join(scratch, "Pulumi.secret.yaml"),
      [
        "config:",
        "  aws:region: us-east-1",
        "  reco-analytics:tier: dev",
        "  reco-analytics:owner: data-platform",
        "  reco-analytics:costCenter: cc-1",
        "  reco-analytics:assumeRoleArn:",
        "    secure: v1:c2VjcmV0LXJvbGU=",
        "",
      ].join("\n"),
    );
    const result = await runScript("plan", ["--stack", "secret", "--json", "plan.json"], scratch);
    expect(result.exitCode, result.err).to.equal(0);
    const plan = JSON.parse(fs.readFileSync(path.join(scratch, "plan.json"), "utf8"));
    const provider = plan.resources.find(
      (r: { type: string }) => r.type === "pulumi:providers:aws",
    );
    // The role is wrapped as a secret, so Pulumi keeps the whole assumeRoles input secret.
    expect(provider.inputs.assumeRoles).to.equal("[secret]");
    expect(provider.inputs.region).to.equal("us-east-1");
    expect(JSON.stringify(plan)).not.to.contain("c2VjcmV0");
  });
});

describe("a secret inside a list", () => {
  it("makes the whole key secret, as Pulumi does", () => {
    const dir = createScratchProject();
    try {
      fs.writeFileSync(
        path.join(dir, "Pulumi.s.yaml"),
        "config:\n  reco-analytics:alarmEmails:\n    - secure: v1:eA==\n    - ops@example.com\n",
      );
      const config = readStackConfig(dir, "s");
      expect(config.config["reco-analytics:alarmEmails"]).to.equal(
        '["[secret]","ops@example.com"]',
      );
      expect(config.secretKeys).to.deep.equal(["reco-analytics:alarmEmails"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
