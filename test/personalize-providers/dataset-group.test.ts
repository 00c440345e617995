import {
  CreateDatasetGroupCommand,
  DeleteDatasetGroupCommand,
  DescribeDatasetGroupCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-personalize";
import { expect } from "chai";
import {
  DatasetGroupInputs,
  DatasetGroupOutputs,
  DatasetGroupProvider,
  ResourceInitError,
  WaitTimeoutError,
} from "../../components/personalize-providers";
import { arnOf, fakeClock, inUse, inputOf, notFound, usePersonalizeMock, REGION } from "./helpers";

const ARN = arnOf("dataset-group/reco-prod");
const KEY = `arn:aws:kms:${REGION}:123456789012:key/abcd`;
const ROLE = "arn:aws:iam::123456789012:role/personalize-kms";
const INPUTS: DatasetGroupInputs = {
  name: "reco-prod",
  region: REGION,
  kmsKeyArn: KEY,
  roleArn: ROLE,
  tags: { team: "reco" },
};
const STATE: DatasetGroupOutputs = { ...INPUTS, arn: ARN, status: "ACTIVE" };

describe("DatasetGroupProvider", () => {
  const pz = usePersonalizeMock();

  describe("create", () => {
    it("creates with the KMS key, role and tags, then waits PENDING → IN_PROGRESS → ACTIVE", async () => {
      const { wait, sleeps } = fakeClock();
      pz.on(CreateDatasetGroupCommand).resolves({ datasetGroupArn: ARN });
      pz.on(DescribeDatasetGroupCommand)
        .resolvesOnce({ datasetGroup: { status: "CREATE PENDING" } })
        .resolvesOnce({ datasetGroup: { status: "CREATE IN_PROGRESS" } })
        .resolves({ datasetGroup: { status: "ACTIVE" } });
      const result = await new DatasetGroupProvider(wait).create(INPUTS);
      expect(inputOf(pz.commandCalls(CreateDatasetGroupCommand))).to.deep.equal({
        name: "reco-prod",
        roleArn: ROLE,
        kmsKeyArn: KEY,
        domain: undefined,
        tags: [{ tagKey: "team", tagValue: "reco" }],
      });
      expect(pz.commandCalls(DescribeDatasetGroupCommand)).to.have.length(3);
      expect(sleeps).to.deep.equal([10, 20]);
      expect(result).to.deep.equal({ id: ARN, outs: { ...INPUTS, arn: ARN, status: "ACTIVE" } });
    });

    it("fails with the failure reason and the fix on CREATE FAILED, keeping the id for the engine", async () => {
      const { wait } = fakeClock();
      pz.on(CreateDatasetGroupCommand).resolves({ datasetGroupArn: ARN });
      pz.on(DescribeDatasetGroupCommand)
        .resolvesOnce({ datasetGroup: { status: "CREATE IN_PROGRESS" } })
        .resolves({
          datasetGroup: {
            status: "CREATE FAILED",
            failureReason: "Insufficient permissions on KMS key",
          },
        });
      const error = (await new DatasetGroupProvider(wait)
        .create(INPUTS)
        .catch((e) => e)) as ResourceInitError;
      expect(error).to.be.instanceOf(ResourceInitError);
      expect(error.message).to.equal(
        'Personalize dataset group "reco-prod" is CREATE FAILED: Insufficient permissions on KMS key. ' +
          "Fix: let the role in roleArn use the KMS key (kms:Decrypt, kms:GenerateDataKey, kms:DescribeKey " +
          "in the key policy and the role's policy) and make the role trust personalize.amazonaws.com. " +
          "Then run `pulumi up` again: the failed dataset group stays in the stack's state and is replaced.",
      );
      expect(error.id).to.equal(ARN);
      expect(error.properties).to.deep.include({
        arn: ARN,
        status: "CREATE FAILED",
        name: "reco-prod",
      });
      expect(error.reasons).to.deep.equal(["Insufficient permissions on KMS key"]);
    });

    it("times out at the deadline when the group never turns ACTIVE", async () => {
      const { wait } = fakeClock(50);
      pz.on(CreateDatasetGroupCommand).resolves({ datasetGroupArn: ARN });
      pz.on(DescribeDatasetGroupCommand).resolves({
        datasetGroup: { status: "CREATE IN_PROGRESS" },
      });
      const error = await new DatasetGroupProvider(wait).create(INPUTS).catch((e) => e);
      expect(error).to.be.instanceOf(WaitTimeoutError);
      expect((error as WaitTimeoutError).lastStatus).to.equal("CREATE IN_PROGRESS");
    });
  });

  describe("read", () => {
    it("refreshes the state from Describe and ListTags", async () => {
      pz.on(DescribeDatasetGroupCommand).resolves({
        datasetGroup: {
          name: "reco-prod",
          datasetGroupArn: ARN,
          status: "ACTIVE",
          kmsKeyArn: KEY,
          roleArn: ROLE,
        },
      });
      pz.on(ListTagsForResourceCommand).resolves({
        tags: [{ tagKey: "team", tagValue: "growth" }],
      });
      const result = await new DatasetGroupProvider().read(ARN, STATE);
      expect(result).to.deep.equal({ id: ARN, props: { ...STATE, tags: { team: "growth" } } });
    });

    it("reports a group deleted outside Pulumi as gone", async () => {
      pz.on(DescribeDatasetGroupCommand).rejects(notFound());
      expect(await new DatasetGroupProvider().read(ARN, STATE)).to.deep.equal({
        id: "",
        props: undefined,
      });
    });
  });

  describe("diff", () => {
    const provider = new DatasetGroupProvider();
    it("reports no change for the same inputs", async () => {
      expect(await provider.diff(ARN, STATE, INPUTS)).to.deep.equal({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
    });
    it("replaces on a new KMS key, deleting first because the name stays", async () => {
      expect(await provider.diff(ARN, STATE, { ...INPUTS, kmsKeyArn: `${KEY}2` })).to.deep.equal({
        changes: true,
        replaces: ["kmsKeyArn"],
        deleteBeforeReplace: true,
      });
    });
    it("replaces without deleting first when the name changes too", async () => {
      expect(
        await provider.diff(ARN, STATE, { ...INPUTS, name: "reco-2", domain: "ECOMMERCE" }),
      ).to.deep.equal({
        changes: true,
        replaces: ["name", "domain"],
        deleteBeforeReplace: false,
      });
    });
    it("updates tags and the assumed role in place", async () => {
      expect(
        await provider.diff(ARN, STATE, { ...INPUTS, tags: { team: "x" }, assumeRoleArn: ROLE }),
      ).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    });
    it("replaces a group left CREATE FAILED", async () => {
      expect(await provider.diff(ARN, { ...STATE, status: "CREATE FAILED" }, INPUTS)).to.deep.equal(
        {
          changes: true,
          replaces: ["status"],
          deleteBeforeReplace: true,
        },
      );
    });
  });

  describe("update", () => {
    it("untags removed keys and tags new or changed ones", async () => {
      pz.on(UntagResourceCommand).resolves({});
      pz.on(TagResourceCommand).resolves({});
      const olds = { ...STATE, tags: { team: "reco", cost: "a", keep: "1" } };
      const news = { ...INPUTS, tags: { team: "growth", keep: "1", owner: "me" } };
      const result = await new DatasetGroupProvider().update(ARN, olds, news);
      expect(inputOf(pz.commandCalls(UntagResourceCommand))).to.deep.equal({
        resourceArn: ARN,
        tagKeys: ["cost"],
      });
      expect(inputOf(pz.commandCalls(TagResourceCommand))).to.deep.equal({
        resourceArn: ARN,
        tags: [
          { tagKey: "team", tagValue: "growth" },
          { tagKey: "owner", tagValue: "me" },
        ],
      });
      expect(result).to.deep.equal({ outs: { ...news, arn: ARN, status: "ACTIVE" } });
    });

    it("makes no call when only the assumed role changed", async () => {
      const result = await new DatasetGroupProvider().update(ARN, STATE, {
        ...INPUTS,
        assumeRoleArn: ROLE,
      });
      expect(pz.calls()).to.have.length(0);
      expect(result.outs?.assumeRoleArn).to.equal(ROLE);
    });
  });

  describe("delete", () => {
    it("deletes and waits until the group is gone", async () => {
      const { wait, sleeps } = fakeClock();
      pz.on(DeleteDatasetGroupCommand).resolves({});
      pz.on(DescribeDatasetGroupCommand)
        .resolvesOnce({ datasetGroup: { status: "DELETE PENDING" } })
        .rejects(notFound());
      await new DatasetGroupProvider(wait).delete(ARN, STATE);
      expect(inputOf(pz.commandCalls(DeleteDatasetGroupCommand))).to.deep.equal({
        datasetGroupArn: ARN,
      });
      expect(sleeps).to.deep.equal([10]);
    });

    it("treats a group that is already gone as deleted", async () => {
      pz.on(DeleteDatasetGroupCommand).rejects(notFound());
      await new DatasetGroupProvider(fakeClock().wait).delete(ARN, STATE);
      expect(pz.commandCalls(DescribeDatasetGroupCommand)).to.have.length(0);
    });

    it("retries while children are still being deleted", async () => {
      const { wait, sleeps } = fakeClock();
      pz.on(DeleteDatasetGroupCommand)
        .rejectsOnce(inUse("Dataset group has datasets being deleted"))
        .resolves({});
      pz.on(DescribeDatasetGroupCommand).rejects(notFound());
      await new DatasetGroupProvider(wait).delete(ARN, STATE);
      expect(pz.commandCalls(DeleteDatasetGroupCommand)).to.have.length(2);
      expect(sleeps).to.deep.equal([10]);
    });

    it("names the region when the state has none", async () => {
      const error = await new DatasetGroupProvider()
        .delete(ARN, { ...STATE, region: "" })
        .catch((e: Error) => e);
      expect((error as Error).message).to.equal(
        `Personalize resource ${ARN} has no region in its state. Fix: declare it with the region ` +
          "argument (importing needs the same inputs as creating).",
      );
    });
  });
});
