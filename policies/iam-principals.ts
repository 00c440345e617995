/**
 * IAM beyond inline documents: AWS-managed policies that grant whole services (or everything)
 * attached to roles, users or groups, and IAM users with long-lived credentials. Customer-managed
 * policies are documents in the stack and are read by iam-no-wildcards.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { asList } from "./util";

/**
 * AWS-managed policies that grant every action, or every action of a service: administrator,
 * power user, IAM full access and the `*FullAccess` family. Read-only and job-function policies
 * are not matched; they are still broader than a platform role needs, which reviews catch.
 */
const BROAD_MANAGED_POLICY =
  /^arn:aws[a-z-]*:iam::aws:policy\/(.*\/)?(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess(V\d+)?)$/;

const ATTACHMENTS: Readonly<Record<string, string>> = {
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
  "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
  "aws:iam/role:Role": "managedPolicyArns",
};

export const iamNoBroadManagedPolicies: ResourceValidationPolicy = {
  name: "iam-no-broad-managed-policies",
  description:
    "Checks whether roles, users and groups avoid AWS-managed policies that grant every action or every action of a service (AdministratorAccess, PowerUserAccess, *FullAccess).",
  validateResource: (args, report) => {
    const property = ATTACHMENTS[args.type];
    if (!property) return;
    const value = args.props[property] as string | string[] | undefined;
    for (const arn of asList(value).filter((a) => BROAD_MANAGED_POLICY.test(a))) {
      report(
        `${property} ${Array.isArray(value) ? "includes" : "is"} "${arn}", an AWS-managed policy that grants whole services; attach a customer-managed policy that names the actions and resources needed.`,
      );
    }
  },
};

const USER_FINDINGS: Readonly<Record<string, string>> = {
  "aws:iam/user:User":
    "an IAM user holds long-lived credentials; give people access through IAM Identity Center and workloads through roles.",
  "aws:iam/accessKey:AccessKey":
    "an access key is a long-lived secret that leaks through laptops, CI logs and state; let the workload assume a role (OIDC, instance profile, execution role) instead.",
  "aws:iam/userLoginProfile:UserLoginProfile":
    "a console password for an IAM user bypasses the organisation's single sign-on; use IAM Identity Center.",
  "aws:iam/userPolicy:UserPolicy":
    "a policy attached to a user directly cannot be reviewed with a role's; grant it to a role the user's workload assumes.",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment":
    "a policy attached to a user directly cannot be reviewed with a role's; grant it to a role the user's workload assumes.",
};

export const iamNoUserCredentials: ResourceValidationPolicy = {
  name: "iam-no-user-credentials",
  description:
    "Checks whether the stack avoids IAM users, their access keys, console passwords and directly attached policies.",
  validateResource: (args, report) => {
    const finding = USER_FINDINGS[args.type];
    if (finding) report(finding);
    else if (
      args.type === "aws:iam/policyAttachment:PolicyAttachment" &&
      asList(args.props.users as string[] | undefined).length > 0
    ) {
      report(USER_FINDINGS["aws:iam/userPolicyAttachment:UserPolicyAttachment"]);
    }
  },
};

export const iamPrincipalPolicies = [iamNoBroadManagedPolicies, iamNoUserCredentials];
