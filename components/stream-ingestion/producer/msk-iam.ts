/**
 * The kafkajs connection settings for MSK with IAM: TLS, and SASL/OAUTHBEARER whose token is a
 * SigV4-presigned `kafka-cluster:Connect` request made by AWS's signer from the default credential
 * chain (the role the process runs as, or the producer role it assumed). MSK's port is 9098.
 */
import { generateAuthToken } from "aws-msk-iam-sasl-signer-js";
import type { KafkaConfig } from "kafkajs";

export type KafkaConnection = Pick<KafkaConfig, "ssl" | "sasl">;

export function mskIamConnection(region: string): KafkaConnection {
  return {
    ssl: true,
    sasl: {
      mechanism: "oauthbearer",
      // kafkajs asks again on every (re)authentication; a token lives 15 minutes.
      oauthBearerProvider: async () => ({ value: (await generateAuthToken({ region })).token }),
    },
  };
}
