/**
 * Who may call the collector: guests of a Cognito identity pool. Each browser or app gets its own
 * identity and credentials that last 15 minutes to an hour, for a role that can invoke one
 * method of one stage (POST /events) and nothing else in AWS.
 *
 * The pool uses Cognito's basic flow (GetId, GetOpenIdToken, then STS AssumeRoleWithWebIdentity):
 * the enhanced flow scopes guest sessions down to a fixed list of services that does not include
 * API Gateway (the AmazonCognitoUnAuthedIdentitiesSessionPolicy managed policy), so its
 * credentials could never invoke the API. The role's trust pins the pool (`aud`) and guest
 * identities (`amr`), so no other pool's tokens and no signed-in identity can assume it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../shared/iam";

export interface CollectorIdentity {
  readonly pool: aws.cognito.IdentityPool;
  readonly guestRole: aws.iam.Role;
  readonly roles: aws.cognito.IdentityPoolRoleAttachment;
}

/** Longest a guest session may last; clients ask for 15 minutes (STS's minimum) and renew. */
export const GUEST_SESSION_SECONDS = 3600;

export function createCollectorIdentity(
  name: string,
  /** `arn:…:execute-api:region:account:api-id/stage/POST/events`, the one thing guests may do. */
  invokeArn: pulumi.Input<string>,
  parent: pulumi.Resource,
): CollectorIdentity {
  const pool = new aws.cognito.IdentityPool(
    `${name}-identities`,
    {
      identityPoolName: `${name}-identities`.replace(/-/g, "_"),
      allowUnauthenticatedIdentities: true,
      allowClassicFlow: true,
    },
    { parent },
  );
  const guestRole = new aws.iam.Role(
    `${name}-guest`,
    {
      description: `Guests of ${name}: may POST events to the collector, nothing else`,
      maxSessionDuration: GUEST_SESSION_SECONDS,
      assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: "cognito-identity.amazonaws.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: { "cognito-identity.amazonaws.com:aud": pool.id },
              "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "unauthenticated" },
            },
          },
        ],
      }),
    },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-guest-policy`,
    {
      role: guestRole.id,
      policy: policyDocument([
        { Sid: "PostEvents", Action: ["execute-api:Invoke"], Resource: [invokeArn] },
      ]),
    },
    { parent },
  );
  const roles = new aws.cognito.IdentityPoolRoleAttachment(
    `${name}-identity-roles`,
    { identityPoolId: pool.id, roles: { unauthenticated: guestRole.arn } },
    { parent },
  );
  return { pool, guestRole, roles };
}
