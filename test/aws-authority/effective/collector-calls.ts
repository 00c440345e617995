/**
 * The HTTP collector's two roles besides its function's: the Cognito guests', which invoke the
 * POST method of the stage (what API Gateway's IAM authorisation evaluates), and API Gateway's
 * account-level logging role, which writes the stage's access log. The method ARN is built from
 * the plan's API, stage and resource, not read from the policy it is checked against.
 */
import { Call, call } from "./calls";
import type { PlanIndex } from "./plan-index";

export function collectorCalls(ix: PlanIndex): Call[] {
  const calls: Call[] = [];
  for (const stage of ix.ofType("aws:apigateway/stage:Stage")) {
    const api = ix.find(String(stage.inputs.restApi), "aws:apigateway/restApi:RestApi");
    if (!api)
      throw new Error(`${stage.name}: no REST API ${String(stage.inputs.restApi)} in the plan`);
    const executionArn = String(ix.stateOf(api).executionArn);
    const resources = ix
      .ofType("aws:apigateway/resource:Resource")
      .filter((r) => r.inputs.restApi === stage.inputs.restApi);
    const posts = ix
      .ofType("aws:apigateway/method:Method")
      .filter(
        (m) => m.inputs.restApi === stage.inputs.restApi && m.inputs.authorization === "AWS_IAM",
      );
    const pool = ix.ofType("aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment");
    for (const attachment of pool) {
      const guest = String(attachment.inputs.roles.unauthenticated);
      for (const method of posts) {
        const path = resources.find((r) => ix.stateOf(r).id === method.inputs.resourceId)?.inputs
          .pathPart;
        calls.push(
          call(
            guest,
            "execute-api:Invoke",
            `${executionArn}/${String(stage.inputs.stageName)}/${String(method.inputs.httpMethod)}/${String(path)}`,
            `${attachment.name}: a guest signs ${String(method.inputs.httpMethod)} /${String(path)}`,
          ),
        );
      }
    }
    const logGroup = String(stage.inputs.accessLogSettings?.destinationArn ?? "");
    for (const account of ix.ofType("aws:apigateway/account:Account")) {
      const role = String(account.inputs.cloudwatchRoleArn);
      const origin = `${account.name}: API Gateway writes ${stage.name}'s access log`;
      calls.push(
        call(role, "logs:DescribeLogGroups", "*", origin),
        call(role, "logs:CreateLogStream", `${logGroup}:log-stream:abcdef0123456789`, origin),
        call(role, "logs:PutLogEvents", `${logGroup}:log-stream:abcdef0123456789`, origin),
      );
    }
  }
  return calls;
}
