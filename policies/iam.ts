/**
 * Least privilege: no identity policy grants every action or every resource, except for actions
 * that AWS offers no resource-level permissions for, where "*" is the only valid resource.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { arnFields, quoted } from "./documents";
import { IamStatement, asList, conditionValues, parseDocument, statementId } from "./util";

/**
 * Actions whose "Resource types" column is empty in the AWS Service Authorization Reference, so
 * they can only be granted on "*". Keep this list explicit: a pattern here would let a new
 * resource-scoped action slip through.
 */
export const ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS: readonly string[] = [
  // Lambda and Step Functions tracing (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html).
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  // Custom metrics: allowed only with a cloudwatch:namespace condition (checked below).
  "cloudwatch:PutMetricData",
  "cloudwatch:GetMetricData",
  "cloudwatch:GetMetricStatistics",
  "cloudwatch:ListMetrics",
  // Vended-log delivery used by Step Functions and Firehose logging
  // (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy).
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
  // Listing calls the training pipeline and the CLI use to find existing resources.
  "personalize:ListDatasetGroups",
  "personalize:ListDatasets",
  "personalize:ListDatasetImportJobs",
  "personalize:ListSchemas",
  "personalize:ListSolutions",
  "personalize:ListSolutionVersions",
  "personalize:ListCampaigns",
  "personalize:ListEventTrackers",
  "personalize:ListFilters",
  "personalize:ListRecipes",
  "personalize:ListMetricAttributions",
  // Real-time events: the tracking id in the request names the tracker, IAM cannot.
  "personalize:PutEvents",
  "kinesis:ListStreams",
  "firehose:ListDeliveryStreams",
  "dynamodb:ListTables",
  "lambda:ListFunctions",
  "states:ListStateMachines",
  "athena:ListWorkGroups",
  "athena:ListDataCatalogs",
  "athena:ListEngineVersions",
  "s3:ListAllMyBuckets",
  "sns:ListTopics",
  "kms:ListKeys",
  "kms:ListAliases",
  "sts:GetCallerIdentity",
  // Elastic network interfaces of functions and Flink applications in a VPC.
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeVpcs",
  "ec2:DescribeSubnets",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeDhcpOptions",
  // Firehose's MSK source finds the cluster's brokers before it connects.
  "kafka:GetBootstrapBrokers",
];

const IDENTITY_POLICY_TYPES = [
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/policy:Policy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
];

const isWildcardAction = (action: string) => action === "*" || /^[a-z0-9-]+:\*$/i.test(action);
/** `iam:Create*`, `s3:*Object`, `kms:?ncrypt`: a pattern that also grants actions added later. */
const isActionPattern = (action: string) => !isWildcardAction(action) && /[*?]/.test(action);
/**
 * "*" itself, or an ARN whose account and region are empty or "*" and whose resource starts with
 * "*" (`arn:aws:s3:::*`, `arn:aws:s3:::*\/*`): every resource of the service.
 */
const isWildcardResource = (resource: string) => {
  if (resource === "*") return true;
  const f = arnFields(resource);
  return (
    f !== undefined &&
    ["", "*"].includes(f.region) &&
    ["", "*"].includes(f.account) &&
    f.resource.startsWith("*")
  );
};
/** An ARN that names a service's resources in every account or every region. */
const wildcardsAccountOrRegion = (resource: string) => {
  const f = arnFields(resource);
  return f !== undefined && /[*?]/.test(`${f.region}${f.account}`);
};
/** `role/*`, `role/service-role/*`: every role (under a path), so PassRole can hand out any. */
const isEveryRole = (resource: string) => {
  const f = arnFields(resource);
  return resource === "*" || (f?.service === "iam" && /^role\/(.*\/)?\*$/.test(f.resource));
};

