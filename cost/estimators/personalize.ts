/**
 * Amazon Personalize: training hours per retrain, bulk imports and PutEvents ingestion, and the
 * campaign the training workflow creates (billed per TPS-hour, the higher of its minimum and the
 * traffic it serves). @pulumi/aws has no Personalize resources, so they are dynamic resources here.
 */
import { GB } from "../assumptions";
import type { CostContext } from "../context";
import type { CostItem, CostResource } from "../types";
import { HOURS, int, round } from "./util";
import {
  STATE_MACHINE,
  interactionsPerRun,
  runsPerMonth,
  tasksOf,
  trainingHoursPerRun,
} from "./workflows";

/** Personalize's TPS-hour tiers a month: first 20K, next 180K, then the rest. */
const TPS_TIERS = [20_000, 180_000] as const;

/** Training runs a month: runs of the workflows that create solution versions. */
function trainingRuns(solution: CostResource | undefined, ctx: CostContext): number {
  const trainers = ctx
    .ofType(STATE_MACHINE)
    .filter((sm) => tasksOf(sm, "personalize:createSolutionVersion").length > 0);
  const linked = solution ? trainers.filter((sm) => sm.dependencies?.includes(solution.urn)) : [];
  return (linked.length > 0 ? linked : trainers).reduce((n, sm) => n + runsPerMonth(sm, ctx), 0);
}

export function solution(r: CostResource, ctx: CostContext): CostItem[] {
  const runs = trainingRuns(r, ctx);
  const hours = trainingHoursPerRun(ctx);
  const a = ctx.assumptions;
  return [
    ctx
      .bill()
      .note(
        `${round(runs)} retrains/month (the training workflow's schedule)${r.inputs.performAutoTraining ? " plus automatic training" : ""}; ${round(hours)} training hours per run (${a.trainingHoursBase} h + ${a.trainingHoursPerMillionInteractions} h per million of ${interactionsPerRun(ctx).toLocaleString("en-US")} interactions)`,
      )
      .charge(round(runs * hours), "training hours", "personalize.trainingHour")
      .item(r.urn, r.type),
  ];
}

export function datasetGroup(r: CostResource, ctx: CostContext): CostItem[] {
  const runs = trainingRuns(undefined, ctx);
  const a = ctx.assumptions;
  const gbPerRun = (interactionsPerRun(ctx) * a.interactionCsvBytes) / GB;
  // The items and users catalogues, when a training workflow imports them (FULL, every run).
  const imports = ctx
    .ofType(STATE_MACHINE)
    .flatMap((sm) => tasksOf(sm, "personalize:createDatasetImportJob"))
    .map((t) => String(t.parameters.DatasetArn ?? ""));
  const rows =
    (imports.some((arn) => /\/ITEMS$/.test(arn)) ? a.catalogueItems : 0) +
    (imports.some((arn) => /\/USERS$/.test(arn)) ? a.catalogueUsers : 0);
  const catalogueGb = (rows * a.catalogueCsvBytes) / GB;
  const bill = ctx
    .bill()
    .note(
      `bulk import each run: ${round(gbPerRun)} GB (${a.interactionCsvBytes} B per interaction row) × ${round(runs)} runs`,
    )
    .charge(round(gbPerRun * runs), "GB imported", "personalize.ingestGb");
  if (rows > 0) {
    bill
      .note(
        `catalogues each run: ${rows.toLocaleString("en-US")} item and user rows × ${a.catalogueCsvBytes} B = ${round(catalogueGb)} GB × ${round(runs)} runs`,
      )
      .charge(round(catalogueGb * runs), "GB of catalogues imported", "personalize.ingestGb");
  }
  return [bill.item(r.urn, r.type)];
}

export function eventTracker(r: CostResource, ctx: CostContext): CostItem[] {
  const gb = round(ctx.volumes.jsonGbPerMonth);
  return [
    ctx
      .bill()
      .note("every behaviour event is streamed to PutEvents")
      .charge(gb, "GB of PutEvents", "personalize.ingestGb")
      .item(r.urn, r.type),
  ];
}

interface CampaignShare {
  readonly share: number;
  readonly basis: string;
}

/**
 * The share of served lists that ask the campaign: all of them, unless the recommendation API runs
 * an experiment (its `EXPERIMENT` environment), whose fallback arms never call Personalize.
 */
export function campaignShare(ctx: CostContext): CampaignShare {
  for (const fn of ctx.ofType("aws:lambda/function:Function")) {
    const raw = fn.inputs.environment?.variables?.EXPERIMENT;
    if (typeof raw !== "string") continue;
    const experiment = JSON.parse(raw) as {
      name: string;
      variants: { weight: number; serve: string }[];
    };
    const total = experiment.variants.reduce((sum, v) => sum + v.weight, 0);
    const campaign = experiment.variants
      .filter((v) => v.serve === "campaign")
      .reduce((sum, v) => sum + v.weight, 0);
    const share = total > 0 ? campaign / total : 1;
    return {
      share,
      basis: `, ${round(share * 100)}% of lists (experiment ${experiment.name}'s campaign arms)`,
    };
  }
  return { share: 1, basis: "" };
}

/** Campaigns the workflows create, one line each, billed from the month's TPS-hours. */
export function campaigns(sm: CostResource, ctx: CostContext): CostItem[] {
  const served = campaignShare(ctx);
  return tasksOf(sm, "personalize:createCampaign").map((task) => {
    const minTps = int(task.parameters.MinProvisionedTPS, 1);
    const averageTps = (ctx.volumes.recommendationRequestsPerMonth * served.share) / (HOURS * 3600);
    const billedTps = Math.max(minTps, averageTps);
    const tpsHours = round(billedTps * HOURS);
    const first = Math.min(tpsHours, TPS_TIERS[0]);
    const next = Math.min(Math.max(tpsHours - TPS_TIERS[0], 0), TPS_TIERS[1]);
    const rest = Math.max(tpsHours - TPS_TIERS[0] - TPS_TIERS[1], 0);
    const bill = ctx
      .bill()
      .note(
        `campaign of task ${task.name}: max(MinProvisionedTPS ${minTps}, average ${round(averageTps)} requests/s${served.basis}) × ${HOURS} h`,
      )
      .charge(round(first), "TPS-hours (first 20K)", "personalize.tpsHourFirst20k");
    if (next > 0) bill.charge(round(next), "TPS-hours (next 180K)", "personalize.tpsHourNext180k");
    if (rest > 0) bill.charge(round(rest), "TPS-hours (over 200K)", "personalize.tpsHourOver200k");
    return bill.item(sm.urn, `${sm.type} → personalize:Campaign`);
  });
}
