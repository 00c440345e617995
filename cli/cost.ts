/**
 * `npm run cost -- --stack <name> [--events-per-second N | --idle] [--json <file>] [--no-scaling]`
 *
 * Plans the stack offline, prices every resource for the stack's region and workload, prints the
 * breakdown (largest lines first, each with its arithmetic) and a table of the bill at 10, 100,
 * 1,000 and 10,000 events/s, re-planning the program at each rate. With --events-per-second the
 * breakdown is for that rate instead of the stack's own; with --idle it is the stack as planned
 * carrying no events and no queries (what it costs to keep it deployed). Exit status: 0 on success, 2 on bad
 * arguments or configuration, 1 when the program failed.
 */
import * as path from "node:path";
import { ProgramError, runOfflinePlan } from "../offline/plan";
import { PlanInputError } from "../offline/stack-config";
import { writeFilesAtomically } from "./output-file";
import { type TextSink, parseStackArgs } from "./stack-args";
import {
  CostBlock,
  SCALING_RATES,
  costOfStack,
  formatBreakdown,
  formatScaling,
  planAtRate,
} from "../cost";
import { stackSettings } from "../offline/stack-settings";

const USAGE =
  "usage: npm run cost -- --stack <name> [--events-per-second N | --idle] [--json <file>] [--no-scaling] [--project-dir <dir>]";

const HELP = `${USAGE}

Plans the stack offline, prices every resource for its region and workload, prints the breakdown
with the arithmetic of each line and the bill at 10 to 10,000 events/s.

Exit status: 0 priced; 1 the program failed; 2 bad arguments or configuration.`;

export interface CostCliResult {
  readonly exitCode: number;
  readonly cost?: CostBlock;
  readonly scaling?: { eventsPerSecond: number; monthlyTotal: number; unpriced: number }[];
}

export async function main(
  argv: string[],
  out: TextSink = process.stdout,
  err: TextSink = process.stderr,
): Promise<CostCliResult> {
  const parsed = parseStackArgs(
    argv,
    {
      stack: { type: "string" },
      "events-per-second": { type: "string" },
      json: { type: "string" },
      "no-scaling": { type: "boolean" },
      idle: { type: "boolean" },
      "project-dir": { type: "string" },
    },
    USAGE,
    { out, err, help: HELP, outputFlags: ["json"] },
  );
  if ("exitCode" in parsed) return parsed;
  const { values } = parsed;
  const rateText = values["events-per-second"];
  const rate = rateText === undefined ? undefined : Number(rateText);
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1)) {
    err.write(
      `--events-per-second is ${JSON.stringify(rateText)}; it must be a whole number ≥ 1, e.g. --events-per-second 500\n`,
    );
    return { exitCode: 2 };
  }
  if (rate !== undefined && values.idle) {
    err.write(
      `--idle and --events-per-second ask for two different workloads; pass one of them\n${USAGE}\n`,
    );
    return { exitCode: 2 };
  }
  const projectDir = path.resolve(values["project-dir"] ?? process.cwd());
  const stack = values.stack;
  try {
    let cost: CostBlock;
    let heading: string;
    if (rate === undefined) {
      const own = stackSettings(projectDir, stack);
      const settings = values.idle
        ? { ...own, workload: { ...own.workload, avgEventsPerSecond: 0, queriesPerDay: 0 } }
        : own;
      const plan = await runOfflinePlan({ projectDir, stack });
      cost = costOfStack(plan.resources, settings);
      if (values.idle) {
        heading = `Stack ${stack} idle: resources as planned for its workload, carrying no events and no queries (schedules still run)`;
      } else
        heading = `Stack ${stack} at its own workload: ${settings.workload.avgEventsPerSecond} events/s average, ${settings.workload.peakEventsPerSecond} peak, ${settings.workload.avgEventBytes} B per event, ${settings.workload.retentionDays} days retained, ${settings.workload.queriesPerDay} queries/day`;
    } else {
      const atRate = await planAtRate(projectDir, stack, rate);
      cost = atRate.cost;
      heading = `Stack ${stack} re-planned at ${rate} events/s average (${atRate.peakEventsPerSecond} peak)`;
    }
    out.write(`${heading}\n${formatBreakdown(cost, { basis: true })}\n`);
    let scaling: CostCliResult["scaling"];
    if (!values["no-scaling"]) {
      const rows = [];
      for (const r of SCALING_RATES) {
        const atRate = await planAtRate(projectDir, stack, r);
        rows.push({
          eventsPerSecond: r,
          peakEventsPerSecond: atRate.peakEventsPerSecond,
          cost: atRate.cost,
        });
      }
      out.write(`\n${formatScaling(rows)}\n`);
      scaling = rows.map((r) => ({
        eventsPerSecond: r.eventsPerSecond,
        monthlyTotal: r.cost.monthlyTotal,
        unpriced: r.cost.unpriced,
      }));
    }
    if (values.json) {
      writeFilesAtomically([
        { file: values.json, text: `${JSON.stringify({ stack, cost, scaling }, null, 2)}\n` },
      ]);
      out.write(`\nWrote ${values.json}\n`);
    }
    return { exitCode: 0, cost, ...(scaling ? { scaling } : {}) };
  } catch (e) {
    if (e instanceof PlanInputError) {
      err.write(`cost: ${e.message}\n`);
      return { exitCode: 2 };
    }
    if (e instanceof ProgramError) {
      err.write(`cost: the offline plan of stack "${stack}" failed:\n${e.message}\n`);
      return { exitCode: e.message.includes("invalid configuration value") ? 2 : 1 };
    }
    if (e instanceof Error && e.name === "StackConfigError") {
      err.write(`cost: ${e.message}\n`);
      return { exitCode: 2 };
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    ({ exitCode }) => process.exit(exitCode),
    (e) => {
      process.stderr.write(`cost crashed: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
