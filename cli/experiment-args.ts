/**
 * The experiment flags `npm run events` and `npm run kpi` share: `--allocation control=50,b=50`
 * (the control first) and `--uplift b=1.2`, parsed into the shapes events/experiment.ts checks.
 */
import type { VariantAllocation } from "../events/experiment";

/** `name=number,…` → pairs, or the problems naming the flag, the bad part and the fix. */
function pairs(
  flag: string,
  raw: string,
): { values: { name: string; value: number }[]; problems: string[] } {
  const problems: string[] = [];
  const values = raw.split(",").flatMap((part) => {
    const match = /^([^=]+)=(\d+(?:\.\d+)?)$/.exec(part.trim());
    if (!match) {
      problems.push(
        `${flag} part ${JSON.stringify(part)} is not name=number; write e.g. ${flag} control=50,treatment=50`,
      );
      return [];
    }
    return [{ name: match[1], value: Number(match[2]) }];
  });
  return { values, problems };
}

/** `control=50,treatment=50` → variants with weights, the control first. */
export function parseAllocation(
  raw: string,
  flag = "--allocation",
): { variants: VariantAllocation[]; problems: string[] } {
  const { values, problems } = pairs(flag, raw);
  return { variants: values.map((v) => ({ name: v.name, weight: v.value })), problems };
}

/** `treatment=1.2` → the generator's click-rate factor per variant. */
export function parseUplift(
  raw: string,
  flag = "--uplift",
): { factors: Record<string, number>; problems: string[] } {
  const { values, problems } = pairs(flag, raw);
  return { factors: Object.fromEntries(values.map((v) => [v.name, v.value])), problems };
}
