/**
 * S3: storage per class over the lifecycle the bucket's rules set, plus requests. A bucket's data
 * comes from what writes to it in the plan: Firehose (events, failed records) and Athena
 * workgroups (query results). Anything else is an assumed small bucket.
 */
import { DAYS_PER_MONTH, GB } from "../assumptions";
import type { CostContext } from "../context";
import type { PriceKey } from "../prices";
import type { CostItem, CostResource } from "../types";
import { athenaQueriesPerDay } from "./analytics";
import { FIREHOSE, firehoseObjectsPerDay } from "./streaming";
import { int, round } from "./util";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const LIFECYCLE_TYPES = [
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
];
const WORKGROUP = "aws:athena/workgroup:Workgroup";

const CLASS_PRICE: Record<string, { key: PriceKey; transition?: PriceKey; label: string }> = {
  STANDARD: { key: "s3.standardGbMonth", label: "Standard" },
  STANDARD_IA: {
    key: "s3.standardIaGbMonth",
    transition: "s3.transitionIaThousand",
    label: "Standard-IA",
  },
  GLACIER_IR: {
    key: "s3.glacierIrGbMonth",
    transition: "s3.transitionGlacierIrThousand",
    label: "Glacier IR",
  },
  GLACIER: {
    key: "s3.glacierGbMonth",
    transition: "s3.transitionGlacierThousand",
    label: "Glacier",
  },
  DEEP_ARCHIVE: {
    key: "s3.deepArchiveGbMonth",
    transition: "s3.transitionDeepArchiveThousand",
    label: "Deep Archive",
  },
};

interface Rule {
  readonly prefix: string;
  readonly transitions: { days: number; storageClass: string }[];
  readonly expirationDays?: number;
}

function rulesOf(bucket: CostResource, ctx: CostContext): Rule[] {
  const configs = LIFECYCLE_TYPES.flatMap((t) => ctx.dependentsOf(bucket, t));
  return configs
    .flatMap((c) => (Array.isArray(c.inputs.rules) ? c.inputs.rules : []))
    .filter((rule: any) => rule?.status !== "Disabled")
    .map((rule: any) => ({
      prefix: rule.filter?.prefix ?? rule.prefix ?? "",
      transitions: (rule.transitions ?? [])
        .map((t: any) => ({ days: int(t.days, 0), storageClass: String(t.storageClass) }))
        .sort((a: { days: number }, b: { days: number }) => a.days - b.days),
      expirationDays: rule.expiration?.days,
    }))
    .filter((rule: Rule) => rule.transitions.length > 0 || rule.expirationDays !== undefined);
}

