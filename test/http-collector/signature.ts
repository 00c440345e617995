/**
 * What API Gateway's IAM authorisation does with a request, using the AWS SDK's own signer
 * (@smithy/signature-v4) as the authority: recompute the signature over the headers (or query
 * parameters) the client says it signed, with the secret of the credentials it names, and compare.
 */
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/** The checksum interface the signer takes, on Node's crypto. */
type Source = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Source) =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

class Sha256 {
  private readonly hash;
  constructor(secret?: Source) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: Source): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface Secret {
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

export interface IncomingSigned {
  readonly method: string;
  /** `host:port` as the client addressed it. */
  readonly host: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export type Verdict =
  | { readonly ok: true; readonly mode: "header" | "query" }
  | { readonly ok: false; readonly message: string };

const SKEW_MS = 5 * 60_000;

export async function verifySignature(
  request: IncomingSigned,
  secrets: ReadonlyMap<string, Secret>,
  now = Date.now(),
): Promise<Verdict> {
  const auth = request.headers.authorization;
  const queryMode = request.query.has("X-Amz-Signature");
  if (!auth && !queryMode) return { ok: false, message: "Missing Authentication Token" };
  const credential = queryMode
    ? (request.query.get("X-Amz-Credential") ?? "")
    : (/Credential=([^,]+)/.exec(auth ?? "")?.[1] ?? "");
  const [accessKeyId, day, region, service] = credential.split("/");
  const secret = secrets.get(accessKeyId);
  if (!secret)
    return { ok: false, message: "The security token included in the request is invalid." };
  const amzDate =
    (queryMode ? request.query.get("X-Amz-Date") : request.headers["x-amz-date"]) ?? "";
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  if (!(Math.abs(now - signingDate.getTime()) < SKEW_MS) || amzDate.slice(0, 8) !== day) {
    return { ok: false, message: "Signature expired" };
  }
  const signedNames = (
    queryMode
      ? (request.query.get("X-Amz-SignedHeaders") ?? "")
      : (/SignedHeaders=([^,]+)/.exec(auth ?? "")?.[1] ?? "")
  ).split(";");
  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    const value = name === "host" ? request.host : request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const [hostname, port] = request.host.split(":");
  const signer = new SignatureV4({
    credentials: {
      accessKeyId,
      secretAccessKey: secret.secretAccessKey,
      sessionToken: secret.sessionToken,
    },
    region,
    service,
    sha256: Sha256,
    // The SDK adds x-amz-content-sha256 unless told not to; a verifier signs what the client
    // listed in SignedHeaders, no more.
    applyChecksum: signedNames.includes("x-amz-content-sha256"),
  });
  const base = {
    method: request.method,
    protocol: "http:",
    hostname,
    port: Number(port),
    path: request.path,
    headers,
    body: request.body,
  };
  let expected: string | undefined;
  let given: string | undefined;
  if (queryMode) {
    const presigned = await signer.presign(
      { ...base, query: {} },
      { signingDate, expiresIn: Number(request.query.get("X-Amz-Expires")) },
    );
    expected = presigned.query?.["X-Amz-Signature"] as string | undefined;
    given = request.query.get("X-Amz-Signature") ?? undefined;
  } else {
    const signed = await signer.sign(base, { signingDate });
    expected = signed.headers.authorization;
    given = auth;
  }
  return expected !== undefined && expected === given
    ? { ok: true, mode: queryMode ? "query" : "header" }
    : {
        ok: false,
        message: "The request signature we calculated does not match the signature you provided.",
      };
}
