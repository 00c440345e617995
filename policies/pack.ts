/**
 * The pack's identity and its policy list, shared by the entry file (which serves the pack to the
 * Pulumi CLI) and the offline gate (which runs the same policies through the same handlers).
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { monthlyBudget } from "./budget";
import { costPolicies } from "./cost";
import { encryptionPolicies } from "./encryption";
import { iamNoWildcards } from "./iam";
import { reliabilityPolicies } from "./reliability";
import { securityPolicies } from "./security";
import { requiredTags } from "./tags";
import { resourcePolicies } from "./resource-policies";
import { trustPolicies } from "./trust";
import { iamPrincipalPolicies } from "./iam-principals";
import { kmsCustomerManagedKey } from "./customer-managed-keys";
import { s3Policies } from "./s3";
import { lambdaPolicies } from "./lambda";
import { knownResourceTypes } from "./resource-types";
import { commonExposurePolicies } from "./common-exposure";
import { apiGatewayPolicies } from "./api-gateway";
import { networkPolicies } from "./network";
import { searchPolicies } from "./search";

export const PACK_NAME = "reco-analytics-guardrails";

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PACK_VERSION: string = require("./package.json").version;

export const PACK_DESCRIPTION =
  "Encryption, exposure, cost-conscious sizing and reliability guardrails for the reco-analytics platform (Kinesis, Firehose, S3, Glue, Athena, Flink, Personalize).";

/**
 * Mandatory unless a stack's config says otherwise: a policy nobody configured should block, not
 * whisper. Dev's config relaxes what is cheap to fix later.
 */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

export const ALL_POLICIES: Policies = [
  ...encryptionPolicies,
  kmsCustomerManagedKey,
  ...securityPolicies,
  ...s3Policies,
  ...lambdaPolicies,
  ...resourcePolicies,
  ...trustPolicies,
  iamNoWildcards,
  ...iamPrincipalPolicies,
  ...costPolicies,
  monthlyBudget,
  requiredTags,
  ...reliabilityPolicies,
  ...commonExposurePolicies,
  ...apiGatewayPolicies,
  ...networkPolicies,
  ...searchPolicies,
  knownResourceTypes,
];
