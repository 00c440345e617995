/**
 * `npm run kpi`: what it writes (`--json`, `--html`, the terminal) and how it refuses bad input:
 * exit status 2 and one message that names the problem and the fix, never a stack trace.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { generateEvents } from "../../../events";
import { writeLake } from "../../../events/lake";
import { runKpiCli } from "../../../cli/kpi/main";
import { chartData } from "../../../cli/kpi/html";
import { buy, click, impression } from "../../kpi-dashboard/builders";
import { removeTempDirs, tempDir, writeTempLake } from "../../kpi-dashboard/lake-helpers";
import { expectSameKpis, referenceKpis } from "../../kpi-dashboard/reference";

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const status = await runKpiCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

const good = [
  impression("2026-11-26T08:00:00.000Z", "i1", "popular"),
  click("2026-11-26T08:01:00.000Z", "i1", "popular"),
  buy("2026-11-26T09:00:00.000Z", "i1", 19.99, 1),
];

describe("npm run kpi", () => {
  after(removeTempDirs);

  it("writes --json with exactly the contract's fields, equal to an independent computation", async () => {
    const { events, invalid } = generateEvents({ users: 80, items: 30, days: 3, seed: 5 });
    const lake = tempDir();
    await writeLake(lake, events, "jsonl", invalid);
    const json = path.join(tempDir(), "out", "kpi.json");
    const { status, out, err } = await run(["--events", lake, "--json", json]);
    expect([status, err]).to.deep.equal([0, ""]);
    const written = JSON.parse(readFileSync(json, "utf8"));
    expect(Object.keys(written)).to.deep.equal(["channels", "funnel"]);
    for (const r of written.channels) {
      expect(Object.keys(r)).to.deep.equal([
        "dt",
        "channel",
        "impressions",
        "clicks",
        "ctr",
        "conversions",
        "cvr",
        "revenue",
        "coverage",
      ]);
    }
    for (const r of written.funnel)
      expect(Object.keys(r)).to.deep.equal(["dt", "visit", "view", "cart", "buy"]);
    const days = [...new Set(events.map((e) => e.event_time.slice(0, 10)))].sort();
    const expected = referenceKpis(events, days[0], days[days.length - 1]);
    expectSameKpis(written, expected);
    expect(out).to.contain("(1 file under invalid/ skipped: records the writer rejected)");
    expect(out).to.contain(`wrote ${json}`);
  });

  it("prints the channel table and the funnel", async () => {
    const { status, out } = await run(["--events", await writeTempLake(good)]);
    expect(status).to.equal(0);
    expect(out).to.equal(
      [
        "Recommendation KPIs per channel, 2026-11-26 to 2026-11-26 (24-hour last-click attribution)",
        "",
        "dt          channel  impressions  clicks      ctr  conversions      cvr  revenue  coverage",
        "----------  -------  -----------  ------  -------  -----------  -------  -------  --------",
        "2026-11-26  popular            1       1  100.00%            1  100.00%    19.99         1",
        "",
        "Funnel: distinct users per day",
        "",
        "dt          visit  view  cart  buy",
        "----------  -----  ----  ----  ---",
        "2026-11-26      0     0     0    1",
        "",
      ].join("\n"),
    );
  });

  it("writes a self-contained HTML report with the charts' data inline", async () => {
    const lake = await writeTempLake(good);
    const html = path.join(tempDir(), "report.html");
    const json = path.join(tempDir(), "kpi.json");
    expect((await run(["--events", lake, "--html", html, "--json", json])).status).to.equal(0);
    const page = readFileSync(html, "utf8");
    const report = JSON.parse(readFileSync(json, "utf8"));
    const embedded = /<script type="application\/json" id="kpi-data">(.*?)<\/script>/s.exec(
      page,
    )![1];
    expect(JSON.parse(embedded)).to.deep.equal(chartData(report));
    expect(JSON.parse(embedded)).to.deep.equal({
      days: ["2026-11-26"],
      ctr: [{ label: "popular", data: [100] }],
      cvr: [{ label: "popular", data: [100] }],
      revenue: [{ label: "popular", data: [19.99] }],
      funnel: [
        { label: "visit", data: [0] },
        { label: "view", data: [0] },
        { label: "cart", data: [0] },
        { label: "buy", data: [1] },
      ],
    });
    for (const id of ["ctr", "cvr", "revenue", "funnel"])
      expect(page).to.contain(`<canvas id="${id}">`);
    expect(page).to.contain("Chart.js v4.6.1");
    expect(page).not.to.match(/<script[^>]+src=/);
    expect(page).not.to.contain("sourceMappingURL");
    expect(page).to.contain("<td>popular</td><td>1</td><td>1</td><td>100.00%</td>");
  });

  it("refuses a missing path", async () => {
    expect(await run(["--events", "/nonexistent/lake"])).to.deep.equal({
      status: 2,
      out: "",
      err:
        "kpi: --events /nonexistent/lake: no such file or directory. Fix: pass --events a directory " +
        "written by `npm run events` or one .jsonl or .parquet file\n",
    });
  });

  it("refuses a lake without event files, and one whose files hold no records", async () => {
    const empty = tempDir();
    mkdirSync(path.join(empty, "invalid"));
    writeFileSync(path.join(empty, "invalid", "invalid.jsonl"), "{}\n");
    expect((await run(["--events", empty])).err).to.equal(
      `kpi: --events ${empty}: the lake is empty, no .jsonl, .ndjson, .json, .parquet files ` +
        "(1 file under invalid/ skipped). Fix: pass --events a directory written by `npm run events` " +
        "or one .jsonl or .parquet file\n",
    );
    const blank = tempDir();
    mkdirSync(path.join(blank, "dt=2026-11-26"));
    writeFileSync(path.join(blank, "dt=2026-11-26", "part-0000.jsonl"), "\n");
    expect(await run(["--events", blank])).to.deep.equal({
      status: 2,
      out: "",
      err:
        `kpi: --events ${blank}: the lake is empty, no records in its 1 file. ` +
        "Fix: generate events with `npm run events` or point --events at a lake with data\n",
    });
  });

  it("refuses records that break the schema: how many, and the first with its errors", async () => {
    const dir = tempDir();
    const file = path.join(dir, "events.jsonl");
    const lines = [
      ...good.map((e) => JSON.stringify(e)),
      JSON.stringify({ ...good[0], channel: undefined, colour: "red" }),
      "not json",
    ];
    writeFileSync(file, `${lines.join("\n")}\n`);
    const { status, err } = await run(["--events", file]);
    expect(status).to.equal(2);
    expect(err).to.equal(
      [
        `kpi: --events ${file}: 2 of 5 records break the event schema; KPIs are not computed over a lake with bad records.`,
        `First bad record, ${file}:4:`,
        `  ${JSON.stringify({ ...good[0], channel: undefined, colour: "red" })}`,
        '  - channel is required when event_type is "impression"',
        '  - unknown field "colour"',
        "Fix: correct or remove these records (the delivery path routes them to failed/), then run again",
        "",
      ].join("\n"),
    );
  });

  it("refuses a record filed under another day's partition", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "dt=2026-11-25"));
    writeFileSync(
      path.join(dir, "dt=2026-11-25", "part-0000.jsonl"),
      `${JSON.stringify(good[0])}\n`,
    );
    const { err } = await run(["--events", dir]);
    expect(err).to.contain(
      `  - record sits in dt=2026-11-25 but its event_time ${good[0].event_time} is on 2026-11-26\n`,
    );
  });

  it("refuses bad dates, an empty range, unknown options and a missing --events", async () => {
    const lake = await writeTempLake(good);
    expect(
      (await run(["--events", lake, "--from", "2026-02-30", "--to", "26-11-2026"])).err,
    ).to.equal(
      'kpi: --from "2026-02-30" is not a date; use YYYY-MM-DD, e.g. --from 2026-11-26\n' +
        '--to "26-11-2026" is not a date; use YYYY-MM-DD, e.g. --to 2026-11-26\n',
    );
    expect((await run(["--events", lake, "--from", "2026-11-27"])).err).to.equal(
      "kpi: --from 2026-11-27 is after --to 2026-11-26; the range is inclusive and must not be empty. " +
        "Fix: swap them or leave one out to use the lake's own first or last day\n",
    );
    const usage =
      "usage: npm run kpi -- --events <dir or file> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json <file>] [--html <file>] [--experiment <name> --allocation control=1,treatment=1] [--speed-view <file> [--now <ISO instant>] [--closed-through YYYY-MM-DD]]\n";
    expect(await run(["--events", lake, "--csv", "x"])).to.deep.equal({
      status: 2,
      out: "",
      err: `kpi: Unknown option '--csv'\n${usage}`,
    });
    expect((await run([])).err).to.equal(`kpi: --events is required\n${usage}`);
  });

  it("exits non-zero with the message alone when run as a command", async () => {
    const root = path.resolve(__dirname, "../../..");
    const failed = await promisify(execFile)(
      process.execPath,
      ["-r", "./cli/register.js", "cli/kpi.ts", "--events", "/nonexistent/lake"],
      { cwd: root },
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).to.equal(2);
    expect(failed?.stderr).to.match(
      /^kpi: --events \/nonexistent\/lake: no such file or directory\./,
    );
    expect(failed?.stderr).not.to.match(/\n\s+at /);
  });
});
