import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..", "..");

/** Runs the command the PR workflow runs before `pulumi preview --policy-pack-config`. */
function run(args: string[]) {
  return spawnSync(
    process.execPath,
    ["-r", "./cli/register.js", "policies/effective-config.ts", ...args],
    { cwd: ROOT, encoding: "utf8" },
  );
}

describe("effective policy config command", function () {
  this.timeout(60_000);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "reco-effective-"));

  it("writes the stack's pack config with its own budget and says which file it started from", () => {
    const out = path.join(scratch, "prod.json");
    const result = run(["--stack", "prod", "--out", out]);
    expect(result.status).to.equal(0);
    expect(result.stdout).to.equal(
      `${out}: policies/config/prod.json with stack prod's own budget\n`,
    );
    const config = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(config["monthly-budget"]).to.include({
      monthlyBudgetUsd: 6000,
      region: "ap-northeast-2",
    });
  });

  it("adds --account-id to every account-aware policy's zone of trust", () => {
    const out = path.join(scratch, "prod-account.json");
    const result = run(["--stack", "prod", "--out", out, "--account-id", "210987654321"]);
    expect(result.status).to.equal(0);
    const config = JSON.parse(fs.readFileSync(out, "utf8"));
    const trusting = Object.entries(config)
      .filter(([, v]) => (v as { trustedAccountIds?: string[] }).trustedAccountIds)
      .map(([name, v]) => [name, (v as { trustedAccountIds: string[] }).trustedAccountIds]);
    expect(trusting).to.deep.equal(
      [
        "resource-policy-no-foreign-accounts",
        "role-trust-restricted",
        "lambda-permission-restricted",
      ].map((name) => [name, ["210987654321"]]),
    );
  });

  it("exits 2 with the usage when --stack or --out is missing", () => {
    const result = run(["--stack", "prod"]);
    expect(result.status).to.equal(2);
    expect(result.stderr).to.equal(
      "usage: policies/effective-config.ts --stack <name> --out <file> [--project-dir <dir>] [--account-id <12 digits>]\n",
    );
  });

  it("exits 2 naming the missing stack file, and writes nothing", () => {
    const out = path.join(scratch, "qa.json");
    const result = run(["--stack", "qa", "--out", out]);
    expect(result.status).to.equal(2);
    expect(result.stderr).to.equal(
      `effective policy config: no stack file Pulumi.qa.yaml in ${ROOT}; stacks here: dev, dev-search, prod, prod-msk, web. ` +
        "Create it with the keys every stack must set, e.g.:\nconfig:\n  aws:region: us-east-1\n" +
        "  reco-analytics:tier: <value>  # Tier whose defaults this stack starts from: dev (cheap, disposable) or prod (durable). (dev | prod)\n" +
        "  reco-analytics:owner: <value>  # Team that owns the stack; becomes the `owner` tag on every resource.\n" +
        "  reco-analytics:costCenter: <value>  # Cost centre billed for the stack; becomes the `cost-center` tag.\n",
    );
    expect(fs.existsSync(out)).to.equal(false);
  });
});
