/**
 * `npm run kpi`: the recommendation KPIs of a local lake, from the same SQL files Athena runs.
 */
import { parseArgs } from "node:util";
import { OutputPathError, checkOutputPath, writeFilesAtomically } from "../output-file";
import { computeKpis, lakeRange, resolveRange } from "./compute";
import { KpiInputError } from "./errors";
import { textReport } from "./format";
import { htmlReport } from "./html";
import { openLocalLake } from "./lake";
import { experimentReadout, experimentText } from "./experiment";
import { mergedText, mergedView } from "./merged";
import { readSpeedView } from "./speed-view";
import { parseAllocation } from "../experiment-args";
import { validateAllocation } from "../../events/experiment";

export const USAGE =
  "usage: npm run kpi -- --events <dir or file> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json <file>] [--html <file>] [--experiment <name> --allocation control=1,treatment=1] [--speed-view <file> [--now <ISO instant>] [--closed-through YYYY-MM-DD]]";

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        events: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        json: { type: "string" },
        html: { type: "string" },
        experiment: { type: "string" },
        allocation: { type: "string" },
        "speed-view": { type: "string" },
        now: { type: "string" },
        "closed-through": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new KpiInputError(`${(error as Error).message}\n${USAGE}`);
  }
}

const HELP = `${USAGE}

Computes the channel KPIs and the funnel of a local lake with DuckDB, from the SQL files Athena
runs. --json and --html are written together or not at all. --experiment adds the readout of
that experiment (the control first in --allocation, whose weights the sample-ratio check uses).
--speed-view adds the serving layer's merged view: days through --closed-through (default: the
day before --now) from the lake, later ones from the speed view file (npm run events --
--speed-view writes one), and CTR by minute for the last 15 minutes.

Exit status: 0 computed; 2 bad arguments or a lake that cannot be read; 1 an internal failure.`;

/** Runs the command; returns the exit status. Input errors are printed without a stack trace. */
export async function runKpiCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const args = parse(argv);
    if (args.help) {
      io.out(`${HELP}\n`);
      return 0;
    }
    if (!args.events) throw new KpiInputError(`--events is required\n${USAGE}`);
    try {
      if (args.json) checkOutputPath("--json", args.json);
      if (args.html) checkOutputPath("--html", args.html);
    } catch (error) {
      if (error instanceof OutputPathError) throw new KpiInputError(error.message);
      throw error;
    }
    const experiment = experimentArgs(args.experiment, args.allocation);
    const speed = args["speed-view"] !== undefined ? readSpeedView(args["speed-view"]) : undefined;
    if (speed === undefined && (args.now !== undefined || args["closed-through"] !== undefined)) {
      throw new KpiInputError(`--now and --closed-through need --speed-view <file>\n${USAGE}`);
    }
    const lake = await openLocalLake(args.events);
    try {
      const range = resolveRange(args, await lakeRange(lake.connection));
      const report = await computeKpis(lake.connection, range);
      io.out(textReport(report, range));
      const readout = experiment
        ? await experimentReadout(lake.connection, experiment, range)
        : undefined;
      if (readout) io.out(`\n${experimentText(readout, range)}`);
      const merged = speed
        ? await mergedView(lake.connection, speed, range, {
            ...(args.now !== undefined ? { now: args.now } : {}),
            ...(args["closed-through"] !== undefined
              ? { closedThrough: args["closed-through"] }
              : {}),
          })
        : undefined;
      if (merged) io.out(`\n${mergedText(merged)}`);
      const skipped = lake.files.quarantined;
      if (skipped > 0) {
        io.out(
          `(${skipped} ${skipped === 1 ? "file" : "files"} under invalid/ skipped: records the writer rejected)\n`,
        );
      }
      // Both files or neither: a JSON file next to a failed HTML one would look like a success.
      const outputs = [
        ...(args.json
          ? [
              {
                file: args.json,
                text: `${JSON.stringify({ ...report, ...(readout ? { experiment: readout } : {}), ...(merged ? { merged } : {}) }, null, 2)}\n`,
              },
            ]
          : []),
        ...(args.html ? [{ file: args.html, text: htmlReport(report, range) }] : []),
      ];
      writeFilesAtomically(outputs);
      for (const { file } of outputs) io.out(`wrote ${file}\n`);
      return 0;
    } finally {
      lake.close();
    }
  } catch (error) {
    if (error instanceof KpiInputError) {
      io.err(`kpi: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** The readout's allocation from the flags; the salt only matters when assigning, not here. */
function experimentArgs(name: string | undefined, allocation: string | undefined) {
  if (name === undefined) {
    if (allocation !== undefined)
      throw new KpiInputError(`--allocation needs --experiment <name>\n${USAGE}`);
    return undefined;
  }
  if (allocation === undefined) {
    throw new KpiInputError(
      `--experiment needs --allocation, the configured split with the control first, e.g. --allocation control=1,treatment=1`,
    );
  }
  const parsed = parseAllocation(allocation);
  const spec = { name, salt: "readout", variants: parsed.variants };
  const problems = [...parsed.problems, ...validateAllocation(spec, "--experiment")];
  if (problems.length > 0) throw new KpiInputError(problems.join("\n"));
  return spec;
}
