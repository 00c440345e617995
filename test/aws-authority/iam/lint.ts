/**
 * Holds every statement of a policy document to AWS's authorization data: each action exists;
 * each Resource fits a resource type of its action ("*" for actions without resource-level
 * permissions, and for no other allowed action); each condition key exists and is one the action
 * carries. A finding is a statement, or the half of one, that does not do what it says: it can
 * never match, or it grants more than it names.
 */
import type { PolicyDocument, Statement } from "./documents";
import {
  ActionFacts,
  ResourceTypeFacts,
  actionCarriesKey,
  actionFacts,
  conditionKeyExists,
  expandAction,
  resourceFitsType,
} from "./authorization-data";

export type FindingRule =
  | "unknown-action"
  | "wildcard-only-action-on-arn"
  | "scoped-action-on-every-resource"
  | "action-fits-no-resource"
  | "resource-fits-no-action"
  | "unknown-condition-key"
  | "condition-key-never-carried";

export interface Finding {
  readonly owner: string;
  readonly sid: string;
  readonly rule: FindingRule;
  /** The action, resource or condition key the finding is about. */
  readonly subject: string;
  readonly message: string;
}

/**
 * A positive condition on a key the request lacks is false; a negated one, `…IfExists` and
 * `ForAllValues:` are true, and `Null` asks about absence itself, so only positive ones can leave
 * a statement that never matches.
 */
function isPositiveOperator(operator: string): boolean {
  const bare = operator.replace(/^For(Any|All)Value:/, "");
  if (operator.startsWith("ForAllValues:")) return false;
  return !/IfExists$/.test(bare) && !/^(StringNot|ArnNot|NotIp|Null$)/.test(bare);
}

export async function lintDocument(doc: PolicyDocument): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const [index, statement] of doc.statements.entries()) {
    findings.push(...(await lintStatement(doc, statement, statement.Sid ?? `#${index}`)));
  }
  return findings;
}

interface Problem {
  readonly rule: FindingRule;
  readonly subject: string;
  readonly message: string;
}

/** What keeps one action of a statement from matching, or makes it grant more than it names. */
function actionProblems(
  s: Statement,
  action: ActionFacts,
  resources: readonly string[],
  kind: PolicyDocument["kind"],
): { problems: Problem[]; types: ResourceTypeFacts[] } {
  const problems: Problem[] = [];
  let types: ResourceTypeFacts[] = action.resourceTypes.slice();
  if (kind !== "trust" && kind !== "acl") {
    if (action.wildcardOnly) {
      types = [];
      if (!resources.includes("*")) {
        problems.push({
          rule: "wildcard-only-action-on-arn",
          subject: action.action,
          message: `${action.action} supports no resource-level permissions, so it only matches Resource "*"; on ${resources.join(", ")} it can never match`,
        });
      }
    } else {
      if (resources.includes("*") && s.Effect === "Allow") {
        problems.push({
          rule: "scoped-action-on-every-resource",
          subject: action.action,
          message: `${action.action} is granted on "*" but supports resource-level permissions (${action.resourceTypes.map((t) => t.name).join(", ")}): name the ARNs`,
        });
      }
      types = action.resourceTypes.filter((t) => resources.some((r) => resourceFitsType(r, t)));
      if (types.length === 0 && !resources.includes("*")) {
        problems.push({
          rule: "action-fits-no-resource",
          subject: action.action,
          message: `${action.action} acts on ${action.resourceTypes.map((t) => t.arn).join(" or ")}; none of ${resources.join(", ")} is one, so this half of the statement can never match`,
        });
      }
    }
  }
  return { problems, types };
}

async function conditionProblems(
  s: Statement,
  action: ActionFacts,
  types: readonly ResourceTypeFacts[],
): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
    if (!isPositiveOperator(operator)) continue;
    for (const key of Object.keys(keys)) {
      if (!(await conditionKeyExists(key))) continue;
      if (!actionCarriesKey(action, types, key)) {
        problems.push({
          rule: "condition-key-never-carried",
          subject: `${action.action} ${key}`,
          message: `${action.action} never carries ${key}, so ${operator} on it makes this half of the statement never match`,
        });
      }
    }
  }
  return problems;
}

async function lintStatement(doc: PolicyDocument, s: Statement, sid: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const report = (p: Problem) => findings.push({ owner: doc.owner, sid, ...p });
  // A trust policy's resource is the role itself; a key policy's "*" is its key.
  const resources =
    doc.kind === "trust" || doc.kind === "acl"
      ? []
      : s.Resource.map((r) => (r === "*" && doc.governs ? doc.governs : r));
  const matched: ActionFacts[] = [];
  for (const pattern of [...s.Action, ...(s.NotAction ?? [])]) {
    if (pattern === "*") continue;
    const expanded = await expandAction(pattern);
    if (expanded.length === 0) {
      report({
        rule: "unknown-action",
        subject: pattern,
        message: `${pattern} names no IAM action`,
      });
      continue;
    }
    if (!s.Action.includes(pattern)) continue;
    const perAction = await Promise.all(
      expanded.map(async (name) => {
        const facts = (await actionFacts(name))!;
        const { problems, types } = actionProblems(s, facts, resources, doc.kind);
        return { facts, problems: [...problems, ...(await conditionProblems(s, facts, types))] };
      }),
    );
    const concrete = expanded.length === 1 && !/[*?]/.test(pattern);
    if (concrete) {
      perAction[0].problems.forEach(report);
      matched.push(perAction[0].facts);
      continue;
    }
    // A wildcard names a family on purpose: it is wrong only when no member of it can match.
    const live = perAction.filter((a) => a.problems.length === 0);
    matched.push(...live.map((a) => a.facts));
    if (live.length === 0) {
      report({
        rule: "action-fits-no-resource",
        subject: pattern,
        message: `no action of ${pattern} can match this statement: ${perAction[0].problems[0].message}`,
      });
    }
  }
  for (const resource of resources) {
    if (resource === "*" || matched.length === 0) continue;
    const used = matched.some(
      (a) => a.wildcardOnly || a.resourceTypes.some((t) => resourceFitsType(resource, t)),
    );
    if (!used) {
      report({
        rule: "resource-fits-no-action",
        subject: resource,
        message: `${resource} is a resource none of ${matched.map((a) => a.action).join(", ")} acts on`,
      });
    }
  }
  for (const keys of Object.values(s.Condition ?? {})) {
    for (const key of Object.keys(keys)) {
      if (!(await conditionKeyExists(key))) {
        report({
          rule: "unknown-condition-key",
          subject: key,
          message: `condition key ${key} does not exist`,
        });
      }
    }
  }
  return findings;
}
