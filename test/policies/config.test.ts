import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  PolicyConfigError,
  configFileFor,
  readConfigFile,
  resolvePolicyConfig,
} from "../../policies/config";
import { ALL_POLICIES, PACK_ENFORCEMENT_LEVEL } from "../../policies/pack";
import { CONFIG_DIR, DEV_CONFIG, PROD_CONFIG } from "./helpers";

const resolve = (raw: Record<string, unknown>) =>
  resolvePolicyConfig(ALL_POLICIES, PACK_ENFORCEMENT_LEVEL, raw, "x.json");

function problemsOf(raw: Record<string, unknown>): readonly string[] {
  try {
    resolve(raw);
  } catch (e) {
    expect(e).to.be.instanceOf(PolicyConfigError);
    return (e as PolicyConfigError).problems;
  }
  throw new Error("expected a PolicyConfigError");
}

describe("policy pack config", () => {
  it("gives every policy the pack's level and its schema defaults when the file is empty", () => {
    const config = resolve({});
    expect(Object.keys(config)).to.deep.equal(ALL_POLICIES.map((p) => p.name));
    expect(new Set(Object.values(config).map((c) => c.enforcementLevel))).to.deep.equal(
      new Set(["mandatory"]),
    );
    expect(config["kinesis-shard-cap"].properties).to.deep.equal({
      maxShards: 16,
      allowedStreamModes: ["PROVISIONED", "ON_DEMAND"],
    });
    expect(config["required-tags"].properties).to.deep.equal({
      requiredTags: ["environment", "owner", "cost-center"],
    });
    expect(config["kms-key-rotation"].properties).to.deep.equal({});
  });

  it("applies 'all' first, then per-policy levels and settings, like the Pulumi CLI", () => {
    const config = resolve({
      all: "advisory",
      "kinesis-shard-cap": { enforcementLevel: "mandatory", maxShards: 3 },
      "sns-topic-encrypted": "disabled",
    });
    expect(config["kms-key-rotation"].enforcementLevel).to.equal("advisory");
    expect(config["sns-topic-encrypted"].enforcementLevel).to.equal("disabled");
    expect(config["kinesis-shard-cap"]).to.deep.equal({
      enforcementLevel: "mandatory",
      properties: { maxShards: 3, allowedStreamModes: ["PROVISIONED", "ON_DEMAND"] },
    });
  });

  it("lists every problem at once, each with its fix", () => {
    expect(
      problemsOf({
        all: "strict",
        "kinesis-shard-caps": { maxShards: 2 },
        "kinesis-shard-cap": { maxShard: 2, allowedStreamModes: ["SERVERLESS"] },
        "lambda-memory-cap": { maxMemoryMb: "1024" },
        "sns-topic-encrypted": 3,
      }),
    ).to.deep.equal([
      'all: "strict" is not an enforcement level; use one of advisory, mandatory, remediate, disabled.',
      `"kinesis-shard-caps" is not a policy of this pack; remove it or use one of: ${ALL_POLICIES.map((p) => p.name).join(", ")}.`,
      "kinesis-shard-cap.maxShard is not a setting of kinesis-shard-cap; allowed: maxShards, allowedStreamModes.",
      "sns-topic-encrypted: must be an enforcement level or an object of settings.",
      "kinesis-shard-cap.allowedStreamModes.0 must be equal to one of the allowed values (PROVISIONED, ON_DEMAND).",
      "lambda-memory-cap.maxMemoryMb must be integer.",
    ]);
  });

  it("formats the error with the file name and a line per problem", () => {
    expect(() => resolve({ "sns-topic-encrypted": "off" })).to.throw(
      PolicyConfigError,
      'Policy pack config x.json has 1 problem:\n  - sns-topic-encrypted: "off" is not an enforcement level; use one of advisory, mandatory, remediate, disabled.',
    );
  });

  it("reports unreadable and malformed files", () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-"));
    writeFileSync(join(dir, "bad.json"), "{ all: mandatory }");
    writeFileSync(join(dir, "list.json"), "[]");
    expect(() => readConfigFile(join(dir, "missing.json"))).to.throw(
      PolicyConfigError,
      "the file cannot be read; check the path.",
    );
    expect(() => readConfigFile(join(dir, "bad.json"))).to.throw(
      PolicyConfigError,
      "it is not valid JSON:",
    );
    expect(() => readConfigFile(join(dir, "list.json"))).to.throw(
      PolicyConfigError,
      'it must be a JSON object keyed by policy name (or "all").',
    );
  });

  it("chooses the stack's file, else the tier's, else says how to create one", () => {
    expect(configFileFor("prod", "prod")).to.equal(PROD_CONFIG);
    expect(configFileFor("staging", "dev")).to.equal(DEV_CONFIG);
    const qa = join(CONFIG_DIR, "qa.json");
    const uat = join(CONFIG_DIR, "uat.json");
    expect(() => configFileFor("qa", "qa")).to.throw(
      PolicyConfigError,
      `${qa} does not exist; copy ${DEV_CONFIG} or ${PROD_CONFIG} to ${qa} and adjust it.`,
    );
    expect(() => configFileFor("qa", "uat")).to.throw(
      PolicyConfigError,
      `neither ${qa} nor ${uat} exists; copy ${DEV_CONFIG} or ${PROD_CONFIG} to ${qa} and adjust it.`,
    );
  });

  it("ships dev and prod files that resolve cleanly", () => {
    for (const file of [DEV_CONFIG, PROD_CONFIG]) {
      expect(() =>
        resolvePolicyConfig(ALL_POLICIES, PACK_ENFORCEMENT_LEVEL, readConfigFile(file), file),
      ).not.to.throw();
    }
  });
});
