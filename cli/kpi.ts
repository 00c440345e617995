/**
 * `npm run kpi -- --events <dir or file> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json <file>]
 * [--html <file>]`: recommendation KPIs and the funnel of a local lake (JSON lines or Parquet,
 * Hive-partitioned or flat), computed by DuckDB from the SQL files that Athena runs in the cloud.
 */
import { runKpiCli } from "./kpi/main";

runKpiCli(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    // Not an input error: a defect, so the stack trace is what the reader needs.
    console.error(error);
    process.exitCode = 1;
  },
);
