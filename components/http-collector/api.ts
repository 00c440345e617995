/**
 * The public side: a regional REST API with one resource, `/events`. POST needs a SigV4 signature
 * from a guest identity (IAM authorisation); OPTIONS is the browsers' unsigned preflight. Both go
 * to the function by proxy integration, so the CORS and limit answers come from the same code the
 * local endpoint runs. The stage throttles the whole API, writes a JSON access log line per
 * request to a KMS-encrypted log group, and traces with X-Ray.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createLogGroup, statefulOpts } from "../shared/logs";
import { policyDocument } from "../shared/iam";
import type { AccountContext } from "../shared/key-policy";
import type { ResolvedCollectorArgs } from "./args";
import { EVENTS_PATH } from "./limits";

/** The stage clients call: `https://<api>.execute-api.<region>.amazonaws.com/v1/events`. */
export const STAGE_NAME = "v1";

/**
 * One line per request: who (source IP, Cognito identity), what (method, path, status, sizes),
 * how long, and what WAF and the integration said, so a throttled or refused client can be found.
 * No body and no headers: the events themselves stay out of the logs.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  time: "$context.requestTimeEpoch",
  ip: "$context.identity.sourceIp",
  identity: "$context.identity.cognitoIdentityId",
  method: "$context.httpMethod",
  path: "$context.resourcePath",
  status: "$context.status",
  responseBytes: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationStatus: "$context.integration.status",
  integrationError: "$context.integration.error",
  wafStatus: "$context.waf.status",
  authorizeError: "$context.authorize.error",
  userAgent: "$context.identity.userAgent",
});

export interface CollectorApi {
  readonly api: aws.apigateway.RestApi;
  readonly stage: aws.apigateway.Stage;
  readonly accessLogs: aws.cloudwatch.LogGroup;
  /** `…/v1/POST/events`: what the guest role may invoke. */
  readonly postInvokeArn: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
}

export function createCollectorApi(
  name: string,
  fn: aws.lambda.Function,
  kmsKeyArn: pulumi.Input<string>,
  settings: ResolvedCollectorArgs,
  ctx: AccountContext,
  parent: pulumi.Resource,
): CollectorApi {
  const opts = { parent };
  const api = new aws.apigateway.RestApi(
    `${name}-api`,
    {
      description: "Behaviour events from browsers and apps (POST /events)",
      // Regional, not edge: WAF attaches to regional stages, and clients pay no CloudFront hop.
      endpointConfiguration: { types: "REGIONAL" },
    },
    opts,
  );
  const events = new aws.apigateway.Resource(
    `${name}-events`,
    { restApi: api.id, parentId: api.rootResourceId, pathPart: EVENTS_PATH.slice(1) },
    opts,
  );
  const methods = (["POST", "OPTIONS"] as const).map((httpMethod) => {
    const method = new aws.apigateway.Method(
      `${name}-${httpMethod.toLowerCase()}`,
      {
        restApi: api.id,
        resourceId: events.id,
        httpMethod,
        // Browsers send preflights unsigned; an OPTIONS answer carries no data either way.
        authorization: httpMethod === "POST" ? "AWS_IAM" : "NONE",
      },
      opts,
    );
    const integration = new aws.apigateway.Integration(
      `${name}-${httpMethod.toLowerCase()}-integration`,
      {
        restApi: api.id,
        resourceId: events.id,
        httpMethod: method.httpMethod,
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: fn.invokeArn,
        // The function's own timeout plus a second: the gateway's default is 29 s.
        timeoutMilliseconds: 11_000,
      },
      opts,
    );
    return { method, integration };
  });
  const deployment = new aws.apigateway.Deployment(
    `${name}-deployment`,
    {
      restApi: api.id,
      description: "The /events methods and their integrations",
      // A new deployment whenever a method or integration is replaced, else the stage keeps
      // serving the old snapshot.
      triggers: {
        redeployment: pulumi.jsonStringify(
          methods.flatMap(({ method, integration }) => [method.id, integration.id]),
        ),
      },
    },
    { parent, dependsOn: methods.map((m) => m.integration) },
  );
  const account = settings.manageAccountLogRole ? createAccountLogRole(name, ctx, parent) : [];
  const accessLogs = createLogGroup(
    `${name}-access-logs`,
    {
      namePrefix: `/aws/apigateway/${name}-access-`,
      retentionInDays: settings.logRetentionDays,
      kmsKeyArn,
    },
    statefulOpts(parent, settings.protectData),
  );
  const stage = new aws.apigateway.Stage(
    `${name}-stage`,
    {
      restApi: api.id,
      deployment: deployment.id,
      stageName: STAGE_NAME,
      xrayTracingEnabled: true,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
    },
    // Access logging needs the account's CloudWatch role to be set first.
    { parent, dependsOn: account },
  );
  new aws.apigateway.MethodSettings(
    `${name}-stage-settings`,
    {
      restApi: api.id,
      stageName: stage.stageName,
      methodPath: "*/*",
      settings: {
        throttlingRateLimit: settings.throttle.rateLimit,
        throttlingBurstLimit: settings.throttle.burstLimit,
        metricsEnabled: true,
        // Execution logs would copy request bodies into CloudWatch; the access log is enough.
        loggingLevel: "OFF",
        dataTraceEnabled: false,
      },
    },
    opts,
  );
  new aws.lambda.Permission(
    `${name}-invoke`,
    {
      action: "lambda:InvokeFunction",
      function: fn.arn,
      principal: "apigateway.amazonaws.com",
      // This stage's /events methods only, not any API in the account.
      sourceArn: pulumi.interpolate`${api.executionArn}/${stage.stageName}/*${EVENTS_PATH}`,
    },
    opts,
  );
  return {
    api,
    stage,
    accessLogs,
    postInvokeArn: pulumi.interpolate`${api.executionArn}/${stage.stageName}/POST${EVENTS_PATH}`,
    endpoint: pulumi.interpolate`${stage.invokeUrl}${EVENTS_PATH}`,
  };
}

/**
 * The role API Gateway writes every REST API's logs in this account and region with, and the
 * setting that names it. The role may write to this account's log groups in this region only.
 */
function createAccountLogRole(
  name: string,
  ctx: AccountContext,
  parent: pulumi.Resource,
): aws.apigateway.Account[] {
  const role = new aws.iam.Role(
    `${name}-gateway-logs`,
    {
      description: "API Gateway writes REST API access logs with this role (account setting)",
      assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "apigateway.amazonaws.com" },
            // The documented trust for this role names the service alone: API Gateway does not
            // document aws:SourceAccount on this call, and a condition it never sends would
            // silently stop every API's logs.
            Action: "sts:AssumeRole",
          },
        ],
      }),
    },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-gateway-logs-policy`,
    {
      role: role.id,
      policy: policyDocument([
        {
          // DescribeLogGroups has no resource-level permissions: "*" is its only resource.
          Sid: "FindLogGroups",
          Action: ["logs:DescribeLogGroups"],
          Resource: ["*"],
        },
        {
          Sid: "WriteApiLogs",
          Action: [
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
          ],
          Resource: [
            pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:*`,
          ],
        },
      ]),
    },
    { parent },
  );
  return [
    new aws.apigateway.Account(
      `${name}-gateway-account`,
      { cloudwatchRoleArn: role.arn },
      { parent },
    ),
  ];
}
