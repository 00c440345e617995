/**
 * The `experiment` stack key: a mapping (name, salt, variants) handed to PersonalizeRecommender.
 * Its rules are the component's own (`validateExperiment`): this file only checks the shape a
 * YAML mapping can get wrong before that validator can read it (a list where a mapping belongs, a
 * misspelt field that would silently vanish) and turns each problem into a stack message with the
 * `pulumi config` command that fixes it. Pure: the component module it reads loads no providers.
 */
import {
  EXPERIMENT_FILTERS,
  type RecommendExperiment,
  validateExperiment,
} from "../components/personalize-recommender/api/experiment";

/** A valid value, used in the fix of a value that is not a mapping at all. */
export const EXPERIMENT_EXAMPLE: RecommendExperiment = {
  name: "campaign-vs-fallback",
  salt: "2026-12",
  variants: [
    { name: "control", weight: 95, serve: "campaign" },
    { name: "holdout", weight: 5, serve: "fallback" },
  ],
};

const EXPERIMENT_FIELDS = ["name", "salt", "variants"];
const VARIANT_FIELDS = ["name", "weight", "serve", "filter"];

export function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Fields of `value` the experiment does not read: a typo there would otherwise just vanish. */
function unknownFields(value: Readonly<Record<string, unknown>>, allowed: string[], at: string) {
  return Object.keys(value)
    .filter((field) => !allowed.includes(field))
    .map((field) => ({
      field: `${at}.${field}`,
      text: `${at}.${field} is not a field of ${at.endsWith("]") ? "an experiment variant" : "an experiment"}; allowed are ${allowed.join(", ")}`,
      remove: true,
    }));
}

/**
 * Every problem of a parsed mapping, as full messages: each names the field (`key.variants[1].weight`),
 * the bad value and the fix. `key` is the qualified key, e.g. `reco-analytics:experiment`.
 */
export function experimentProblems(
  value: Readonly<Record<string, unknown>>,
  key: string,
  stack: string,
): string[] {
  const setAll = `pulumi config set ${key} '${JSON.stringify(EXPERIMENT_EXAMPLE)}' --stack ${stack}`;
  const found: { field?: string; text: string; remove?: boolean }[] = [
    ...unknownFields(value, EXPERIMENT_FIELDS, key),
  ];
  const variants = value.variants;
  if (variants !== undefined && !Array.isArray(variants)) {
    found.push({
      text: `${key}.variants must be a list of variants (control first), got ${JSON.stringify(variants)}`,
    });
  } else {
    (variants ?? []).forEach((v: unknown, i: number) => {
      const at = `${key}.variants[${i}]`;
      if (isMapping(v)) found.push(...unknownFields(v, VARIANT_FIELDS, at));
      else
        found.push({
          text: `${at} must be a mapping of ${VARIANT_FIELDS.join(", ")}, got ${JSON.stringify(v)}`,
        });
    });
  }
  // The component's validator reads the shape checked above; run it only on that shape.
  if (found.length === 0) {
    const rules = validateExperiment(
      value as unknown as RecommendExperiment,
      EXPERIMENT_FILTERS,
      key,
    );
    // Each of its messages starts with the field it is about.
    found.push(
      ...rules.map((text) => ({
        // A missing variant is fixed by the whole example, not by one field.
        field: text.startsWith(`${key}.variants `) ? undefined : text.split(" ")[0],
        text,
        remove: text.includes("; remove it"),
      })),
    );
  }
  return found.map(({ field, text, remove }) => {
    const fix =
      field === undefined
        ? setAll
        : remove
          ? `pulumi config rm --path '${field}' --stack ${stack}`
          : `pulumi config set --path '${field}' <value> --stack ${stack}`;
    return `${text}. Fix: ${fix}`;
  });
}
