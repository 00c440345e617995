/**
 * A local collector that answers like the deployed one, on 127.0.0.1: POST /v1/events must carry
 * a valid SigV4 signature (checked by the AWS SDK's signer, as API Gateway's IAM authorisation
 * would), and then the collector's own request code runs against kinesalite. Gateway-level
 * refusals (a bad signature, throttling) carry no CORS headers, as API Gateway's do not.
 * It also plays Cognito's GetId/GetOpenIdToken and STS's AssumeRoleWithWebIdentity for the guest
 * credentials, and serves the test page from a second origin so every call is cross-origin.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { collect } from "../../components/http-collector/handler/collect";
import { type Sinks, kinesisEvents } from "../../components/http-collector/handler/sinks";
import type { LocalKinesis } from "../stream-ingestion/producer/kinesalite";
import { type Secret, verifySignature } from "./signature";

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly signature?: "header" | "query";
  readonly contentType?: string;
  readonly events?: number;
}

export interface LocalCollector {
  readonly endpoint: string;
  readonly cognitoEndpoint: string;
  readonly stsEndpoint: string;
  readonly pageUrl: string;
  readonly seen: SeenRequest[];
  readonly deadLetters: string[];
  /** The next `count` POSTs get `status` from "the gateway" (no CORS headers), like throttling. */
  failNext(status: number, count: number): void;
  /** Resolves once `count` POSTs to /v1/events have been answered (bounded wait). */
  posts(count: number, timeoutMs?: number): Promise<SeenRequest[]>;
  stop(): Promise<void>;
}

const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
};

const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });

export async function startLocalCollector(
  kinesis: LocalKinesis,
  streamName: string,
  pageHtml: string,
  limits = { maxRequestBytes: 65536, maxEventsPerRequest: 100 },
): Promise<LocalCollector> {
  const seen: SeenRequest[] = [];
  const deadLetters: string[] = [];
  const secrets = new Map<string, Secret>();
  let failures: { status: number; count: number } = { status: 0, count: 0 };
  let issued = 0;
  const sinks: Sinks = {
    putEvents: kinesisEvents(kinesis.client({ maxAttempts: 1 }), streamName),
    deadLetter: async (messages) => void deadLetters.push(...messages),
  };
  const page = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" }).end(pageHtml);
  });
  const pagePort = await listen(page);
  const pageOrigin = `http://localhost:${pagePort}`;
  const config = { allowedOrigins: [pageOrigin], ...limits };

  const api = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const body = await readBody(req);
      const headers = req.headers as Record<string, string | undefined>;
      const send = (status: number, out: Record<string, string>, text: string) => {
        res.writeHead(status, out).end(text);
      };
      if (url.pathname === "/cognito/" || url.pathname === "/sts/") {
        return identityService(url.pathname, req.method ?? "", headers, body, send);
      }
      const record = (status: number, extra: Partial<SeenRequest> = {}) =>
        seen.push({ method: req.method ?? "", path: url.pathname, status, ...extra });
      if (url.pathname !== "/v1/events") {
        record(403);
        return send(
          403,
          { "content-type": "application/json" },
          '{"message":"Missing Authentication Token"}',
        );
      }
      const request = {
        method: req.method ?? "",
        headers,
        body,
        requestId: `local-${seen.length}`,
      };
      if (req.method === "POST") {
        if (failures.count > 0) {
          failures.count--;
          record(failures.status);
          return send(
            failures.status,
            { "content-type": "application/json" },
            '{"message":"Too Many Requests"}',
          );
        }
        const verdict = await verifySignature(
          {
            method: "POST",
            host: headers.host ?? "",
            path: url.pathname,
            query: url.searchParams,
            headers,
            body,
          },
          secrets,
        );
        if (!verdict.ok) {
          record(403);
          return send(
            403,
            { "content-type": "application/json" },
            JSON.stringify({ message: verdict.message }),
          );
        }
        const answer = await collect(request, config, sinks);
        record(answer.statusCode, {
          signature: verdict.mode,
          contentType: headers["content-type"],
          events: answer.statusCode === 200 ? JSON.parse(answer.body).results.length : undefined,
        });
        return send(answer.statusCode, answer.headers, answer.body);
      }
      const answer = await collect(request, config, sinks);
      record(answer.statusCode);
      send(answer.statusCode, answer.headers, answer.body);
    })();
  });

  /** Cognito Identity (JSON 1.1) and STS (query API, XML), enough for the guest flow. */
  function identityService(
    path: string,
    method: string,
    headers: Record<string, string | undefined>,
    body: string,
    send: (status: number, headers: Record<string, string>, text: string) => void,
  ) {
    const cors = {
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "content-type,x-amz-target,x-amz-user-agent",
      "access-control-allow-methods": "POST",
    };
    if (method === "OPTIONS") return send(204, cors, "");
    if (path === "/cognito/") {
      const target = headers["x-amz-target"];
      const input = JSON.parse(body) as Record<string, string>;
      const json = { ...cors, "content-type": "application/x-amz-json-1.1" };
      if (target === "AWSCognitoIdentityService.GetId") {
        return send(
          200,
          json,
          JSON.stringify({ IdentityId: `${input.IdentityPoolId.split(":")[0]}:guest-1` }),
        );
      }
      return send(
        200,
        json,
        JSON.stringify({ IdentityId: input.IdentityId, Token: `token-for-${input.IdentityId}` }),
      );
    }
    const form = new URLSearchParams(body);
    const accessKeyId = `ASIALOCAL${++issued}`;
    const secret = { secretAccessKey: `secret-${issued}`, sessionToken: `session-${issued}` };
    secrets.set(accessKeyId, secret);
    const expiration = new Date(
      Date.now() + Number(form.get("DurationSeconds")) * 1000,
    ).toISOString();
    send(
      200,
      { ...cors, "content-type": "text/xml" },
      `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${secret.secretAccessKey}</SecretAccessKey><SessionToken>${secret.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`,
    );
  }

  const apiPort = await listen(api);
  const apiOrigin = `http://127.0.0.1:${apiPort}`;
  return {
    endpoint: `${apiOrigin}/v1/events`,
    cognitoEndpoint: `${apiOrigin}/cognito/`,
    stsEndpoint: `${apiOrigin}/sts/`,
    pageUrl: `${pageOrigin}/`,
    seen,
    deadLetters,
    failNext(status, count) {
      failures = { status, count };
    },
    async posts(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const answered = () => seen.filter((s) => s.method === "POST");
      while (answered().length < count && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      return answered();
    },
    async stop() {
      for (const server of [api, page]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
