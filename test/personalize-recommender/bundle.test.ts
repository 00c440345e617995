import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleSource } from "../../components/shared/bundle";
import { batch, captureLogs, sequenceNumber } from "./handler-fixtures";

const COMPONENTS = join(__dirname, "../../components");

/** Loads the esbuild bundle Lambda would run, from a file outside the project's node_modules. */
function loadBundle(entry: string): { handler: (event: unknown) => Promise<any> } {
  const dir = mkdtempSync(join(tmpdir(), "reco-bundle-"));
  const file = join(dir, "index.js");
  writeFileSync(file, bundleSource(join(COMPONENTS, entry)));
  return require(file);
}

describe("personalize handlers as the esbuild bundles Lambda runs", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("put-events bundle validates records with the bundled schema and skips the invalid one", async () => {
    process.env.TRACKING_ID = "tracker-1";
    // The fixtures' arrival time is fixed in the past: a limit of ten years keeps them fresh.
    process.env.MAX_EVENT_AGE_SECONDS = String(10 * 365 * 86_400);
    const { handler } = loadBundle("personalize-recommender/events/handler.ts");
    const { result, lines } = await captureLogs(() => handler(batch([{ event_type: "view" }])));
    expect(result).to.deep.equal({ batchItemFailures: [] });
    expect(lines[0]).to.deep.include({ sequenceNumber: sequenceNumber(1) });
    expect(lines[0].problems).to.include("event_id is required");
  });

  it("recommend bundle answers a bad request with every problem", async () => {
    process.env.STREAM_NAME = "events";
    const { handler } = loadBundle("personalize-recommender/api/handler.ts");
    const response = await handler({
      queryStringParameters: { channel: "x" },
      requestContext: { http: { method: "GET" } },
    });
    expect(response.statusCode).to.equal(400);
    expect(JSON.parse(response.body).problems).to.deep.equal([
      "userId is required: pass ?userId=<id> (1-256 characters)",
    ]);
  });

  it("unquote-header bundle (with its S3 client) rejects input naming the allowed dataset kinds", async () => {
    process.env.KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/lake";
    const { handler } = loadBundle("training-pipeline/unquote-header/handler.ts");
    const error = await handler({
      kind: "clicks",
      source: "s3://reco-lake/personalize/athena/q.csv",
      destination: "s3://reco-lake/personalize/imports/r/clicks.csv",
    }).catch((e: Error) => e);
    expect(error.name).to.equal("InvalidInput");
    expect(error.message).to.equal(
      'invalid unquote-header input: kind is "clicks"; allowed: interactions, items, users. Fix: pass { kind, source, destination } as the training state machine does.',
    );
  });
});
