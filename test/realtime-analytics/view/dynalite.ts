/**
 * A dynalite server (a real DynamoDB API on 127.0.0.1, ephemeral port) holding a table shaped
 * like the component's view, and a document client talking HTTP/1.1 to it.
 */
import type { AddressInfo } from "node:net";
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite");
import { MINUTE_INDEX } from "../../../components/realtime-analytics/view";

export interface LocalView {
  readonly client: DynamoDBDocumentClient;
  readonly raw: DynamoDBClient;
  newTable(): Promise<string>;
  /** Creates a table and returns once it is ACTIVE, as DynamoDB requires before use. */
  createTable(input: CreateTableCommandInput): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalView(): Promise<LocalView> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const raw = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler(),
  });
  const client = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true },
  });
  let tables = 0;
  async function createTable(input: CreateTableCommandInput): Promise<void> {
    await raw.send(new CreateTableCommand(input));
    // As in DynamoDB, a table answers only once ACTIVE: dynalite flips CREATING to ACTIVE on a
    // timer, which a loaded machine can run after the test's first request.
    for (let attempt = 0; ; attempt += 1) {
      const { Table } = await raw.send(new DescribeTableCommand({ TableName: input.TableName }));
      if (Table?.TableStatus === "ACTIVE") break;
      if (attempt >= 500)
        throw new Error(`dynalite table ${input.TableName} is still ${Table?.TableStatus}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  return {
    client,
    raw,
    createTable,
    async newTable() {
      tables += 1;
      const name = `view-${tables}`;
      // Same keys and index as components/realtime-analytics/view-table.ts.
      await createTable({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
          { AttributeName: "minute", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: MINUTE_INDEX,
            KeySchema: [
              { AttributeName: "minute", KeyType: "HASH" },
              { AttributeName: "pk", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      });
      return name;
    },
    async close() {
      raw.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
