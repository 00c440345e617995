/**
 * The OpenSearch Serverless policies of the collection, as pure documents: encryption with the
 * component's customer key, network access through the VPC endpoint only (no public endpoint, for
 * the collection or its dashboards), data access that names each principal and its permissions,
 * and the lifecycle rule that deletes indexed events after the retention.
 */

const collectionResource = (collection: string) => `collection/${collection}`;
const indexResource = (collection: string) => `index/${collection}/*`;

export function encryptionPolicy(collection: string, kmsKeyArn: string): object {
  return {
    Rules: [{ ResourceType: "collection", Resource: [collectionResource(collection)] }],
    AWSOwnedKey: false,
    KmsARN: kmsKeyArn,
  };
}

export function networkPolicy(collection: string, vpcEndpointId: string): object[] {
  return [
    {
      Description: "Collection and dashboards reachable through the exploration VPC endpoint only",
      Rules: [
        { ResourceType: "collection", Resource: [collectionResource(collection)] },
        { ResourceType: "dashboard", Resource: [collectionResource(collection)] },
      ],
      AllowFromPublic: false,
      SourceVPCEs: [vpcEndpointId],
    },
  ];
}

/** What Firehose needs to index documents; nothing to read or delete them. */
export const WRITER_PERMISSIONS = [
  "aoss:CreateIndex",
  "aoss:UpdateIndex",
  "aoss:DescribeIndex",
  "aoss:WriteDocument",
];
/** What readers need to search events and open saved objects in the dashboards. */
export const READER_INDEX_PERMISSIONS = ["aoss:DescribeIndex", "aoss:ReadDocument"];
export const READER_COLLECTION_PERMISSIONS = ["aoss:DescribeCollectionItems"];

export function dataAccessPolicy(
  collection: string,
  writerRoleArn: string,
  readerRoleArns: readonly string[],
): object[] {
  const rules: object[] = [
    {
      Description: "Firehose indexes the stream's events",
      Rules: [
        {
          ResourceType: "index",
          Resource: [indexResource(collection)],
          Permission: WRITER_PERMISSIONS,
        },
      ],
      Principal: [writerRoleArn],
    },
  ];
  if (readerRoleArns.length > 0) {
    rules.push({
      Description: "Readers search recent events and use the dashboards",
      Rules: [
        {
          ResourceType: "index",
          Resource: [indexResource(collection)],
          Permission: READER_INDEX_PERMISSIONS,
        },
        {
          ResourceType: "collection",
          Resource: [collectionResource(collection)],
          Permission: READER_COLLECTION_PERMISSIONS,
        },
      ],
      Principal: [...readerRoleArns],
    });
  }
  return rules;
}

/** Serverless TIMESERIES collections delete whole indexes' old data by this rule, not by ISM. */
export function retentionPolicy(collection: string, retentionDays: number): object {
  return {
    Rules: [
      {
        ResourceType: "index",
        Resource: [indexResource(collection)],
        MinIndexRetention: `${retentionDays}d`,
      },
    ],
  };
}
