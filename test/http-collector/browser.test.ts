/**
 * The browser client in a real headless Chromium, against the local collector (same request code
 * as the deployed function, SigV4 checked by the AWS SDK's signer, kinesalite behind it). The page
 * and the collector are different origins, so CORS preflights and beacons happen for real.
 */
import { expect } from "chai";
import { type Browser, type Page, chromium } from "playwright-core";
import { bundleBrowserClient } from "../../components/http-collector/client/build";
import { type LocalKinesis, startKinesalite } from "../stream-ingestion/producer/kinesalite";
import { buy, view } from "./fixtures";
import { type LocalCollector, startLocalCollector } from "./local-endpoint";

export const CHROMIUM = "/usr/bin/chromium";

const PAGE = `<!doctype html><html><body><script>${bundleBrowserClient("iife")}</script></body></html>`;

type ClientSettings = Record<string, number>;

describe("HTTP collector browser client in headless Chromium", function () {
  this.timeout(60_000);
  let kinesis: LocalKinesis;
  let browser: Browser;
  let local: LocalCollector;
  let page: Page;
  let stream: string;
  let streams = 0;

  before(async () => {
    kinesis = await startKinesalite();
    // Root in CI containers: Chromium's sandbox needs user namespaces it may not have.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  });
  after(async () => {
    await browser?.close();
    await kinesis?.stop();
  });
  beforeEach(async () => {
    stream = `browser-${++streams}`;
    await kinesis.createStream(stream, 1);
    local = await startLocalCollector(kinesis, stream, PAGE);
    page = await browser.newPage();
    await page.goto(local.pageUrl);
  });
  afterEach(async () => {
    await page.close();
    await local.stop();
  });

  /** Creates the client in the page; callbacks record into window.drops and window.invalid. */
  async function startClient(settings: ClientSettings = {}, cognito = local.cognitoEndpoint) {
    await page.evaluate(
      ({ endpoint, cognitoEndpoint, stsEndpoint, settings }) => {
        const w = globalThis as any;
        w.drops = [];
        w.invalid = [];
        w.client = w.RecoCollector.createCollectorClient({
          endpoint,
          region: "eu-west-1",
          credentials: w.RecoCollector.guestCredentials({
            region: "eu-west-1",
            identityPoolId: "eu-west-1:0f8fad5b-d9cb-469f-a165-70867728950e",
            roleArn: "arn:aws:iam::123456789012:role/web-guest",
            cognitoEndpoint,
            stsEndpoint,
          }),
          flushIntervalMs: 60_000,
          baseDelayMs: 20,
          maxDelayMs: 100,
          onInvalid: (event: any, errors: string[]) => w.invalid.push([event.event_id, errors]),
          onDrop: (events: any[], reason: string) => w.drops.push([events.length, reason]),
          ...settings,
        });
      },
      {
        endpoint: local.endpoint,
        cognitoEndpoint: cognito,
        stsEndpoint: local.stsEndpoint,
        settings,
      },
    );
  }
  const track = (events: object[]) =>
    page.evaluate((list) => list.forEach((e) => (globalThis as any).client.track(e)), events);
  const flush = () => page.evaluate(() => (globalThis as any).client.flush());
  const stored = async () =>
    (await kinesis.readAll(stream)).map((r) => JSON.parse(r.data).event_id as string).sort();
  const views = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      ...view,
      event_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    }));

  it("batches, signs each POST in its header, and needs one preflight for all of them", async () => {
    await startClient({ batchSize: 10 });
    const events = views(25);
    await track(events);
    await flush();
    const posts = local.seen.filter((s) => s.method === "POST");
    expect(posts.map((p) => [p.status, p.signature, p.events])).to.deep.equal([
      [200, "header", 10],
      [200, "header", 10],
      [200, "header", 5],
    ]);
    // Chromium caches the preflight (Access-Control-Max-Age), so later batches skip it.
    expect(local.seen.filter((s) => s.method === "OPTIONS").map((s) => s.status)).to.deep.equal([
      204,
    ]);
    expect(await stored()).to.deep.equal(events.map((e) => e.event_id));
    expect(await page.evaluate(() => (globalThis as any).drops)).to.deep.equal([]);
  });

  it("fills event_id and event_time when the page leaves them out", async () => {
    await startClient();
    await track([{ event_type: "visit", user_id: "u-9", session_id: "s-9" }]);
    await flush();
    const [record] = await kinesis.readAll(stream);
    const event = JSON.parse(record.data);
    expect(event.event_id).to.match(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(event.event_time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect([record.partitionKey, event.event_type]).to.deep.equal(["u-9", "visit"]);
  });

  it("retries throttling (429 without CORS headers) with backoff, and stores each event once", async () => {
    await startClient();
    local.failNext(429, 2);
    const events = views(3);
    await track(events);
    await flush();
    expect(local.seen.filter((s) => s.method === "POST").map((s) => s.status)).to.deep.equal([
      429, 429, 200,
    ]);
    expect(await stored()).to.deep.equal(events.map((e) => e.event_id));
  });

  it("reports an event the schema refuses, and the collector keeps it in its dead-letter queue", async () => {
    await startClient();
    const { price: _price, ...noPrice } = buy;
    await track([view, noPrice]);
    await flush();
    expect(await page.evaluate(() => (globalThis as any).invalid)).to.deep.equal([
      [buy.event_id, ['price is required when event_type is "buy"']],
    ]);
    expect(local.deadLetters.map((m) => JSON.parse(m).event.event_id)).to.deep.equal([
      buy.event_id,
    ]);
    expect(await stored()).to.deep.equal([view.event_id]);
  });

  it("gives up after maxAttempts on a failing collector and reports the events", async () => {
    await startClient({ maxAttempts: 3 });
    local.failNext(503, 100);
    await track(views(2));
    await flush();
    expect(await page.evaluate(() => (globalThis as any).drops)).to.deep.equal([
      [2, "gave up after 3 attempts: network error (Failed to fetch)"],
    ]);
    expect(local.seen.filter((s) => s.method === "POST")).to.have.length(3);
  });

  it("drops a batch the collector refuses as too large (413 with CORS), naming why", async () => {
    await page.close();
    await local.stop();
    local = await startLocalCollector(kinesis, stream, PAGE, {
      maxRequestBytes: 4096,
      maxEventsPerRequest: 100,
    });
    page = await browser.newPage();
    await page.goto(local.pageUrl);
    await startClient({ maxBatchBytes: 60_000 });
    await track(views(10).map((e) => ({ ...e, page: "p".repeat(500) })));
    await flush();
    const drops = await page.evaluate(() => (globalThis as any).drops);
    expect(drops).to.have.length(1);
    expect(drops[0][0]).to.equal(10);
    expect(drops[0][1]).to.match(
      /^HTTP 413: the body is \d+ bytes; the limit is 4096: send the events in smaller batches$/,
    );
    expect(await stored()).to.deep.equal([]);
  });

  it("sends what is queued in a signed text/plain beacon when the page goes away", async () => {
    await startClient({ batchSize: 50 });
    const events = views(3);
    await track(events);
    // Let the guest credentials arrive, as they do within a page's first second.
    await page.waitForFunction(() => (globalThis as any).client.pending() === 3);
    await page.waitForTimeout(300);
    expect(local.seen.filter((s) => s.method === "POST")).to.deep.equal([]);
    await page.goto("about:blank");
    const posts = await local.posts(1);
    expect(posts.map((p) => [p.status, p.signature, p.contentType, p.events])).to.deep.equal([
      [200, "query", "text/plain;charset=utf-8", 3],
    ]);
    expect(await stored()).to.deep.equal(events.map((e) => e.event_id));
  });

  it("keeps events it could not sign in localStorage and sends them on the next page load", async () => {
    // No credentials yet (the identity service is unreachable): the beacon cannot be signed.
    await startClient({ batchSize: 50 }, "http://127.0.0.1:9/unreachable/");
    const events = views(2);
    await track(events);
    await page.goto("about:blank");
    await page.goto(local.pageUrl);
    expect(
      await page.evaluate(() => (globalThis as any).localStorage.getItem("reco-collector-unsent")),
    ).to.be.a("string");
    await startClient();
    await flush();
    expect(await stored()).to.deep.equal(events.map((e) => e.event_id));
    expect(
      await page.evaluate(() => (globalThis as any).localStorage.getItem("reco-collector-unsent")),
    ).to.equal(null);
  });
});
