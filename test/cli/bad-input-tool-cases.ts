/** Bad-input cases of `cost`, `kpi`, `train` and `events` (see bad-input-cases.ts). */
import type { BadInputCase } from "./bad-input-cases";

export const COST_USAGE =
  "usage: npm run cost -- --stack <name> [--events-per-second N | --idle] [--json <file>] [--no-scaling] [--project-dir <dir>]";
export const KPI_USAGE =
  "usage: npm run kpi -- --events <dir or file> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json <file>] [--html <file>] [--experiment <name> --allocation control=1,treatment=1] [--speed-view <file> [--now <ISO instant>] [--closed-through YYYY-MM-DD]]";
export const TRAIN_USAGE =
  "usage: npm run train -- --stack <name> [--mode FULL|UPDATE] [--wait] [--state-machine-arn <arn>]";
export const EVENTS_USAGE =
  "usage: npm run events -- --out <dir> [--users N] [--items N] [--days D] [--seed S] [--start YYYY-MM-DD] [--format jsonl|parquet] [--replace] [--experiment <name> [--allocation control=1,treatment=1] [--salt S] [--uplift treatment=1.2]] [--speed-view <file>]";

export const TOOL_CASES: readonly BadInputCase[] = [
  // cost
  {
    name: "cost --json naming a directory, refused before any plan",
    command: "cost",
    argv: ["--stack", "dev", "--json", "docs"],
    exit: 2,
    message: "--json docs is a directory. Fix: name a file in it, e.g. --json docs/result.json",
  },
  {
    name: "cost at 0 events/s",
    command: "cost",
    argv: ["--stack", "dev", "--events-per-second", "0"],
    exit: 2,
    message:
      '--events-per-second is "0"; it must be a whole number ≥ 1, e.g. --events-per-second 500',
  },
  {
    name: "cost --idle with a rate",
    command: "cost",
    argv: ["--stack", "dev", "--idle", "--events-per-second", "5"],
    exit: 2,
    message: `--idle and --events-per-second ask for two different workloads; pass one of them\n${COST_USAGE}`,
  },
  // kpi
  {
    name: "kpi without --events",
    command: "kpi",
    argv: [],
    exit: 2,
    message: `kpi: --events is required\n${KPI_USAGE}`,
  },
  {
    name: "kpi --from 2026-13-01 (once a RangeError)",
    command: "kpi",
    argv: ["--events", "lake", "--from", "2026-13-01"],
    exit: 2,
    message: 'kpi: --from "2026-13-01" is not a date; use YYYY-MM-DD, e.g. --from 2026-11-26',
  },
  {
    name: "kpi over a corrupt Parquet file (once a raw DuckDB error)",
    command: "kpi",
    argv: ["--events", "corrupt"],
    files: { "corrupt/dt=2026-11-26/part-0.parquet": "not parquet at all" },
    exit: 2,
    message:
      "kpi: <dir>/corrupt/dt=2026-11-26/part-0.parquet is not a readable Parquet file: No magic bytes found at end of file '<dir>/corrupt/dt=2026-11-26/part-0.parquet'. Fix: delete it, or regenerate the lake with npm run events -- --out <dir> --replace",
  },
  {
    name: "kpi over a path that does not exist",
    command: "kpi",
    argv: ["--events", "nolake"],
    exit: 2,
    message:
      "kpi: --events nolake: no such file or directory. Fix: pass --events a directory written by `npm run events` or one .jsonl or .parquet file",
  },
  {
    name: "kpi over a file that is not a lake",
    command: "kpi",
    argv: ["--events", "README.md"],
    exit: 2,
    message:
      'kpi: --events README.md: unsupported file type ".md"; use .jsonl, .ndjson, .json, .parquet. Fix: pass --events a directory written by `npm run events` or one .jsonl or .parquet file',
  },
  {
    name: "kpi --to before --from",
    command: "kpi",
    argv: ["--events", "lake", "--from", "2026-11-27", "--to", "2026-11-26"],
    exit: 2,
    message:
      "kpi: --from 2026-11-27 is after --to 2026-11-26; the range is inclusive and must not be empty. Fix: swap them or leave one out to use the lake's own first or last day",
  },
  {
    name: "kpi --html naming a directory leaves no --json file behind",
    command: "kpi",
    argv: ["--events", "lake", "--json", "ok.json", "--html", "docs"],
    exit: 2,
    message:
      "kpi: --html docs is a directory. Fix: name a file in it, e.g. --html docs/result.html",
  },
  // train
  {
    name: "train --state-machine-arn notanarn (once an SDK trace)",
    command: "train",
    argv: ["--state-machine-arn", "notanarn"],
    exit: 2,
    message:
      'train: --state-machine-arn "notanarn" is not a Step Functions state machine ARN; it looks like arn:aws:states:<region>:<account>:stateMachine:<name>. Fix: copy trainingStateMachineArn from pulumi stack output, or pass --stack <name>',
  },
  {
    name: "train with neither --stack nor an ARN",
    command: "train",
    argv: ["--wait"],
    exit: 2,
    message: `train: --stack or --state-machine-arn is required.\n${TRAIN_USAGE}`,
  },
  {
    name: "train --mode PARTIAL",
    command: "train",
    argv: ["--stack", "prod", "--mode", "PARTIAL"],
    exit: 2,
    message: `train: --mode is "PARTIAL"; it must be FULL or UPDATE.\n${TRAIN_USAGE}`,
  },
  // events
  {
    name: "events without --out",
    command: "events",
    argv: ["--days", "abc"],
    exit: 2,
    message: `--out <dir> is required\n--days must be a whole number, got "abc"\n${EVENTS_USAGE}`,
  },
  {
    name: "events --start on a day that does not exist",
    command: "events",
    argv: ["--out", "x", "--start", "2026-02-30"],
    exit: 2,
    message: `--start must be a calendar date "YYYY-MM-DD", got "2026-02-30"\n${EVENTS_USAGE}`,
  },
  {
    name: "events --format csv",
    command: "events",
    argv: ["--out", "x", "--format", "csv"],
    exit: 2,
    message: `--format must be one of jsonl, parquet, got "csv"\n${EVENTS_USAGE}`,
  },
];
