import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { readConfigFile, resolvePolicyConfig } from "../../policies/config";
import { ALL_POLICIES, PACK_ENFORCEMENT_LEVEL, PACK_NAME, PACK_VERSION } from "../../policies/pack";
import { DEV_CONFIG, PROD_CONFIG } from "./helpers";

const ROOT = path.join(__dirname, "..", "..");
const POLICIES = path.join(ROOT, "policies");

describe("the policy pack", () => {
  it("names every policy in kebab-case, once, with a 'Checks whether…' description", () => {
    const names = ALL_POLICIES.map((p) => p.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(names.filter((n) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(n))).to.deep.equal([]);
    expect(
      ALL_POLICIES.filter((p) => !p.description.startsWith("Checks whether")).map((p) => p.name),
    ).to.deep.equal([]);
    expect(names).to.have.length(60);
  });

  it("leaves enforcement to the pack default and the stack config", () => {
    expect(PACK_ENFORCEMENT_LEVEL).to.equal("mandatory");
    expect(
      ALL_POLICIES.filter((p) => p.enforcementLevel !== undefined).map((p) => p.name),
    ).to.deep.equal([]);
  });

  it("constructs its PolicyPack in the entry file only", () => {
    const constructing = fs
      .readdirSync(POLICIES)
      .filter(
        (f) =>
          f.endsWith(".ts") &&
          fs.readFileSync(path.join(POLICIES, f), "utf8").includes("new PolicyPack("),
      );
    expect(constructing).to.deep.equal(["index.ts"]);
  });

  it("is a nodejs pack whose version comes from its package.json", () => {
    expect(
      parse(fs.readFileSync(path.join(POLICIES, "PulumiPolicy.yaml"), "utf8")).runtime,
    ).to.equal("nodejs");
    const pkg = JSON.parse(fs.readFileSync(path.join(POLICIES, "package.json"), "utf8"));
    expect([PACK_NAME, PACK_VERSION]).to.deep.equal([pkg.name, pkg.version]);
  });

  it("documents every policy with its dev and prod enforcement as the config files resolve them", () => {
    const readme = fs.readFileSync(path.join(POLICIES, "README.md"), "utf8");
    const rows = new Map(
      [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (\w+) \| (\w+) \|/gm)].map((m) => [
        m[1],
        [m[2], m[3]],
      ]),
    );
    const levels = (file: string) =>
      resolvePolicyConfig(ALL_POLICIES, PACK_ENFORCEMENT_LEVEL, readConfigFile(file), file);
    const dev = levels(DEV_CONFIG);
    const prod = levels(PROD_CONFIG);
    const expected = new Map(
      ALL_POLICIES.map((p) => [
        p.name,
        [dev[p.name].enforcementLevel, prod[p.name].enforcementLevel],
      ]),
    );
    expect(rows).to.deep.equal(expected);
  });
});

describe("the pull-request workflow", () => {
  const workflow = parse(
    fs.readFileSync(path.join(ROOT, ".github", "workflows", "pr.yml"), "utf8"),
  );
  const steps = (job: string) =>
    workflow.jobs[job].steps as { run?: string; uses?: string; with?: Record<string, unknown> }[];

  it("runs on pull requests with read-only default permissions", () => {
    expect(Object.keys(workflow.on)).to.deep.equal(["pull_request"]);
    expect(workflow.permissions).to.deep.equal({ contents: "read" });
  });

  it("installs with npm ci and runs npm test", () => {
    expect(
      steps("test")
        .map((s) => s.run)
        .filter(Boolean),
    ).to.deep.equal(["npm ci", "npm test"]);
  });

  it("runs the offline plan and gate for every Pulumi.<stack>.yaml without credentials", () => {
    expect(workflow.jobs["offline-gate"].strategy.matrix.stack).to.equal(
      "${{ fromJSON(needs.stacks.outputs.stacks) }}",
    );
    expect(
      steps("offline-gate").some((s) =>
        s.run?.startsWith('npm run plan -- --stack "${{ matrix.stack }}"'),
      ),
    ).to.equal(true);
    expect(JSON.stringify(workflow.jobs["offline-gate"])).not.to.include("secrets.");
  });

  it("previews each stack with the pack and its config only when an OIDC role is configured", () => {
    const preview = workflow.jobs.preview;
    expect(preview.if).to.equal(
      "vars.AWS_ROLE_ARN != '' && github.event.pull_request.head.repo.full_name == github.repository",
    );
    expect(preview.permissions["id-token"]).to.equal("write");
    const policy = steps("preview").find((s) => (s as { id?: string }).id === "policy")!;
    expect(policy.run).to.include(
      'policies/effective-config.ts --stack "${{ matrix.stack }}" --out "$file"',
    );
    const pulumi = steps("preview").find((s) => s.uses?.startsWith("pulumi/actions@"))!;
    expect(pulumi.with).to.include({
      command: "preview",
      policyPacks: "policies",
      policyPackConfigs: "${{ steps.policy.outputs.config }}",
      "comment-on-pr": true,
    });
  });
});
