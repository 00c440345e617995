/**
 * Per-client limits: a regional WAF web ACL on the stage with one rate-based rule keyed on the
 * client's IP. Over the limit a client gets 429 until its rate falls, while every other client
 * keeps sending. The stage throttle (sizing.ts) is the shared ceiling behind it.
 *
 * Why WAF: API Gateway's own per-client limits are usage plans keyed by API key, and an API key
 * shipped in a web page is every visitor's key, so it limits nobody in particular. WAF costs
 * $5 per ACL and $1 per rule a month plus $0.60 per million requests (priced by the cost model).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** WAF counts each client's requests over this window. */
export const RATE_WINDOW_SECONDS = 300;

export function createCollectorWaf(
  name: string,
  stageArn: pulumi.Input<string>,
  requestsPer5Minutes: number,
  parent: pulumi.Resource,
): aws.wafv2.WebAcl {
  const metric = (suffix: string) => ({
    cloudwatchMetricsEnabled: true,
    metricName: `${name}-${suffix}`,
    // Sampled requests show which IPs were blocked, without logging bodies.
    sampledRequestsEnabled: true,
  });
  const acl = new aws.wafv2.WebAcl(
    `${name}-waf`,
    {
      description: "Per-client request limits of the HTTP collector",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      customResponseBodies: [
        {
          key: "throttled",
          contentType: "APPLICATION_JSON",
          content: JSON.stringify({ message: "too many requests from this client; retry later" }),
        },
      ],
      rules: [
        {
          name: "per-client-rate",
          priority: 0,
          action: {
            block: { customResponse: { responseCode: 429, customResponseBodyKey: "throttled" } },
          },
          statement: {
            rateBasedStatement: {
              limit: requestsPer5Minutes,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              aggregateKeyType: "IP",
            },
          },
          visibilityConfig: metric("per-client-rate"),
        },
      ],
      visibilityConfig: metric("acl"),
    },
    { parent },
  );
  new aws.wafv2.WebAclAssociation(
    `${name}-waf-stage`,
    { resourceArn: stageArn, webAclArn: acl.arn },
    { parent },
  );
  return acl;
}
