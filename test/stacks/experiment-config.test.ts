/**
 * The `experiment` stack key: read as a mapping, checked by the component's own validator before
 * any resource exists, refused where it could measure nothing (a campaign arm without a campaign),
 * and carried by prod's plan to the recommendation API's environment.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { StackConfigError, resolveSettings } from "../../stacks";
import type { RawConfig } from "../../stacks";
import { shippedPlan } from "../offline/plans";

const P = "reco-analytics";
const KEY = `${P}:experiment`;
const BASE: RawConfig = {
  "aws:region": "us-east-1",
  [`${P}:owner`]: "data-platform",
  [`${P}:costCenter`]: "cc-1",
};
const PROD: RawConfig = {
  ...BASE,
  [`${P}:tier`]: "prod",
  [`${P}:quicksightEnabled`]: "false",
};
const DEV: RawConfig = { ...BASE, [`${P}:tier`]: "dev" };
const HOLDOUT = {
  name: "campaign-vs-fallback",
  salt: "2026-12",
  variants: [
    { name: "control", weight: 95, serve: "campaign" },
    { name: "holdout", weight: 5, serve: "fallback" },
  ],
};
const EXAMPLE_JSON = JSON.stringify(HOLDOUT);

function problemsOf(raw: RawConfig, stack: string): string[] {
  try {
    resolveSettings(raw, stack, P);
  } catch (err) {
    expect(err).to.be.instanceOf(StackConfigError);
    return [...(err as StackConfigError).problems];
  }
  throw new Error("expected a StackConfigError");
}

/** Prod with the experiment given as the runtime hands a mapping over: JSON. */
const prodWith = (experiment: unknown) =>
  problemsOf({ ...PROD, [KEY]: JSON.stringify(experiment) }, "prod");

