/**
 * A real Kinesis API on 127.0.0.1 (kinesalite) for producer tests and benchmarks: ephemeral port,
 * in-memory store, and clients speaking HTTP/1.1 as kinesalite requires.
 */
import type { AddressInfo } from "node:net";
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  KinesisClientConfig,
  ListShardsCommand,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const kinesalite: (options: object) => import("node:http").Server = require("kinesalite");

export interface LocalKinesis {
  readonly endpoint: string;
  /** A client for this server; extra config (e.g. maxAttempts) merged in. */
  client(config?: Partial<KinesisClientConfig>): KinesisClient;
  createStream(name: string, shards: number): Promise<void>;
  /** Every record on every shard, from the start, decoded as UTF-8. */
  readAll(name: string): Promise<{ data: string; partitionKey: string; shardId: string }[]>;
  stop(): Promise<void>;
}

export async function startKinesalite(): Promise<LocalKinesis> {
  const server = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: 100,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: KinesisClient[] = [];
  const client = (config: Partial<KinesisClientConfig> = {}) => {
    const c = new KinesisClient({
      endpoint,
      region: "eu-west-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      requestHandler: new NodeHttpHandler(),
      ...config,
    });
    clients.push(c);
    return c;
  };
  const admin = client();
  return {
    endpoint,
    client,
    async createStream(name, shards) {
      await admin.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
      for (;;) {
        const summary = await admin.send(new DescribeStreamSummaryCommand({ StreamName: name }));
        if (summary.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async readAll(name) {
      const out: { data: string; partitionKey: string; shardId: string }[] = [];
      const shards = (await admin.send(new ListShardsCommand({ StreamName: name }))).Shards ?? [];
      for (const shard of shards) {
        let iterator = (
          await admin.send(
            new GetShardIteratorCommand({
              StreamName: name,
              ShardId: shard.ShardId,
              ShardIteratorType: "TRIM_HORIZON",
            }),
          )
        ).ShardIterator;
        while (iterator) {
          const page = await admin.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
          );
          const records = page.Records ?? [];
          for (const r of records) {
            out.push({
              data: Buffer.from(r.Data!).toString("utf8"),
              partitionKey: r.PartitionKey!,
              shardId: shard.ShardId!,
            });
          }
          // An open shard always returns a next iterator; an empty page means we are at the tip.
          iterator = records.length === 0 ? undefined : page.NextShardIterator;
        }
      }
      return out;
    },
    async stop() {
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((e) => (e ? reject(e) : resolve())),
      );
    },
  };
}
