/**
 * Policy documents read for meaning rather than shape: JSON text or objects, single values or
 * lists, every principal form AWS accepts, ARN wildcards in any field, and the conditions that
 * narrow a grant to one account, organisation or source. Shared by the identity, resource-based
 * and trust-policy checks.
 */
import { IamStatement, asList, parseDocument } from "./util";

export { parseDocument };

/** Who a statement names, normalised from `"*"`, `{ AWS: "*" }`, account ids and ARNs. */
export interface Principals {
  /** `"*"` or `{ AWS: "*" }` (or an ARN with "*" as its account): every AWS identity. */
  readonly everyone: boolean;
  /** Account ids of the AWS principals named (root, role, user, assumed-role ARNs or bare ids). */
  readonly accounts: string[];
  readonly services: string[];
  readonly federated: string[];
}

export function principalsOf(statement: IamStatement): Principals {
  const p = statement.Principal as unknown;
  if (p === "*") return { everyone: true, accounts: [], services: [], federated: [] };
  const block = (p && typeof p === "object" ? p : {}) as Record<string, string | string[]>;
  const aws = asList(block.AWS);
  let everyone = aws.includes("*");
  const accounts: string[] = [];
  for (const entry of aws.filter((a) => a !== "*")) {
    const account = /^\d{12}$/.test(entry) ? entry : entry.split(":")[4];
    if (account === undefined || account.includes("*") || account === "") everyone = true;
    else accounts.push(account);
  }
  return {
    everyone,
    accounts: [...new Set(accounts)],
    services: asList(block.Service),
    federated: asList(block.Federated),
  };
}

/** Condition keys that pin a grant to callers of one account, organisation, source or network. */
const NARROWING_KEYS = [
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "kms:calleraccount",
];

/** Keys that tie a service principal to the resource acting on the caller's behalf. */
const SOURCE_KEYS = [
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
];

/** Every (key, values) of a statement's condition block, keys lower-cased. */
export function conditionEntries(statement: IamStatement): { key: string; values: unknown[] }[] {
  const out: { key: string; values: unknown[] }[] = [];
  for (const block of Object.values(statement.Condition ?? {})) {
    if (!block || typeof block !== "object") continue;
    for (const [k, v] of Object.entries(block)) {
      out.push({ key: k.toLowerCase(), values: Array.isArray(v) ? v : [v] });
    }
  }
  return out;
}

/** A condition value that names something specific: not "*", and no ARN with a "*" account. */
function specific(value: unknown): boolean {
  if (typeof value !== "string") return typeof value === "number";
  if (value === "" || value === "*") return false;
  if (value.startsWith("arn:")) {
    const account = value.split(":")[4];
    return account === undefined || !account.includes("*");
  }
  return true;
}

const hasSpecific = (statement: IamStatement, keys: readonly string[]) =>
  conditionEntries(statement).some(
    (c) => keys.includes(c.key) && c.values.length > 0 && c.values.every(specific),
  );

/** Whether a condition narrows the statement's callers to an account, org, source or network. */
export const isNarrowed = (statement: IamStatement): boolean =>
  hasSpecific(statement, NARROWING_KEYS);

/**
 * Whether a service-principal grant is tied to its source (the confused-deputy guard). CloudWatch
 * Logs cannot send aws:SourceArn to KMS; its documented guard is the encryption context, which
 * names the log group ARN, so a `kms:EncryptionContext:*` condition counts too.
 */
export const isSourceScoped = (statement: IamStatement): boolean =>
  hasSpecific(statement, SOURCE_KEYS) ||
  conditionEntries(statement).some(
    (c) => c.key.startsWith("kms:encryptioncontext:") && c.values.every(specific),
  );

/** Accounts a condition admits through account-valued keys (or the account field of ARN keys). */
export function conditionAccounts(statement: IamStatement): string[] {
  const found: string[] = [];
  for (const c of conditionEntries(statement)) {
    if (["aws:sourceaccount", "aws:principalaccount", "kms:calleraccount"].includes(c.key)) {
      found.push(...c.values.filter((v): v is string => typeof v === "string"));
    } else if (["aws:sourcearn", "aws:principalarn"].includes(c.key)) {
      for (const v of c.values) {
        const account = typeof v === "string" ? v.split(":")[4] : undefined;
        if (account && /^\d{12}$/.test(account)) found.push(account);
      }
    }
  }
  return [...new Set(found)];
}

/** `"s3:GetObject"` for one action, else the list quoted and comma-separated. */
export const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/** The fields of an ARN: partition, service, region, account, resource (joined back). */
export function arnFields(
  arn: string,
): { service: string; region: string; account: string; resource: string } | undefined {
  const parts = arn.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return undefined;
  return {
    service: parts[2],
    region: parts[3],
    account: parts[4],
    resource: parts.slice(5).join(":"),
  };
}

/** Account-aware policies share this setting: the accounts inside the stack's zone of trust. */
export const TRUSTED_ACCOUNTS_SCHEMA = {
  trustedAccountIds: {
    type: "array" as const,
    items: { type: "string" as const, pattern: "^[0-9]{12}$" },
    default: [] as string[],
    description:
      "Account ids inside the zone of trust besides the stack's own (which the offline gate adds, and `policies/effective-config.ts --account-id` writes for `pulumi preview`).",
  },
};

export interface TrustedAccountsConfig {
  readonly trustedAccountIds: string[];
}
