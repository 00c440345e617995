/**
 * AWS Signature Version 4 for one POST to the collector, in the Authorization header (fetch) or
 * in the query string (sendBeacon, which cannot set headers). Only what the collector needs: one
 * method, a path without characters that need encoding, a JSON body. Checked against
 * @smithy/signature-v4 (the AWS SDK's signer) in the tests.
 */
import { type Bytes, hex, hmacSha256, sha256, utf8 } from "./sha256";

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When they stop working (epoch ms). */
  readonly expiresAt?: number;
}

export interface SignInput {
  readonly url: string;
  readonly body: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly now: Date;
  /** "header" for fetch, "query" for a beacon. */
  readonly mode: "header" | "query";
  /** The body's type, signed in header mode. */
  readonly contentType?: string;
}

export interface SignedRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const SERVICE = "execute-api";
/** How long a presigned beacon URL stays valid: it is used at once. */
const PRESIGN_SECONDS = 300;

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const encode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export function signRequest(input: SignInput): SignedRequest {
  const url = new URL(input.url);
  const amzDate = input.now.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${input.region}/${SERVICE}/aws4_request`;
  const { accessKeyId, secretAccessKey, sessionToken } = input.credentials;
  const payloadHash = hex(sha256(utf8(input.body)));

  const headers: Record<string, string> = { host: url.host };
  const query: [string, string][] = [];
  if (input.mode === "header") {
    if (input.contentType) headers["content-type"] = input.contentType;
    headers["x-amz-date"] = amzDate;
    if (sessionToken) headers["x-amz-security-token"] = sessionToken;
  }
  const signedHeaders = Object.keys(headers).sort().join(";");
  if (input.mode === "query") {
    query.push(
      ["X-Amz-Algorithm", ALGORITHM],
      ["X-Amz-Credential", `${accessKeyId}/${scope}`],
      ["X-Amz-Date", amzDate],
      ["X-Amz-Expires", String(PRESIGN_SECONDS)],
      ["X-Amz-SignedHeaders", signedHeaders],
    );
    if (sessionToken) query.push(["X-Amz-Security-Token", sessionToken]);
  }
  const canonicalQuery = query
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join("&");
  const canonicalHeaders = Object.keys(headers)
    .sort()
    .map((name) => `${name}:${headers[name].trim()}\n`)
    .join("");
  const canonicalRequest = [
    "POST",
    url.pathname,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join("\n");
  const stringToSign = [ALGORITHM, amzDate, scope, hex(sha256(utf8(canonicalRequest)))].join("\n");
  let key: Bytes = utf8(`AWS4${secretAccessKey}`);
  for (const part of [day, input.region, SERVICE, "aws4_request"])
    key = hmacSha256(key, utf8(part));
  const signature = hex(hmacSha256(key, utf8(stringToSign)));

  if (input.mode === "query") {
    return {
      url: `${url.origin}${url.pathname}?${canonicalQuery}&X-Amz-Signature=${signature}`,
      headers: {},
    };
  }
  const { host: _host, ...sent } = headers;
  return {
    url: input.url,
    headers: {
      ...sent,
      authorization: `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    },
  };
}
