import { expect } from "chai";
import { isTaggable } from "../../policies/tags";
import { messages, res, violations } from "./helpers";

const PROVIDER_URN = "urn:pulumi:test::reco-analytics::pulumi:providers:aws::test-aws";
const provider = (tags: Record<string, string>) =>
  res(
    "pulumi:providers:aws",
    "test-aws",
    {
      region: "us-east-1",
      // The engine encodes a provider's object inputs as JSON text, as the recorder sees them.
      defaultTags: JSON.stringify({ tags }),
    },
    { urn: PROVIDER_URN },
  );
const ALL = { environment: "prod", owner: "data-platform", "cost-center": "cc-1234" };

describe("required-tags", () => {
  it("accepts tags inherited from the provider's default tags", async () => {
    const stream = res(
      "aws:kinesis/stream:Stream",
      "events",
      {},
      { provider: `${PROVIDER_URN}::5f1c` },
    );
    expect(await messages("required-tags", [provider(ALL), stream])).to.deep.equal([]);
  });

  it("accepts tags set on the resource itself", async () => {
    const stream = res("aws:kinesis/stream:Stream", "events", { tags: ALL });
    expect(await messages("required-tags", [stream])).to.deep.equal([]);
  });

  it("merges resource tags over the provider's and names what is still missing", async () => {
    const stream = res(
      "aws:kinesis/stream:Stream",
      "events",
      { tags: { owner: "ml" } },
      { provider: `${PROVIDER_URN}::5f1c` },
    );
    expect(
      await violations("required-tags", [provider({ environment: "dev" }), stream]),
    ).to.deep.equal([
      {
        enforcementLevel: "mandatory",
        urn: stream.urn,
        message:
          "missing tag cost-center; set it in the stack's AWS provider defaultTags (pulumi config: owner, costCenter) or in the resource's tags.",
      },
    ]);
  });

  it("treats empty values as missing", async () => {
    const bucket = res("aws:s3/bucket:Bucket", "lake", {
      tags: { ...ALL, owner: "", "cost-center": "" },
    });
    expect(await messages("required-tags", [bucket])).to.deep.equal([
      "missing tags owner, cost-center; set them in the stack's AWS provider defaultTags (pulumi config: owner, costCenter) or in the resource's tags.",
    ]);
  });

  it("skips resources that cannot carry tags", async () => {
    const untaggable = [
      res("aws:kms/alias:Alias", "alias", { name: "alias/lake" }),
      res("aws:s3/bucketPolicy:BucketPolicy", "policy", { bucket: "b", policy: "{}" }),
      res("pulumi-nodejs:dynamic:Resource", "group", { name: "g" }),
    ];
    expect(await messages("required-tags", untaggable)).to.deep.equal([]);
  });

  it("asks the installed provider SDK which types accept tags", () => {
    expect(isTaggable("aws:kinesis/stream:Stream")).to.equal(true);
    expect(isTaggable("aws:cloudwatch/logGroup:LogGroup")).to.equal(true);
    expect(isTaggable("aws:kms/alias:Alias")).to.equal(false);
    expect(isTaggable("aws:lambda/eventSourceMapping:EventSourceMapping")).to.equal(true);
    expect(isTaggable("aws:nosuch/thing:Thing")).to.equal(false);
    expect(isTaggable("pulumi:providers:aws")).to.equal(false);
  });
});
