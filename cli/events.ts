/**
 * `npm run events -- --out <dir> [--users N] [--items N] [--days D] [--seed S] [--start YYYY-MM-DD]
 *  [--format jsonl|parquet] [--replace] [--experiment <name> [--allocation control=1,treatment=1]
 *  [--salt S] [--uplift treatment=1.2]]`
 *
 * Writes a reproducible behaviour log in the lake's partition layout, for demos, KPI runs and
 * benchmarks. Exit status: 0 when written; 2 on bad arguments; 1 when writing failed.
 */
import * as path from "node:path";
import {
  DEFAULT_START,
  type PlantedExperiment,
  generateEvents,
  validateGenerateOptions,
} from "../events";
import { parseAllocation, parseUplift } from "./experiment-args";
import { speedViewRows } from "./kpi/speed-view";
import { writeFileSync } from "node:fs";
import { LAKE_FORMATS, LakeFormat, writeLake } from "../events/lake";
import { type Writable, parseFlags, wholeNumberFlag } from "./flags";

const USAGE =
  "usage: npm run events -- --out <dir> [--users N] [--items N] [--days D] [--seed S] " +
  "[--start YYYY-MM-DD] [--format jsonl|parquet] [--replace] " +
  "[--experiment <name> [--allocation control=1,treatment=1] [--salt S] [--uplift treatment=1.2]] [--speed-view <file>]";

const HELP = `${USAGE}

Writes a reproducible behaviour log (the same seed gives the same events) in the lake's partition
layout, with a few invalid records under invalid/ as the delivery path would quarantine them.
--experiment assigns users to variants as the recommendation API does (salted hash; --salt
defaults to the start day) and --uplift plants an effect: each variant's click probability per
served list multiplied by its factor. --speed-view also writes the speed layer's channel-minute
rows for the same log (the real-time view's shape), for npm run kpi -- --speed-view.

Exit status: 0 written; 2 bad arguments; 1 writing failed.`;

export const EVENTS_DEFAULTS = {
  users: 100,
  items: 200,
  days: 3,
  seed: 42,
  format: "parquet",
} as const;

export async function main(
  argv: string[],
  out: Writable = process.stdout,
  err: Writable = process.stderr,
): Promise<number> {
  const values = parseFlags(
    argv,
    {
      out: { type: "string" },
      users: { type: "string" },
      items: { type: "string" },
      days: { type: "string" },
      seed: { type: "string" },
      start: { type: "string" },
      format: { type: "string" },
      replace: { type: "boolean" },
      experiment: { type: "string" },
      allocation: { type: "string" },
      salt: { type: "string" },
      uplift: { type: "string" },
      "speed-view": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    USAGE,
    err,
  );
  if (values === undefined) return 2;
  if (values.help) {
    out.write(`${HELP}\n`);
    return 0;
  }
  const problems: string[] = [];
  if (typeof values.out !== "string" || values.out === "") problems.push("--out <dir> is required");
  const integer = (flag: "users" | "items" | "days" | "seed") =>
    wholeNumberFlag(values, flag, EVENTS_DEFAULTS[flag], problems);
  const options = {
    users: integer("users"),
    items: integer("items"),
    days: integer("days"),
    seed: integer("seed"),
    start: (values.start as string | undefined) ?? DEFAULT_START,
    ...experimentOption(values, problems),
  };
  problems.push(...validateGenerateOptions(options).map((p) => `--${p}`));
  const format = (values.format ?? EVENTS_DEFAULTS.format) as LakeFormat;
  if (!(LAKE_FORMATS as readonly string[]).includes(format)) {
    problems.push(
      `--format must be one of ${LAKE_FORMATS.join(", ")}, got ${JSON.stringify(format)}`,
    );
  }
  if (problems.length > 0) {
    err.write(`${problems.join("\n")}\n${USAGE}\n`);
    return 2;
  }
  const dir = path.resolve(values.out as string);
  try {
    const log = generateEvents(options);
    const summary = await writeLake(dir, log.events, format, log.invalid, {
      replace: values.replace === true,
    });
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
    out.write(
      `wrote ${log.events.length} events (${options.users} users, ${options.items} items, ${options.days} days ` +
        `from ${options.start}, seed ${options.seed}) as ${format} to ${dir}\n`,
    );
    for (const p of summary.partitions) {
      out.write(
        `  dt=${p.dt}  ${String(p.records).padStart(8)} events  ${mib(p.bytes)} MiB  ${p.path}\n`,
      );
    }
    if (summary.invalid) {
      out.write(
        `  invalid        ${String(summary.invalid.records).padStart(8)} records ${summary.invalid.path}\n`,
      );
    }
    out.write(`  total          ${mib(summary.eventBytes)} MiB of events\n`);
    const speedView = values["speed-view"];
    if (typeof speedView === "string") {
      // The speed layer's channel rows for the same log, as the real-time view would hold them.
      const rows = speedViewRows(log.events);
      writeFileSync(speedView, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
      out.write(
        `  speed view     ${rows.length} channel-minute rows to ${path.resolve(speedView)}\n`,
      );
    }
    return 0;
  } catch (e) {
    err.write(`events: ${(e as Error).message}\n`);
    return 1;
  }
}

/** `--experiment` with its allocation, salt (default: the start day) and planted uplift. */
function experimentOption(
  values: Record<string, string | boolean | undefined>,
  problems: string[],
): { experiment?: PlantedExperiment } {
  const name = values.experiment as string | undefined;
  if (name === undefined) {
    for (const flag of ["allocation", "salt", "uplift"]) {
      if (values[flag] !== undefined) problems.push(`--${flag} needs --experiment <name>`);
    }
    return {};
  }
  const allocation = parseAllocation(
    (values.allocation as string | undefined) ?? "control=1,treatment=1",
  );
  const uplift = values.uplift !== undefined ? parseUplift(values.uplift as string) : undefined;
  problems.push(...allocation.problems, ...(uplift?.problems ?? []));
  return {
    experiment: {
      name,
      salt:
        (values.salt as string | undefined) ??
        (values.start as string | undefined) ??
        DEFAULT_START,
      variants: allocation.variants,
      ...(uplift ? { clickRateFactors: uplift.factors } : {}),
    },
  };
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
