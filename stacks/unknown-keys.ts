/**
 * Keys Pulumi hands the program that nothing reads. In the project's namespace every unknown key
 * is a typo or a leftover; in a namespace a typo away from it (`reco-analytcs:owner`) the whole
 * setting is silently ignored and the tier default deploys instead, so both are problems. Other
 * namespaces belong to providers and tools (`aws:profile`, `pulumi:tags`) and are left alone,
 * except `aws:` keys one typo away from the `aws:region` the program requires.
 */
import { CONFIG_KEYS, PROJECT, qualifiedKey } from "./config-keys";
import { closest, editDistance } from "./did-you-mean";

/** Quotes a key for a POSIX shell when it holds anything beyond safe characters. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

const PROJECT_KEYS = CONFIG_KEYS.filter((s) => !s.key.includes(":")).map((s) => s.key);

/** A namespace is "close" to the project's when it is at most two edits away, case aside. */
function nearProject(namespace: string): boolean {
  return namespace !== PROJECT && editDistance(namespace.toLowerCase(), PROJECT) <= 2;
}

function renameFix(from: string, to: string | undefined, stack: string): string {
  const rm = `pulumi config rm ${shellQuote(from)} --stack ${stack}`;
  return to ? `${rm}, then pulumi config set ${to} <value> --stack ${stack}` : rm;
}

export function unknownKeyProblems(
  raw: Readonly<Record<string, string | undefined>>,
  stack: string,
): string[] {
  const known = new Set(CONFIG_KEYS.map((s) => qualifiedKey(s.key)));
  const problems: string[] = [];
  for (const full of Object.keys(raw).sort()) {
    const colon = full.indexOf(":");
    if (colon < 0 || known.has(full)) continue;
    const namespace = full.slice(0, colon);
    const key = full.slice(colon + 1);
    if (namespace === PROJECT) {
      const guess = closest(key, PROJECT_KEYS);
      const hint = guess
        ? `did you mean ${qualifiedKey(guess)}?`
        : `allowed keys are ${PROJECT_KEYS.join(", ")}.`;
      problems.push(
        `${full} is not a setting of this program; ${hint} Fix: ${renameFix(
          full,
          guess && qualifiedKey(guess),
          stack,
        )}`,
      );
    } else if (nearProject(namespace)) {
      const guess = PROJECT_KEYS.includes(key) ? key : closest(key, PROJECT_KEYS);
      const target = qualifiedKey(guess ?? key);
      problems.push(
        `${full} is in namespace "${namespace}", which this program does not read; did you mean ${target}? Fix: ${renameFix(
          full,
          target,
          stack,
        )}`,
      );
    } else if (namespace === "aws" && key !== "region" && closest(key, ["region"])) {
      problems.push(
        `${full} is not an AWS provider setting; did you mean aws:region? Fix: ${renameFix(
          full,
          "aws:region",
          stack,
        )}`,
      );
    }
  }
  return problems;
}
