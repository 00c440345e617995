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

export const USAGE =
  "usage: npm run kpi -- --events <dir or file> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json <file>] [--html <file>]";

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
runs. --json and --html are written together or not at all.

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
    const lake = await openLocalLake(args.events);
    try {
      const range = resolveRange(args, await lakeRange(lake.connection));
      const report = await computeKpis(lake.connection, range);
      io.out(textReport(report, range));
      const skipped = lake.files.quarantined;
      if (skipped > 0) {
        io.out(
          `(${skipped} ${skipped === 1 ? "file" : "files"} under invalid/ skipped: records the writer rejected)\n`,
        );
      }
      // Both files or neither: a JSON file next to a failed HTML one would look like a success.
      const outputs = [
        ...(args.json ? [{ file: args.json, text: `${JSON.stringify(report, null, 2)}\n` }] : []),
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
