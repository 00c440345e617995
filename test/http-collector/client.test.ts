/**
 * The browser client's signing and size, in Node: SHA-256/HMAC against Node's crypto, SigV4
 * against the AWS SDK's signer (through the same verifier the local endpoint uses), and the
 * minified, gzipped bundle against its budget.
 */
import { expect } from "chai";
import { createHash, createHmac } from "node:crypto";
import { gzipSync } from "node:zlib";
import { bundleBrowserClient } from "../../components/http-collector/client/build";
import { backoffMs } from "../../components/http-collector/client/browser";
import { hex, hmacSha256, sha256, utf8 } from "../../components/http-collector/client/sha256";
import { signRequest } from "../../components/http-collector/client/sigv4";
import { verifySignature } from "./signature";

/** "A few kilobytes": what a page pays to load the client, minified and gzipped. */
const BUDGET_GZIP_BYTES = 5 * 1024;

const credentials = { accessKeyId: "ASIAEXAMPLE", secretAccessKey: "s3cr3t", sessionToken: "tok" };
const secrets = new Map([["ASIAEXAMPLE", { secretAccessKey: "s3cr3t", sessionToken: "tok" }]]);
const URL_ = "https://abcdefghij.execute-api.eu-west-1.amazonaws.com/v1/events";
const BODY = JSON.stringify({ events: [{ page: "/ü?x=1&y='(*)'" }] });

function incoming(url: string, headers: Record<string, string>, body = BODY) {
  const u = new URL(url);
  return { method: "POST", host: u.host, path: u.pathname, query: u.searchParams, headers, body };
}

describe("HTTP collector browser client: signing and size", () => {
  it("hashes like Node's crypto at every padding boundary", () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 4097]) {
      const data = Buffer.alloc(n, 0x61 + (n % 26));
      expect(hex(sha256(new Uint8Array(data)))).to.equal(
        createHash("sha256").update(data).digest("hex"),
      );
      const key = Buffer.alloc(n % 130, 7);
      expect(hex(hmacSha256(new Uint8Array(key), utf8("message")))).to.equal(
        createHmac("sha256", key).update("message").digest("hex"),
      );
    }
  });

  for (const mode of ["header", "query"] as const) {
    it(`signs in the ${mode} as the AWS SDK's signer does, and a changed body no longer verifies`, async () => {
      const now = new Date();
      const signed = signRequest({
        url: URL_,
        body: BODY,
        region: "eu-west-1",
        credentials,
        now,
        mode,
        contentType: "application/json",
      });
      expect(
        await verifySignature(incoming(signed.url, signed.headers), secrets, now.getTime()),
      ).to.deep.equal({ ok: true, mode });
      expect(
        await verifySignature(
          incoming(signed.url, signed.headers, `${BODY} `),
          secrets,
          now.getTime(),
        ),
      ).to.deep.equal({
        ok: false,
        message: "The request signature we calculated does not match the signature you provided.",
      });
    });
  }

  it("is refused once the signature is more than 5 minutes old", async () => {
    const then = new Date(Date.now() - 6 * 60_000);
    const signed = signRequest({
      url: URL_,
      body: BODY,
      region: "eu-west-1",
      credentials,
      now: then,
      mode: "header",
    });
    expect(await verifySignature(incoming(signed.url, signed.headers), secrets)).to.deep.equal({
      ok: false,
      message: "Signature expired",
    });
  });

  it("backs off with full jitter under a doubling ceiling", () => {
    expect([1, 2, 3, 8].map((n) => backoffMs(n, 500, 30_000, () => 0.999999))).to.deep.equal([
      499, 999, 1999, 29_999,
    ]);
    expect(backoffMs(4, 500, 30_000, () => 0)).to.equal(0);
  });

  it(`is under ${BUDGET_GZIP_BYTES} bytes minified and gzipped, without the schema validator`, () => {
    const esm = bundleBrowserClient("esm");
    const gzipped = gzipSync(esm, { level: 9 }).length;
    // The measurement, for the README's number: `npx mocha test/http-collector/client.test.ts`.
    console.log(`      browser client: ${esm.length} bytes minified, ${gzipped} gzipped`);
    expect(gzipped).to.be.below(BUDGET_GZIP_BYTES);
    // ajv names its keywords in code; the client must not carry the validator (the collector validates).
    expect(esm).not.to.include("additionalProperties");
  });
});
