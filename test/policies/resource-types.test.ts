import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REVIEWED_TYPES } from "../../policies/resource-types";
import { describeResourcePolicy, messages, res } from "./helpers";

describe("known-resource-types", () => {
  it("accepts reviewed types, the stack's own components, Pulumi's own and Personalize dynamic kinds", async () => {
    const found = await messages("known-resource-types", [
      res("aws:s3/bucket:Bucket", "b", {}),
      res("reco:data-lake:DataLake", "lake", {}, { custom: false }),
      res("pulumi:providers:aws", "default", {}),
      res("pulumi-nodejs:dynamic/personalize:DatasetGroup", "dg", {}),
      res("aws:cloudcontrol/resource:Resource", "dash", { typeName: "AWS::QuickSight::Dashboard" }),
    ]);
    expect(found).to.deep.equal([]);
  });

  it("rejects a type nobody reviewed, and an unreviewed Cloud Control type", async () => {
    const found = await messages("known-resource-types", [
      res("aws:opensearch/domain:Domain", "search", {}),
      res("aws:cloudcontrol/resource:Resource", "cc", { typeName: "AWS::MSK::Cluster" }),
      res("pulumi-nodejs:dynamic:Resource", "anything", {}),
    ]);
    expect(found).to.deep.equal([
      "type aws:opensearch/domain:Domain is not one this pack reviews, so no policy checks its exposure, encryption or size; review it and add it to known-resource-types.additionalTypes in the stack's policy pack config, or write a policy for it in policies/.",
      'Cloud Control type "AWS::MSK::Cluster" is not one this pack reviews, so no policy checks its exposure, encryption or size; review it and add "AWS::MSK::Cluster" to known-resource-types.additionalTypes in the stack\'s policy pack config, or write a policy for it.',
      "type pulumi-nodejs:dynamic:Resource is not one this pack reviews, so no policy checks its exposure, encryption or size; review it and add it to known-resource-types.additionalTypes in the stack's policy pack config, or write a policy for it in policies/.",
    ]);
  });

  it("admits a type the stack's config names", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-")), "types.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        "known-resource-types": { additionalTypes: ["aws:opensearch/domain:Domain"] },
      }),
    );
    const domain = res("aws:opensearch/domain:Domain", "search", {});
    expect(await messages("known-resource-types", [domain], file)).to.deep.equal([]);
  });

  it("lists only real @pulumi/aws resource types", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const aws = require("@pulumi/aws");
    const missing = REVIEWED_TYPES.filter((type) => {
      const [, module, cls] = type.split(/[:/]/).filter((_, i) => i !== 2);
      const ns = module === "index" ? aws : aws[module];
      return typeof ns?.[cls]?.isInstance !== "function";
    });
    expect(missing).to.deep.equal([]);
  });
});

describe("common additions", () => {
  const msg = (what: string) =>
    `admits ${what}; the whole internet can reach whatever listens there (only 443 may be open to the world). Narrow the source to a CIDR, a prefix list or a security group.`;
  describeResourcePolicy(
    "security-group-no-open-ingress",
    "aws:ec2/securityGroup:SecurityGroup",
    {
      ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] },
      ],
    },
    [
      {
        path: "ingress.1.cidrBlocks",
        value: ["0.0.0.0/0"],
        message: `ingress[1] ${msg("0.0.0.0/0 on port 5432")}`,
      },
      {
        path: "ingress.0.protocol",
        value: "-1",
        message: `ingress[0] ${msg("0.0.0.0/0 on every port")}`,
      },
    ],
  );
  describeResourcePolicy(
    "security-group-no-open-ingress",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    {
      securityGroupId: "sg-1",
      ipProtocol: "tcp",
      fromPort: 22,
      toPort: 22,
      cidrIpv4: "10.0.0.0/8",
    },
    [{ path: "cidrIpv6", value: "::/0", message: `this ingress rule ${msg("::/0 on port 22")}` }],
  );
  describeResourcePolicy(
    "rds-instance-private-encrypted",
    "aws:rds/instance:Instance",
    {
      instanceClass: "db.t4g.micro",
      publiclyAccessible: false,
      storageEncrypted: true,
      deletionProtection: true,
      backupRetentionPeriod: 7,
    },
    [
      {
        path: "publiclyAccessible",
        value: true,
        message:
          "publiclyAccessible is true; keep the database in private subnets and set it false.",
      },
      {
        path: "storageEncrypted",
        value: undefined,
        message:
          "storageEncrypted is not true; encrypt the storage with a customer-managed kmsKeyId.",
      },
      {
        path: "deletionProtection",
        value: false,
        message:
          "deletionProtection is not true; set it so a destroy or replacement cannot drop the database.",
      },
      {
        path: "backupRetentionPeriod",
        value: 0,
        message: "backupRetentionPeriod is 0 days; keep at least 7.",
      },
    ],
  );
  describeResourcePolicy(
    "ebs-volume-encrypted",
    "aws:ebs/volume:Volume",
    { availabilityZone: "us-east-1a", size: 8, encrypted: true },
    [
      {
        path: "encrypted",
        value: undefined,
        message: "encrypted is not true; set it with a customer-managed kmsKeyId.",
      },
    ],
  );
  describeResourcePolicy(
    "ssm-secure-parameters",
    "aws:ssm/parameter:Parameter",
    { name: "/reco/db/password", type: "SecureString", value: "x" },
    [
      {
        path: "type",
        value: "String",
        message:
          'parameter "/reco/db/password" looks like a secret but its type is "String", stored and shown in plaintext; make it a SecureString with a customer-managed keyId.',
      },
    ],
  );
  describeResourcePolicy(
    "ecr-repository-safe",
    "aws:ecr/repository:Repository",
    {
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [
        { encryptionType: "KMS", kmsKey: "arn:aws:kms:us-east-1:1:key/1" },
      ],
    },
    [
      {
        path: "imageTagMutability",
        value: undefined,
        message:
          'imageTagMutability is "MUTABLE"; set "IMMUTABLE" so a tag cannot be re-pointed at another image.',
      },
      {
        path: "imageScanningConfiguration.scanOnPush",
        value: false,
        message:
          "imageScanningConfiguration.scanOnPush is not true; scan every image as it is pushed.",
      },
      {
        path: "encryptionConfigurations",
        value: undefined,
        message:
          'encryptionConfigurations must be [{ encryptionType: "KMS", kmsKey }] with a customer-managed key.',
      },
    ],
  );
});
