/**
 * API Gateway REST APIs, the stack's public front doors: every method but a CORS preflight is
 * authorised, every stage writes access logs, and every stage has a throttle (a stage without one
 * lets a single client spend the account's whole request quota, and the bill behind it).
 */
import * as aws from "@pulumi/aws";
import {
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { forEachKnown, label } from "./util";

export const apigatewayMethodAuthorized: ResourceValidationPolicy = {
  name: "apigateway-method-authorized",
  description:
    "Checks whether every API Gateway method other than an OPTIONS preflight requires authorisation (IAM, Cognito or a custom authorizer).",
  validateResource: validateResourceOfType(aws.apigateway.Method, (method, _args, report) => {
    if (method.httpMethod === "OPTIONS" || method.authorization !== "NONE") return;
    report(
      `method ${method.httpMethod} has authorization "NONE", so anyone on the internet may call it; set authorization to "AWS_IAM", "COGNITO_USER_POOLS" or "CUSTOM" (only OPTIONS preflights may be open).`,
    );
  }),
};

export const apigatewayStageAccessLogged: ResourceValidationPolicy = {
  name: "apigateway-stage-access-logged",
  description:
    "Checks whether every API Gateway stage writes access logs (a destination and a format), so each request can be traced to a client.",
  validateResource: validateResourceOfType(aws.apigateway.Stage, (stage, _args, report) => {
    const logs = stage.accessLogSettings;
    if (!logs?.destinationArn || !logs.format) {
      report(
        "accessLogSettings is not set; a public stage must write an access log line per request. Set accessLogSettings { destinationArn: <KMS-encrypted log group ARN>, format: <JSON with $context.requestId, $context.identity.sourceIp, $context.status> }.",
      );
    }
  }),
};

const STAGE = "aws:apigateway/stage:Stage";
const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";

/** Whether `settings` throttle every method of `stage` (methodPath "*\/*", positive limits). */
function throttles(settings: PolicyResource, stage: PolicyResource): boolean {
  const p = settings.props;
  return (
    p.restApi === stage.props.restApi &&
    p.stageName === stage.props.stageName &&
    p.methodPath === "*/*" &&
    p.settings?.throttlingRateLimit > 0 &&
    p.settings?.throttlingBurstLimit > 0
  );
}

export const apigatewayStageThrottled: StackValidationPolicy = {
  name: "apigateway-stage-throttled",
  description:
    'Checks whether every API Gateway stage has method settings for "*/*" with a positive rate and burst limit.',
  validateStack: (args, report) => {
    const settings = args.resources.filter((r) => r.type === METHOD_SETTINGS);
    forEachKnown(
      args.resources.filter((r) => r.type === STAGE),
      (stage) => {
        if (settings.some((s) => throttles(s, stage))) return;
        report(
          `${label(stage)} has no throttle, so one client can use the account's whole API Gateway quota (10,000 requests/s) and bill every request behind it; add aws.apigateway.MethodSettings for the stage with methodPath "*/*" and settings { throttlingRateLimit, throttlingBurstLimit } sized from the workload.`,
          stage.urn,
        );
      },
    );
  },
};

export const apiGatewayPolicies = [
  apigatewayMethodAuthorized,
  apigatewayStageAccessLogged,
  apigatewayStageThrottled,
];
