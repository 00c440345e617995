import { expect } from "chai";
import { messages, res } from "./helpers";

const METHOD = "aws:apigateway/method:Method";
const STAGE = "aws:apigateway/stage:Stage";
const SETTINGS = "aws:apigateway/methodSettings:MethodSettings";
const stage = (props: Record<string, unknown> = {}) =>
  res(STAGE, "s", { restApi: "abcdefghij", stageName: "v1", ...props });
const throttle = (settings: Record<string, unknown>, props: Record<string, unknown> = {}) =>
  res(SETTINGS, "t", {
    restApi: "abcdefghij",
    stageName: "v1",
    methodPath: "*/*",
    settings,
    ...props,
  });

describe("apigateway-method-authorized", () => {
  it("accepts IAM-authorised methods and an open OPTIONS preflight", async () => {
    const ok = [
      res(METHOD, "post", { httpMethod: "POST", authorization: "AWS_IAM" }),
      res(METHOD, "options", { httpMethod: "OPTIONS", authorization: "NONE" }),
    ];
    expect(await messages("apigateway-method-authorized", ok)).to.deep.equal([]);
  });

  it("rejects a method anyone may call", async () => {
    const open = res(METHOD, "post", { httpMethod: "POST", authorization: "NONE" });
    expect(await messages("apigateway-method-authorized", [open])).to.deep.equal([
      'method POST has authorization "NONE", so anyone on the internet may call it; set authorization to "AWS_IAM", "COGNITO_USER_POOLS" or "CUSTOM" (only OPTIONS preflights may be open).',
    ]);
  });
});

describe("apigateway-stage-access-logged", () => {
  const logged = {
    destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:a",
    format: "{}",
  };
  it("accepts a stage with an access log destination and format", async () => {
    expect(
      await messages("apigateway-stage-access-logged", [stage({ accessLogSettings: logged })]),
    ).to.deep.equal([]);
  });

  for (const [name, settings] of [
    ["no access log settings", undefined],
    ["no format", { destinationArn: logged.destinationArn }],
  ] as const) {
    it(`rejects a stage with ${name}`, async () => {
      expect(
        await messages("apigateway-stage-access-logged", [stage({ accessLogSettings: settings })]),
      ).to.deep.equal([
        "accessLogSettings is not set; a public stage must write an access log line per request. Set accessLogSettings { destinationArn: <KMS-encrypted log group ARN>, format: <JSON with $context.requestId, $context.identity.sourceIp, $context.status> }.",
      ]);
    });
  }
});

describe("apigateway-stage-throttled", () => {
  const limits = { throttlingRateLimit: 10, throttlingBurstLimit: 20 };
  const message =
    'Stage "s" has no throttle, so one client can use the account\'s whole API Gateway quota (10,000 requests/s) and bill every request behind it; add aws.apigateway.MethodSettings for the stage with methodPath "*/*" and settings { throttlingRateLimit, throttlingBurstLimit } sized from the workload.';

  it("accepts a stage whose method settings throttle every method", async () => {
    expect(await messages("apigateway-stage-throttled", [stage(), throttle(limits)])).to.deep.equal(
      [],
    );
  });

  for (const [name, settings] of [
    ["no method settings", undefined],
    ["settings for another stage", throttle(limits, { stageName: "v2" })],
    ["settings for one method only", throttle(limits, { methodPath: "events/POST" })],
    ["an unlimited rate (-1)", throttle({ ...limits, throttlingRateLimit: -1 })],
    ["no burst limit", throttle({ throttlingRateLimit: 10 })],
  ] as const) {
    it(`rejects a stage with ${name}`, async () => {
      const resources = settings ? [stage(), settings] : [stage()];
      expect(await messages("apigateway-stage-throttled", resources)).to.deep.equal([message]);
    });
  }
});