function statementProblems(
  statement: IamStatement,
  index: number,
  allowed: Set<string>,
  namespaceExempt: ReadonlySet<string> = new Set(),
): string[] {
  if (statement.Effect !== "Allow") return [];
  const id = statementId(statement, index);
  const problems: string[] = [];
  if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
    problems.push(
      `statement ${id} uses ${statement.NotAction !== undefined ? "NotAction" : "NotResource"} with Allow, which grants everything not listed; list the actions and resources instead.`,
    );
  }
  const actions = asList(statement.Action);
  for (const action of actions.filter(isWildcardAction)) {
    problems.push(`statement ${id} allows action "${action}"; name the actions the role needs.`);
  }
  for (const action of actions.filter(isActionPattern)) {
    problems.push(
      `statement ${id} allows action pattern "${action}", which also grants every matching action AWS adds later; list the actions the role needs.`,
    );
  }
  const resources = asList(statement.Resource);
  for (const resource of resources.filter(
    (r) => !isWildcardResource(r) && wildcardsAccountOrRegion(r),
  )) {
    problems.push(
      `statement ${id} allows ${quoted(actions)} on "${resource}", whose account or region is a wildcard; name this account and region.`,
    );
  }
  const passRole = actions.some((a) => a.toLowerCase() === "iam:passrole");
  for (const resource of resources.filter((r) => passRole && r !== "*" && isEveryRole(r))) {
    problems.push(
      `statement ${id} allows "iam:PassRole" on "${resource}", so the holder can hand every role (and its permissions) to a service; name the roles it passes.`,
    );
  }
  if (!resources.some(isWildcardResource)) return problems;
  const scoped = actions.filter((a) => !isWildcardAction(a) && !allowed.has(a.toLowerCase()));
  if (scoped.length > 0) {
    problems.push(
      `statement ${id} allows ${scoped.map((a) => `"${a}"`).join(", ")} on resource "*"; scope it to resource ARNs (only actions without resource-level permissions may use "*").`,
    );
  }
  const putMetric = actions.some((a) => a.toLowerCase() === "cloudwatch:putmetricdata");
  if (
    putMetric &&
    !(statement.Sid !== undefined && namespaceExempt.has(statement.Sid)) &&
    conditionValues(statement, ["StringEquals", "StringLike"], "cloudwatch:namespace").length === 0
  ) {
    problems.push(
      `statement ${id} allows "cloudwatch:PutMetricData" on "*" without a condition; add Condition { StringEquals: { "cloudwatch:namespace": "<namespace>" } }.`,
    );
  }
  return problems;
}

/** The policy documents a resource carries: its `policy`, or a role's inline policies. */
function documentsOf(type: string, props: Record<string, any>): { where: string; doc: unknown }[] {
  if (IDENTITY_POLICY_TYPES.includes(type)) return [{ where: "policy", doc: props.policy }];
  if (type === "aws:iam/role:Role") {
    return (props.inlinePolicies ?? []).map(
      (p: { name?: string; policy?: unknown }, i: number) => ({
        where: `inline policy ${JSON.stringify(p.name ?? i)}`,
        doc: p.policy,
      }),
    );
  }
  return [];
}

export const iamNoWildcards: ResourceValidationPolicy = {
  name: "iam-no-wildcards",
  description:
    'Checks whether IAM policies avoid "*" actions and "*" resources (except for actions without resource-level permissions).',
  configSchema: {
    properties: {
      extraActionsWithoutResourceLevelPermissions: {
        type: "array",
        items: { type: "string", pattern: "^[a-z0-9-]+:[A-Za-z0-9]+$" },
        default: [],
        description:
          'Further actions that may use resource "*", each with no resource-level permissions.',
      },
      putMetricDataWithoutNamespace: {
        type: "array",
        items: { type: "string", pattern: "^[A-Za-z0-9]+$" },
        default: [],
        description:
          "Sids of statements that may grant cloudwatch:PutMetricData with no namespace condition: a named opt-out for a service that publishes on the role's behalf to a namespace it does not document (Personalize metric attribution).",
      },
    },
  },
  validateResource: (args, report) => {
    const docs = documentsOf(args.type, args.props);
    if (docs.length === 0) return;
    const { extraActionsWithoutResourceLevelPermissions: extra, putMetricDataWithoutNamespace } =
      args.getConfig<{
        extraActionsWithoutResourceLevelPermissions: string[];
        putMetricDataWithoutNamespace: string[];
      }>();
    const namespaceExempt = new Set(putMetricDataWithoutNamespace);
    const allowed = new Set(
      [...ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS, ...extra].map((a) => a.toLowerCase()),
    );
    for (const { where, doc } of docs) {
      const statements = parseDocument(doc);
      if (statements === undefined) {
        report(
          `${where} is not a JSON policy document; it must be a JSON object with a Statement list.`,
        );
        continue;
      }
      statements.forEach((s, i) =>
        statementProblems(s, i, allowed, namespaceExempt).forEach((p) => report(`${where}: ${p}`)),
      );
    }
  },
};