/** The most specific rule covering keys under `prefix` (the longest matching rule prefix). */
function ruleFor(rules: Rule[], prefix: string): Rule | undefined {
  return rules
    .filter((r) => prefix.startsWith(r.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

/** `events/dt=!{...}/` → `events/`: the fixed part of a Firehose prefix. */
const rootOf = (prefix: unknown) => {
  const text = typeof prefix === "string" ? prefix : "";
  const cut = text.search(/[!{]/);
  const fixed = cut < 0 ? text : text.slice(0, cut);
  return fixed.slice(0, fixed.lastIndexOf("/") + 1);
};

/**
 * Steady state of data arriving at `gbPerDay` and kept `days`: each class holds the days an object
 * spends in it, so GB-months per class = GB per day × days in the class.
 */
function chargeLifecycle(
  bill: ReturnType<CostContext["bill"]>,
  what: string,
  gbPerDay: number,
  objectsPerMonth: number,
  rule: Rule | undefined,
  fallbackDays: number,
): void {
  const expiry = rule?.expirationDays ?? fallbackDays;
  bill.note(
    `${what}: ${round(gbPerDay)} GB/day kept ${expiry} days${rule?.expirationDays === undefined ? " (no expiry rule: the workload's retention)" : ""}`,
  );
  const stages = [{ days: 0, storageClass: "STANDARD" }, ...(rule?.transitions ?? [])].filter(
    (s) => s.days < expiry,
  );
  stages.forEach((stage, i) => {
    const until = i + 1 < stages.length ? stages[i + 1].days : expiry;
    const cls = CLASS_PRICE[stage.storageClass];
    if (!cls) {
      bill.note(`storage class ${stage.storageClass} is not priced`);
      bill.charge(
        round(gbPerDay * (until - stage.days)),
        `GB-months ${stage.storageClass}`,
        "s3.standardGbMonth",
      );
      return;
    }
    bill.charge(round(gbPerDay * (until - stage.days)), `GB-months ${cls.label}`, cls.key);
    if (cls.transition && objectsPerMonth > 0) {
      bill.charge(objectsPerMonth, `transitions to ${cls.label}`, cls.transition, 1000);
    }
  });
}

export function bucket(r: CostResource, ctx: CostContext): CostItem[] {
  const bill = ctx.bill();
  const rules = rulesOf(r, ctx);
  const writers = ctx.dependentsOf(r, FIREHOSE);
  const workgroups = ctx
    .dependentsOf(r, WORKGROUP)
    .filter((w) =>
      String(w.inputs.configuration?.resultConfiguration?.outputLocation ?? "").startsWith("s3://"),
    );
  const retention = ctx.workload.retentionDays;
  for (const fh of writers) {
    const cfg = fh.inputs.extendedS3Configuration ?? {};
    const objects = Math.ceil(firehoseObjectsPerDay(fh, ctx) * DAYS_PER_MONTH);
    const parquet = Boolean(cfg.dataFormatConversionConfiguration?.enabled);
    const gbPerDay = parquet
      ? ctx.volumes.parquetGbPerDay
      : ctx.volumes.jsonGbPerMonth / DAYS_PER_MONTH;
    const prefix = rootOf(cfg.prefix);
    chargeLifecycle(
      bill,
      `${prefix || "(root)"} ${parquet ? "Parquet" : "JSON"}`,
      gbPerDay,
      objects,
      ruleFor(rules, prefix),
      retention,
    );
    bill.charge(objects, "PUT requests", "s3.putThousand", 1000);
    if (cfg.errorOutputPrefix) {
      const failedPrefix = rootOf(cfg.errorOutputPrefix);
      const failedGb = (ctx.volumes.jsonGbPerMonth / DAYS_PER_MONTH) * ctx.assumptions.failedShare;
      chargeLifecycle(
        bill,
        `${failedPrefix} (assumed ${ctx.assumptions.failedShare * 100}% of events fail)`,
        failedGb,
        0,
        ruleFor(rules, failedPrefix),
        retention,
      );
    }
  }
  for (const wg of workgroups) {
    const location = String(wg.inputs.configuration.resultConfiguration.outputLocation);
    const prefix = location.replace(/^s3:\/\/[^/]+\/?/, "");
    const queriesPerDay = athenaQueriesPerDay(wg, ctx);
    const gbPerDay = (queriesPerDay * ctx.assumptions.resultBytesPerQuery) / GB;
    chargeLifecycle(
      bill,
      `${prefix || "(root)"} Athena results (${round(queriesPerDay)} queries/day)`,
      gbPerDay,
      0,
      ruleFor(rules, prefix),
      retention,
    );
    bill.charge(
      Math.ceil(queriesPerDay * DAYS_PER_MONTH),
      "result PUT requests",
      "s3.putThousand",
      1000,
    );
  }
  if (writers.length === 0 && workgroups.length === 0) {
    bill
      .note(`no writer in the plan: assumed ${ctx.assumptions.otherBucketGb} GB (artifacts, logs)`)
      .charge(ctx.assumptions.otherBucketGb, "GB-months Standard", "s3.standardGbMonth");
  }
  return [bill.item(r.urn, r.type)];
}