describe("stack settings of the experiment", () => {
  it("reads the mapping into the recommender's settings, and none when unset or blank", () => {
    const settings = resolveSettings({ ...PROD, [KEY]: EXAMPLE_JSON }, "prod", P);
    expect(settings.personalize.experiment).to.deep.equal(HOLDOUT);
    for (const raw of [PROD, { ...PROD, [KEY]: "" }]) {
      expect(resolveSettings(raw, "prod", P).personalize).not.to.have.property("experiment");
    }
  });

  it("accepts a dev experiment whose arms all serve the fallback, and a filtered campaign arm in prod", () => {
    const fallbackOnly = {
      ...HOLDOUT,
      variants: HOLDOUT.variants.map((v) => ({ ...v, serve: "fallback" })),
    };
    expect(
      resolveSettings({ ...DEV, [KEY]: JSON.stringify(fallbackOnly) }, "dev", P).personalize
        .experiment,
    ).to.deep.equal(fallbackOnly);
    const filtered = {
      ...HOLDOUT,
      variants: [
        HOLDOUT.variants[0],
        { name: "no-repeats", weight: 5, serve: "campaign", filter: "exclude-purchased" },
      ],
    };
    expect(
      resolveSettings({ ...PROD, [KEY]: JSON.stringify(filtered) }, "prod", P).personalize
        .experiment,
    ).to.deep.equal(filtered);
  });

  it("refuses a value that is not a mapping, naming the whole fix", () => {
    expect(problemsOf({ ...PROD, [KEY]: "campaign-vs-fallback" }, "prod")).to.deep.equal([
      `${KEY} is "campaign-vs-fallback"; it must be a mapping of name, salt and variants (each name, weight, serve and optional filter). Fix: pulumi config set ${KEY} '${EXAMPLE_JSON}' --stack prod`,
    ]);
  });

  it("reports the component validator's rules with the field, the bad value and the fix", () => {
    expect(
      prodWith({
        name: "Campaign vs Fallback",
        salt: "2026-12",
        variants: [
          { name: "control", weight: 0, serve: "campaign" },
          { name: "control", weight: 5, serve: "fallback", filter: "exclude-purchased" },
        ],
      }),
    ).to.deep.equal([
      `${KEY}.name must be a lower-case slug of at most 64 characters like "control", got "Campaign vs Fallback". Fix: pulumi config set --path '${KEY}.name' <value> --stack prod`,
      `${KEY}.variants[0].weight must be a number > 0, got 0. Fix: pulumi config set --path '${KEY}.variants[0].weight' <value> --stack prod`,
      `${KEY}.variants[1].name "control" is listed twice. Fix: pulumi config set --path '${KEY}.variants[1].name' <value> --stack prod`,
      `${KEY}.variants[1].filter applies to campaign arms only; remove it from the fallback arm "control". Fix: pulumi config rm --path '${KEY}.variants[1].filter' --stack prod`,
    ]);
  });

  it("refuses an unknown serve, an unknown filter and a single variant", () => {
    expect(
      prodWith({
        ...HOLDOUT,
        variants: [{ name: "control", weight: 1, serve: "popular", filter: "in-stock" }],
      }),
    ).to.deep.equal([
      `${KEY}.variants must list at least two variants (control first), got 1. Fix: pulumi config set ${KEY} '${EXAMPLE_JSON}' --stack prod`,
      `${KEY}.variants[0].serve must be one of campaign, fallback, got "popular". Fix: pulumi config set --path '${KEY}.variants[0].serve' <value> --stack prod`,
      `${KEY}.variants[0].filter "in-stock" is not a configured filter; use one of exclude-purchased, none. Fix: pulumi config set --path '${KEY}.variants[0].filter' <value> --stack prod`,
    ]);
  });

  it("refuses misspelt fields and variants that are not mappings before the validator reads them", () => {
    expect(
      prodWith({
        ...HOLDOUT,
        variant: [],
        variants: [{ ...HOLDOUT.variants[0], weigth: 5 }, "holdout"],
      }),
    ).to.deep.equal([
      `${KEY}.variant is not a field of an experiment; allowed are name, salt, variants. Fix: pulumi config rm --path '${KEY}.variant' --stack prod`,
      `${KEY}.variants[0].weigth is not a field of an experiment variant; allowed are name, weight, serve, filter. Fix: pulumi config rm --path '${KEY}.variants[0].weigth' --stack prod`,
      `${KEY}.variants[1] must be a mapping of name, weight, serve, filter, got "holdout". Fix: pulumi config set ${KEY} '${EXAMPLE_JSON}' --stack prod`,
    ]);
    expect(prodWith({ ...HOLDOUT, variants: "control,holdout" })).to.deep.equal([
      `${KEY}.variants must be a list of variants (control first), got "control,holdout". Fix: pulumi config set ${KEY} '${EXAMPLE_JSON}' --stack prod`,
    ]);
  });

  it("refuses a campaign arm in a stack without a campaign, naming both fixes", () => {
    expect(problemsOf({ ...DEV, [KEY]: EXAMPLE_JSON }, "dev")).to.deep.equal([
      `${KEY}.variants[0] "control" serves "campaign" but the dev tier keeps no campaign (${P}:personalizeCampaign is not set); its users would get the fallback list like a holdout's, so the experiment would measure nothing. Fix: pulumi config set ${P}:personalizeCampaign true --stack dev or pulumi config rm ${KEY} --stack dev`,
    ]);
    expect(
      problemsOf({ ...PROD, [`${P}:personalizeCampaign`]: "false", [KEY]: EXAMPLE_JSON }, "prod"),
    ).to.deep.equal([
      `${KEY}.variants[0] "control" serves "campaign" but ${P}:personalizeCampaign is false; its users would get the fallback list like a holdout's, so the experiment would measure nothing. Fix: pulumi config set ${P}:personalizeCampaign true --stack prod or pulumi config rm ${KEY} --stack prod`,
    ]);
  });

  it("ships prod with the 95/5 campaign-vs-fallback holdout and dev without an experiment", () => {
    const root = path.resolve(__dirname, "..", "..");
    const stackFile = (stack: string) =>
      parse(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")).config;
    expect(stackFile("prod")[KEY]).to.deep.equal(HOLDOUT);
    expect(stackFile("dev")).not.to.have.property(KEY);
  });
});

describe("prod's plan runs the experiment", function () {
  this.timeout(180_000);

  it("hands the recommendation API the configured experiment in its environment", async () => {
    const plan = await shippedPlan("prod");
    const api = plan.resources.filter(
      (r) => r.type === "aws:lambda/function:Function" && r.name === "prod-reco-api",
    );
    expect(api).to.have.length(1);
    const env = (api[0].inputs.environment as { variables: Record<string, string> }).variables;
    expect(JSON.parse(env.EXPERIMENT)).to.deep.equal(HOLDOUT);
  });

  it("runs none in dev", async () => {
    const plan = await shippedPlan("dev");
    const api = plan.resources.find(
      (r) => r.type === "aws:lambda/function:Function" && r.name === "dev-reco-api",
    );
    const env = (api!.inputs.environment as { variables: Record<string, string> }).variables;
    expect(env).not.to.have.property("EXPERIMENT");
  });
});
