/**
 * The experiment against the rest of the stack: a `campaign` arm needs a campaign. Without one the
 * API serves every user the fallback list, so control and holdout would get the same list and the
 * experiment would measure nothing while looking like a result.
 */
import type { RecommendExperiment } from "../components/personalize-recommender/api/experiment";
import { CONFIG_KEYS, ConfigKeySpec, qualifiedKey } from "./config-keys";
import type { CrossCheckInput } from "./cross-check-input";
import { fixCommand } from "./validate";

const spec = (key: string): ConfigKeySpec => CONFIG_KEYS.find((s) => s.key === key)!;

export function experimentCampaignProblems(c: CrossCheckInput): string[] {
  const experiment = c.values.get("experiment") as RecommendExperiment | undefined;
  if (experiment === undefined) return [];
  const campaignSet = c.values.get("personalizeCampaign") as boolean | undefined;
  if (campaignSet ?? c.profile.personalizeCampaign) return [];
  const why =
    campaignSet === undefined
      ? `the ${c.tier} tier keeps no campaign (${qualifiedKey("personalizeCampaign")} is not set)`
      : `${qualifiedKey("personalizeCampaign")} is false`;
  const key = qualifiedKey("experiment");
  return experiment.variants
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => v.serve === "campaign")
    .map(
      ({ v, i }) =>
        `${key}.variants[${i}] ${JSON.stringify(v.name)} serves "campaign" but ${why}; its users would get the fallback list like a holdout's, so the experiment would measure nothing. Fix: ${fixCommand(
          spec("personalizeCampaign"),
          c.stack,
          "true",
        )} or pulumi config rm ${key} --stack ${c.stack}`,
    );
}
