import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  ROLE_SESSION_NAME,
  assumedRoleCredentials,
  partitionOf,
  personalizeClient,
} from "../../components/personalize-providers/client";

describe("Personalize client factory", () => {
  const sts = mockClient(STSClient);
  beforeEach(() => sts.reset());
  after(() => sts.restore());

  it("targets the resource's region", async () => {
    expect(await personalizeClient({ region: "eu-central-1" }).config.region()).to.equal(
      "eu-central-1",
    );
  });

  it("assumes the given role with a named session and hands back its credentials", async () => {
    const expiration = new Date("2030-01-01T00:00:00Z");
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: "AKIA",
        SecretAccessKey: "secret",
        SessionToken: "token",
        Expiration: expiration,
      },
    });
    const credentials = await assumedRoleCredentials(
      "eu-west-1",
      "arn:aws:iam::123456789012:role/deployer",
    )();
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).to.deep.equal({
      RoleArn: "arn:aws:iam::123456789012:role/deployer",
      RoleSessionName: ROLE_SESSION_NAME,
    });
    expect(credentials).to.deep.equal({
      accessKeyId: "AKIA",
      secretAccessKey: "secret",
      sessionToken: "token",
      expiration,
    });
  });

  it("says how to fix a role that returns no credentials", async () => {
    sts.on(AssumeRoleCommand).resolves({});
    const error = await assumedRoleCredentials("eu-west-1", "arn:aws:iam::1:role/r")().catch(
      (e: Error) => e,
    );
    expect((error as Error).message).to.equal(
      "Assuming arn:aws:iam::1:role/r returned no credentials. Fix: check that the role trusts the " +
        "identity running `pulumi up` (sts:AssumeRole), or remove assumeRoleArn.",
    );
  });

  it("knows the partition of China and GovCloud regions", () => {
    expect([
      partitionOf("us-east-1"),
      partitionOf("cn-northwest-1"),
      partitionOf("us-gov-west-1"),
    ]).to.deep.equal(["aws", "aws-cn", "aws-us-gov"]);
  });
});
