/**
 * HttpCollector under Pulumi's mocks: its exact children, the security-relevant inputs of each
 * (who may call, what the function may do, what is encrypted and logged), and the exact messages
 * of invalid args, thrown before any resource exists.
 */
import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { HttpCollector, type HttpCollectorArgs } from "../../components/http-collector";
import { ComponentArgsError } from "../../components/shared/args-error";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";
import { ORIGIN } from "./fixtures";

const A = MOCK_ACCOUNT_ID;
const STREAM_ARN = `arn:aws:kinesis:us-east-1:${A}:stream/events`;
const STREAM_KEY = `arn:aws:kms:us-east-1:${A}:key/stream`;
const stream = { streamName: "events", streamArn: STREAM_ARN, kmsKeyArn: STREAM_KEY };

/** A component output's value under the mocks. */
const valueOf = <V>(output: pulumi.Output<V>) => new Promise<V>((resolve) => output.apply(resolve));
const KEY_ARN = new RegExp(`^arn:aws:kms:us-east-1:${A}:key/[0-9a-f-]{36}$`);
const EXECUTION_ARN = `arn:aws:execute-api:us-east-1:${A}:[a-z]{10}`;

const T = {
  component: "reco:http-collector:HttpCollector",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  queue: "aws:sqs/queue:Queue",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  fn: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  api: "aws:apigateway/restApi:RestApi",
  resource: "aws:apigateway/resource:Resource",
  method: "aws:apigateway/method:Method",
  integration: "aws:apigateway/integration:Integration",
  deployment: "aws:apigateway/deployment:Deployment",
  stage: "aws:apigateway/stage:Stage",
  methodSettings: "aws:apigateway/methodSettings:MethodSettings",
  account: "aws:apigateway/account:Account",
  acl: "aws:wafv2/webAcl:WebAcl",
  aclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  pool: "aws:cognito/identityPool:IdentityPool",
  poolRoles: "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
};

