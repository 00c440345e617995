/**
 * `npm run catalogue -- --out <dir> [--users N] [--items N] [--seed S] [--start YYYY-MM-DD]`
 *
 * Writes the item and user catalogues that match `npm run events` with the same options (same ids,
 * list prices equal to what the log's buys paid) as the CSVs the lake's catalogue tables read:
 * `<dir>/items/items.csv` and `<dir>/users/users.csv`, the layout under the lake's `personalize/`
 * prefix. Exit status: 0 written; 2 bad arguments; 1 writing failed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CATALOGUE_KINDS } from "../events/catalogue";
import { catalogueCsv, generateCatalogue } from "../events/generate-catalogue";
import { DEFAULT_START, validateGenerateOptions } from "../events/generate";
import { EVENTS_DEFAULTS } from "./events";
import { type Writable, parseFlags, wholeNumberFlag } from "./flags";

const USAGE =
  "usage: npm run catalogue -- --out <dir> [--users N] [--items N] [--seed S] [--start YYYY-MM-DD]";

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
      seed: { type: "string" },
      start: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    USAGE,
    err,
  );
  if (values === undefined) return 2;
  if (values.help) {
    out.write(`${USAGE}\n\nWrites catalogues matching \`npm run events\` with the same options.\n`);
    return 0;
  }
  const problems: string[] = [];
  if (typeof values.out !== "string" || values.out === "") problems.push("--out <dir> is required");
  const integer = (flag: "users" | "items" | "seed") =>
    wholeNumberFlag(values, flag, EVENTS_DEFAULTS[flag], problems);
  const options = {
    users: integer("users"),
    items: integer("items"),
    seed: integer("seed"),
    start: (values.start as string | undefined) ?? DEFAULT_START,
  };
  problems.push(...validateGenerateOptions({ ...options, days: 1 }).map((p) => `--${p}`));
  if (problems.length > 0) {
    err.write(`${problems.join("\n")}\n${USAGE}\n`);
    return 2;
  }
  const dir = path.resolve(values.out as string);
  try {
    const catalogue = generateCatalogue(options);
    for (const kind of CATALOGUE_KINDS) {
      const file = path.join(dir, kind, `${kind}.csv`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, catalogueCsv(kind, catalogue[kind]));
      out.write(`wrote ${catalogue[kind].length} ${kind} to ${file}\n`);
    }
    return 0;
  } catch (e) {
    err.write(`catalogue: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
