/**
 * The pack stands alone: packed as `pulumi policy publish` packs it (npm pack of policies/, whose
 * prepack bundles the entry), installed from the registry in a scratch folder outside the
 * repository with only the dependencies policies/package.json declares, and loaded there the way
 * the CLI's run-policy-pack loads it. The probe runs with cwd the scratch folder and NODE_PATH
 * empty, and reports every module file it loaded: none may come from the repository.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { configFileFor, readConfigFile, resolvePolicyConfig } from "../../policies/config";
import { ALL_POLICIES, PACK_ENFORCEMENT_LEVEL, PACK_NAME, PACK_VERSION } from "../../policies/pack";

const POLICIES_DIR = path.join(__dirname, "..", "..", "policies");
const PROBE = path.join(__dirname, "standalone", "probe.js");

interface ProbeOutput {
  name: string;
  version: string;
  policies: string[];
  violations: { policy: string; message: string }[];
  modules: string[];
}

const npm = (args: string[], cwd: string): string =>
  execFileSync("npm", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NODE_PATH: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });

describe("the policy pack, packed and installed on its own", function () {
  this.timeout(240_000);
  let scratch: string;
  let packed: { files: { path: string }[] };
  let probe: ProbeOutput;

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "reco-policy-pack-"));
    // npm pack prints the prepack build's output before its JSON.
    const out = npm(["pack", "--json", "--pack-destination", scratch], POLICIES_DIR);
    [packed] = JSON.parse(out.slice(out.indexOf("[\n")));
    const tarball = path.join(scratch, `${PACK_NAME}-${PACK_VERSION}.tgz`);
    execFileSync("tar", ["xzf", tarball, "-C", scratch]);
    const packDir = path.join(scratch, "package");
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], packDir);

    // The config the CLI would send for --policy-pack-config policies/config/prod.json.
    const configFile = configFileFor("prod", "prod");
    const resolved = resolvePolicyConfig(
      ALL_POLICIES,
      PACK_ENFORCEMENT_LEVEL,
      readConfigFile(configFile),
      configFile,
    );
    const configJson = path.join(scratch, "policy-config.json");
    fs.writeFileSync(configJson, JSON.stringify(resolved));
    const probeCopy = path.join(scratch, "probe.js");
    fs.copyFileSync(PROBE, probeCopy);
    const output = execFileSync(process.execPath, [probeCopy, configJson], {
      cwd: packDir,
      encoding: "utf8",
      env: { ...process.env, NODE_PATH: "" },
    });
    probe = JSON.parse(output);
  });

  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("packs the bundle, its config and manifest, and no TypeScript source", () => {
    expect(packed.files.map((f) => f.path).sort()).to.deep.equal([
      "PulumiPolicy.yaml",
      "README.md",
      "bin/index.js",
      "bin/index.js.map",
      "config/dev.json",
      "config/prod.json",
      "package.json",
    ]);
  });

  it("loads every module from the scratch folder, none from the repository", () => {
    const scratchReal = fs.realpathSync(scratch);
    const outside = probe.modules.filter(
      (m) => !fs.realpathSync(m).startsWith(scratchReal + path.sep),
    );
    expect(outside).to.deep.equal([]);
    expect(probe.modules).to.include(path.join(scratchReal, "package", "bin", "index.js"));
  });

  it("serves the pack's name, version and all its policies in order", () => {
    expect(probe.name).to.equal(PACK_NAME);
    expect(probe.version).to.equal(PACK_VERSION);
    expect(probe.policies).to.deep.equal(ALL_POLICIES.map((p) => p.name));
    expect(probe.policies).to.have.length(60);
  });

  it("judges an unencrypted, untagged, unprotected stream with the pack's exact messages", () => {
    expect(probe.violations).to.deep.equal([
      {
        policy: "kinesis-stream-encrypted",
        message:
          'Checks whether Kinesis data streams are encrypted at rest with KMS.\nencryptionType is "NONE"; it must be "KMS" with kmsKeyId set to a customer-managed key.',
      },
      {
        policy: "required-tags",
        message:
          "Checks whether every taggable AWS resource carries the cost-allocation tags, directly or via provider default tags.\nmissing tags environment, owner, cost-center; set them in the stack's AWS provider defaultTags (pulumi config: owner, costCenter) or in the resource's tags.",
      },
      {
        policy: "kinesis-retention-minimum",
        message:
          "Checks whether Kinesis streams keep records at least as long as the tier requires.\nretentionPeriod is 24 hours; this tier needs at least 168 so consumers can replay after an outage.",
      },
      {
        policy: "prod-stateful-protected",
        message:
          "Checks whether stateful resources (buckets, streams, tables, keys, catalogue tables, queues, log groups, topics) are protected from deletion.\nprotect is not set; set protect: true (and retainOnDelete: true) so a destroy or a rename cannot delete its data.",
      },
    ]);
  });
});