describe("HttpCollector", () => {
  const rec = useMocks({ stack: "dev" });

  async function build(args: Partial<HttpCollectorArgs> = {}) {
    const collector = new HttpCollector("web", { stream, allowedOrigins: [ORIGIN], ...args });
    await rec.settle();
    const component = rec.one(T.component);
    const children = rec
      .childrenOf(component.urn)
      .map((c) => `${c.type} ${c.name}`)
      .sort();
    return { collector, children };
  }
  const statements = (name: string) => JSON.parse(rec.byName(name).inputs.policy).Statement;

  it("creates the API, its function, queue, key, guest identities, WAF and alarms, nothing else", async () => {
    const { children } = await build();
    expect(children).to.deep.equal(
      [
        `${T.key} web-key`,
        `${T.alias} web-key-alias`,
        `${T.queue} web-dlq`,
        `${T.logGroup} web-fn-logs`,
        `${T.role} web-fn-role`,
        `${T.rolePolicy} web-fn-policy`,
        `${T.fn} web-fn`,
        `${T.api} web-api`,
        `${T.resource} web-events`,
        `${T.method} web-post`,
        `${T.method} web-options`,
        `${T.integration} web-post-integration`,
        `${T.integration} web-options-integration`,
        `${T.deployment} web-deployment`,
        `${T.role} web-gateway-logs`,
        `${T.rolePolicy} web-gateway-logs-policy`,
        `${T.account} web-gateway-account`,
        `${T.logGroup} web-access-logs`,
        `${T.stage} web-stage`,
        `${T.methodSettings} web-stage-settings`,
        `${T.permission} web-invoke`,
        `${T.pool} web-identities`,
        `${T.role} web-guest`,
        `${T.rolePolicy} web-guest-policy`,
        `${T.poolRoles} web-identity-roles`,
        `${T.acl} web-waf`,
        `${T.aclAssociation} web-waf-stage`,
        `${T.alarm} web-server-errors`,
        `${T.alarm} web-function-errors`,
        `${T.alarm} web-rejected-events`,
        `${T.alarm} web-latency`,
      ].sort(),
    );
  });

  it("signs POST with IAM and leaves only the preflight unsigned, both proxied to the function", async () => {
    const { collector } = await build();
    const methods = rec.ofType(T.method).map((m) => [m.inputs.httpMethod, m.inputs.authorization]);
    expect(methods.sort()).to.deep.equal([
      ["OPTIONS", "NONE"],
      ["POST", "AWS_IAM"],
    ]);
    const fnArn = `arn:aws:lambda:us-east-1:${A}:function:${await valueOf(collector.functionName)}`;
    for (const integration of rec.ofType(T.integration)) {
      expect([integration.inputs.type, integration.inputs.uri]).to.deep.equal([
        "AWS_PROXY",
        `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
      ]);
    }
    expect(rec.one(T.api).inputs.endpointConfiguration).to.deep.equal({ types: "REGIONAL" });
    const permission = rec.one(T.permission).inputs;
    expect([permission.action, permission.principal]).to.deep.equal([
      "lambda:InvokeFunction",
      "apigateway.amazonaws.com",
    ]);
    expect(permission.sourceArn).to.match(new RegExp(`^${EXECUTION_ARN}/v1/\\*/events$`));
    expect(await valueOf(collector.endpoint)).to.match(
      /^https:\/\/[a-z]{10}\.execute-api\.us-east-1\.amazonaws\.com\/v1\/events$/,
    );
  });

  it("lets the function put records on the one stream and send to the one queue, nothing else", async () => {
    const { collector } = await build();
    const queueUrl = await valueOf(collector.deadLetterQueueUrl);
    const queue = { url: queueUrl, arn: `arn:aws:sqs:us-east-1:${A}:${queueUrl.split("/").pop()}` };
    const key = rec.one(T.queue).inputs.kmsMasterKeyId;
    expect(key).to.match(KEY_ARN);
    expect(statements("web-fn-policy").slice(2)).to.deep.equal([
      {
        Effect: "Allow",
        Sid: "WriteEvents",
        Action: ["kinesis:PutRecords"],
        Resource: [STREAM_ARN],
      },
      {
        Effect: "Allow",
        Sid: "EncryptEvents",
        Action: ["kms:GenerateDataKey"],
        Resource: [STREAM_KEY],
      },
      { Effect: "Allow", Sid: "KeepRejected", Action: ["sqs:SendMessage"], Resource: [queue.arn] },
      {
        Effect: "Allow",
        Sid: "EncryptRejectedAndEnvironment",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [key],
      },
    ]);
    expect(rec.one(T.fn).inputs.environment.variables).to.deep.equal({
      STREAM_NAME: "events",
      DEAD_LETTER_QUEUE_URL: queue.url,
      ALLOWED_ORIGINS: JSON.stringify([ORIGIN]),
      MAX_REQUEST_BYTES: "65536",
      MAX_EVENTS_PER_REQUEST: "100",
    });
    expect(rec.one(T.fn).inputs.tags).to.deep.equal({
      "reco:handler-source": "components/http-collector/handler/handler.ts",
    });
    expect(rec.one(T.queue).inputs).to.include({
      kmsMasterKeyId: key,
      messageRetentionSeconds: 1_209_600,
    });
  });

  it("gives guests one action on one method of one stage, and trusts only this pool's guests", async () => {
    const { collector } = await build();
    const poolId = await valueOf(collector.identityPoolId);
    expect(rec.one(T.pool).inputs).to.include({
      allowUnauthenticatedIdentities: true,
      allowClassicFlow: true,
    });
    const [post] = statements("web-guest-policy");
    expect(post.Resource).to.have.length(1);
    expect(post.Resource[0]).to.match(new RegExp(`^${EXECUTION_ARN}/v1/POST/events$`));
    expect(post).to.deep.equal({
      Effect: "Allow",
      Sid: "PostEvents",
      Action: ["execute-api:Invoke"],
      Resource: post.Resource,
    });
    // The gateway's permission to invoke the function covers the same method and stage.
    expect(rec.one(T.permission).inputs.sourceArn).to.equal(
      post.Resource[0].replace("/POST/", "/*/"),
    );
    const guest = rec.byName("web-guest");
    expect(guest.inputs.maxSessionDuration).to.equal(3600);
    expect(JSON.parse(guest.inputs.assumeRolePolicy).Statement).to.deep.equal([
      {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "cognito-identity.amazonaws.com:aud": poolId },
          "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "unauthenticated" },
        },
      },
    ]);
    expect(rec.one(T.poolRoles).inputs).to.deep.equal({
      identityPoolId: poolId,
      roles: { unauthenticated: await valueOf(collector.guestRoleArn) },
    });
  });

  it("logs every request to an encrypted group, throttles the stage from the workload, traces", async () => {
    await build({
      workload: {
        avgEventsPerSecond: 100,
        peakEventsPerSecond: 1000,
        avgEventBytes: 500,
        retentionDays: 30,
        queriesPerDay: 10,
      },
    });
    const stage = rec.one(T.stage).inputs;
    const logs = rec.byName("web-access-logs");
    expect(stage.stageName).to.equal("v1");
    expect(stage.xrayTracingEnabled).to.equal(true);
    expect(stage.accessLogSettings.destinationArn).to.match(
      new RegExp(`^arn:aws:logs:us-east-1:${A}:log-group:/aws/apigateway/web-access-[0-9a-f]{7}$`),
    );
    expect(Object.keys(JSON.parse(stage.accessLogSettings.format))).to.include.members([
      "requestId",
      "ip",
      "identity",
      "status",
      "wafStatus",
    ]);
    expect(logs.inputs).to.include({
      retentionInDays: 14,
      kmsKeyId: rec.one(T.queue).inputs.kmsMasterKeyId,
    });
    expect(rec.one(T.methodSettings).inputs.settings).to.deep.equal({
      throttlingRateLimit: 200,
      throttlingBurstLimit: 400,
      metricsEnabled: true,
      loggingLevel: "OFF",
      dataTraceEnabled: false,
    });
  });

  it("limits each client IP with a WAF rate rule answering 429, attached to the stage", async () => {
    const { collector } = await build({ requestsPerClientPer5Minutes: 600 });
    const acl = rec.one(T.acl).inputs;
    expect(acl.scope).to.equal("REGIONAL");
    expect(acl.rules).to.have.length(1);
    expect(acl.rules[0].statement).to.deep.equal({
      rateBasedStatement: { limit: 600, evaluationWindowSec: 300, aggregateKeyType: "IP" },
    });
    expect(acl.rules[0].action).to.deep.equal({
      block: { customResponse: { responseCode: 429, customResponseBodyKey: "throttled" } },
    });
    const association = rec.one(T.aclAssociation).inputs;
    expect(association.webAclArn).to.equal(await valueOf(collector.webAclArn));
    expect(association.resourceArn).to.match(
      /^arn:aws:apigateway:us-east-1::\/restapis\/[a-z]{10}\/stages\/v1$/,
    );
  });

  it("uses the stack's shared key instead of its own, and leaves the account log role to another stack", async () => {
    const shared = `arn:aws:kms:us-east-1:${A}:key/shared`;
    const { children } = await build({ sharedKmsKeyArn: shared, manageAccountLogRole: false });
    expect(
      children.filter(
        (c) => c.startsWith(T.key) || c.startsWith(T.account) || c.includes("gateway-logs"),
      ),
    ).to.deep.equal([]);
    expect(rec.one(T.queue).inputs.kmsMasterKeyId).to.equal(shared);
    expect(rec.byName("web-access-logs").inputs.kmsKeyId).to.equal(shared);
  });

  it("protects the queue, logs and key in prod", async () => {
    await build({ tier: "prod" });
    for (const name of ["web-dlq", "web-access-logs", "web-fn-logs", "web-key"]) {
      const r = rec.byName(name);
      expect([name, r.protect, r.retainOnDelete]).to.deep.equal([name, true, true]);
    }
    expect(rec.byName("web-access-logs").inputs.retentionInDays).to.equal(365);
  });

  it("reports every invalid argument at once, before any resource exists", async () => {
    let error: unknown;
    try {
      new HttpCollector("web", {
        stream,
        allowedOrigins: ["*", "https://shop.example.com/", "http://shop.example.com"],
        maxRequestBytes: 512 * 1024,
        maxEventsPerRequest: 501,
        requestsPerClientPer5Minutes: 5,
        expectedEventsPerRequest: 0,
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ComponentArgsError);
    expect((error as Error).message).to.equal(
      [
        'HttpCollector "web" has 7 invalid arguments:',
        '  - allowedOrigins has "*"; each must be an origin like https://shop.example.com (lower-case https, no "*", path or trailing slash; http only for localhost).',
        '  - allowedOrigins has "https://shop.example.com/"; each must be an origin like https://shop.example.com (lower-case https, no "*", path or trailing slash; http only for localhost).',
        '  - allowedOrigins has "http://shop.example.com"; each must be an origin like https://shop.example.com (lower-case https, no "*", path or trailing slash; http only for localhost).',
        "  - maxRequestBytes is 524288; it must be a whole number from 1024 to 196608 (a rejected body must fit one SQS message).",
        "  - maxEventsPerRequest is 501; it must be a whole number from 1 to 500 (one request is one PutRecords call).",
        "  - requestsPerClientPer5Minutes is 5; WAF rate-based rules accept 10 to 2000000000.",
        "  - expectedEventsPerRequest is 0; it must be a whole number from 1 to 500.",
      ].join("\n"),
    );
    await rec.settle();
    expect(rec.resources).to.deep.equal([]);
  });

  it("refuses a collector with no origins, naming the fix", () => {
    expect(() => new HttpCollector("web", { stream, allowedOrigins: [] })).to.throw(
      'allowedOrigins is empty; a public collector must name the sites that send to it. Fix: allowedOrigins: ["https://shop.example.com"].',
    );
  });
});
