/**
 * Who may become or invoke the stack's principals: role trust policies and Lambda permissions.
 * No role assumable by every AWS identity, no foreign account without an external id, no web
 * identity federation without a subject condition, and no function invocable by anyone, by a
 * foreign account, or by a service acting for some other customer's resource.
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import {
  TRUSTED_ACCOUNTS_SCHEMA,
  TrustedAccountsConfig,
  conditionEntries,
  isNarrowed,
  parseDocument,
  principalsOf,
} from "./documents";
import { statementId } from "./util";

/** OIDC providers whose tokens carry a subject that must be pinned (else any repo/tenant can assume). */
const needsSubject = (federated: string) =>
  /oidc-provider\//.test(federated) || /^(cognito-identity|accounts\.google)\b/.test(federated);

export const roleTrustRestricted: ResourceValidationPolicy = {
  name: "role-trust-restricted",
  description:
    'Checks whether IAM role trust policies name who may assume the role: no "*", no foreign account without sts:ExternalId, no web identity without a subject condition.',
  configSchema: { properties: TRUSTED_ACCOUNTS_SCHEMA },
  validateResource: validateResourceOfType(aws.iam.Role, (role, args, report) => {
    const { trustedAccountIds } = args.getConfig<TrustedAccountsConfig>();
    const statements = parseDocument(role.assumeRolePolicy);
    if (statements === undefined) {
      report(
        "assumeRolePolicy is not a JSON policy document; it must be a JSON object with a Statement list.",
      );
      return;
    }
    statements.forEach((s, i) => {
      if (s.Effect !== "Allow") return;
      const id = statementId(s, i);
      const p = principalsOf(s);
      if (p.everyone && !isNarrowed(s)) {
        report(
          `assumeRolePolicy: statement ${id} lets Principal "*" assume the role, so any AWS identity can take its permissions; name the account, role or service that assumes it.`,
        );
      }
      const keys = conditionEntries(s).map((c) => c.key);
      const foreign = p.accounts.filter((a) => !trustedAccountIds.includes(a));
      if (foreign.length > 0 && !keys.includes("sts:externalid")) {
        report(
          `assumeRolePolicy: statement ${id} lets account ${foreign.join(", ")}, outside the zone of trust, assume the role without an sts:ExternalId condition; add Condition { StringEquals: { "sts:ExternalId": "<shared secret>" } } or add the account to trustedAccountIds after review.`,
        );
      }
      for (const federated of p.federated.filter(needsSubject)) {
        // A Cognito identity pool's tokens are pinned by the pool (`aud`): every identity of the
        // pool is meant to assume the role, and without `aud` any pool in any account could.
        if (federated === "cognito-identity.amazonaws.com") {
          if (!keys.includes("cognito-identity.amazonaws.com:aud")) {
            report(
              `assumeRolePolicy: statement ${id} trusts "cognito-identity.amazonaws.com" with no condition on the identity pool ("cognito-identity.amazonaws.com:aud"), so identities of any pool, in any account, can assume the role; add Condition { StringEquals: { "cognito-identity.amazonaws.com:aud": "<identity pool id>" } }.`,
            );
          }
          continue;
        }
        const host = federated.split("oidc-provider/").pop() ?? federated;
        if (!keys.some((k) => k === `${host.toLowerCase()}:sub` || k.endsWith(":sub"))) {
          report(
            `assumeRolePolicy: statement ${id} trusts ${JSON.stringify(federated)} with no condition on the token's subject (":sub"), so every identity that provider issues (any repository, any tenant) can assume the role; add a StringEquals or StringLike condition on "${host}:sub".`,
          );
        }
      }
    });
  }),
};

const isAccount = (principal: string) =>
  /^\d{12}$/.test(principal) || /^arn:aws[a-z-]*:iam::\d{12}:/.test(principal);
const accountOf = (principal: string) =>
  /^\d{12}$/.test(principal) ? principal : principal.split(":")[4];

export const lambdaPermissionRestricted: ResourceValidationPolicy = {
  name: "lambda-permission-restricted",
  description:
    'Checks whether Lambda permissions name who may invoke the function: no "*", no foreign account, and services only with sourceArn or sourceAccount.',
  configSchema: { properties: TRUSTED_ACCOUNTS_SCHEMA },
  validateResource: validateResourceOfType(aws.lambda.Permission, (permission, args, report) => {
    const { trustedAccountIds } = args.getConfig<TrustedAccountsConfig>();
    const principal = permission.principal;
    const forUrl =
      permission.action === "lambda:InvokeFunctionUrl" ||
      permission.functionUrlAuthType !== undefined;
    const pinned = permission.principalOrgId || permission.sourceAccount || permission.sourceArn;
    // A function URL granted to "*" is lambda-url-not-public's finding; not reported twice.
    if (principal === "*" && !forUrl && !pinned) {
      report(
        `principal is "*", so any AWS account (and, through a public trigger, anyone) may call ${permission.action}; name the calling account, role or service, or set principalOrgId, sourceAccount or sourceArn.`,
      );
    } else if (isAccount(principal) && !trustedAccountIds.includes(accountOf(principal))) {
      report(
        `principal ${JSON.stringify(principal)} is account ${accountOf(principal)}, outside the zone of trust (${trustedAccountIds.join(", ") || "none configured"}); remove the grant, or add the account to trustedAccountIds in the stack's policy pack config after review.`,
      );
    } else if (
      principal.endsWith(".amazonaws.com") &&
      !permission.sourceArn &&
      !permission.sourceAccount
    ) {
      report(
        `principal is the service ${JSON.stringify(principal)} with neither sourceArn nor sourceAccount, so that service may invoke the function for any customer's resource; set sourceArn to the bucket, rule, topic or API that triggers it (and sourceAccount for S3).`,
      );
    }
  }),
};

export const trustPolicies = [roleTrustRestricted, lambdaPermissionRestricted];
