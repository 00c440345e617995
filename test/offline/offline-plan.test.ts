import * as path from "node:path";
import { expect } from "chai";
import { ProgramError, runOfflinePlan } from "../../offline/plan";
import { PlanInputError } from "../../offline/stack-config";

const fixtureDir = path.resolve(__dirname, "..", "fixtures", "plan-program");

describe("offline plan engine", () => {
  it("runs a program inside the root stack and records parents, options and inputs", async () => {
    const plan = await runOfflinePlan({ projectDir: fixtureDir, stack: "test" });
    expect(plan.project).to.equal("plan-fixture");
    expect(plan.stack).to.equal("test");
    expect(plan.tier).to.equal("dev");
    expect(plan.offline).to.equal(true);
    const stackUrn = "urn:pulumi:test::plan-fixture::pulumi:pulumi:Stack::plan-fixture-test";
    expect(plan.resources.map((r) => [r.type, r.name, r.parent])).to.deep.equal([
      ["pulumi:pulumi:Stack", "plan-fixture-test", null],
      ["fixture:index:Vault", "vault", stackUrn],
      [
        "aws:kms/key:Key",
        "vault-key",
        `urn:pulumi:test::plan-fixture::pulumi:pulumi:Stack$fixture:index:Vault::vault`,
      ],
      [
        "aws:kms/alias:Alias",
        "vault-key-alias",
        `urn:pulumi:test::plan-fixture::pulumi:pulumi:Stack$fixture:index:Vault::vault`,
      ],
      ["aws:sqs/queue:Queue", "queue", stackUrn],
    ]);
    const key = plan.resources.find((r) => r.type === "aws:kms/key:Key")!;
    expect(key.inputs).to.deep.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
    const queue = plan.resources.find((r) => r.type === "aws:sqs/queue:Queue")!;
    // Wiring is visible: the queue's key is the key's mock ARN in the stack's region.
    expect(queue.inputs.kmsMasterKeyId).to.match(
      /^arn:aws:kms:eu-west-1:123456789012:key\/[0-9a-f-]{36}$/,
    );
    expect(plan.outputs.keyArn).to.equal(queue.inputs.kmsMasterKeyId);
    expect(plan.outputs.queueUrl).to.match(
      /^https:\/\/sqs\.eu-west-1\.amazonaws\.com\/123456789012\/queue-[0-9a-f]{7}$/,
    );
  });

  it("masks secure config values instead of decrypting them", async () => {
    const plan = await runOfflinePlan({ projectDir: fixtureDir, stack: "test" });
    expect(plan.outputs.token).to.equal("[secret]");
  });

  it("fails a program that opens a network connection, naming the destination", async () => {
    const error = await runOfflinePlan({ projectDir: fixtureDir, stack: "online" }).catch((e) => e);
    expect(error).to.be.instanceOf(ProgramError);
    expect(error.message).to.include(
      "NetworkCallError: the offline plan must not open network connections (tried 203.0.113.1:443)",
    );
  });

  it("names the stacks that exist when the stack file is missing", async () => {
    const error = await runOfflinePlan({ projectDir: fixtureDir, stack: "qa" }).catch((e) => e);
    expect(error).to.be.instanceOf(PlanInputError);
    expect(error.message).to.equal(
      `no stack file Pulumi.qa.yaml in ${fixtureDir}; stacks here: online, test. ` +
        "Create it with the keys every stack must set, e.g.:\n" +
        "config:\n  aws:region: us-east-1",
    );
  });
});
