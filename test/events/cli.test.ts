import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../cli/events";

function capture() {
  const chunks: string[] = [];
  return { write: (text: string) => void chunks.push(text), text: () => chunks.join("") };
}

describe("events: npm run events", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "events-cli-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes the lake and prints each partition it wrote", async () => {
    const out = capture();
    const err = capture();
    const code = await main(
      [
        "--out",
        dir,
        "--users",
        "5",
        "--items",
        "20",
        "--days",
        "2",
        "--seed",
        "9",
        "--format",
        "jsonl",
      ],
      out,
      err,
    );
    expect({ code, err: err.text() }).to.deep.equal({ code: 0, err: "" });
    expect(fs.readdirSync(dir).sort()).to.deep.equal(["dt=2026-11-23", "dt=2026-11-24", "invalid"]);
    const lines = out.text().split("\n");
    expect(lines[0]).to.match(
      new RegExp(
        `^wrote \\d+ events \\(5 users, 20 items, 2 days from 2026-11-23, seed 9\\) as jsonl to ${dir}$`,
      ),
    );
    expect(lines[1]).to.contain(path.join(dir, "dt=2026-11-23", "part-0000.jsonl"));
    expect(lines[2]).to.contain(path.join(dir, "dt=2026-11-24", "part-0000.jsonl"));
    expect(lines[3]).to.contain(path.join(dir, "invalid", "invalid.jsonl"));
  });

  it("lists every bad flag with the fix, and exits 2 without writing", async () => {
    const out = capture();
    const err = capture();
    const code = await main(
      ["--users", "0", "--days", "x", "--seed=-1", "--start", "2026-02-30", "--format", "csv"],
      out,
      err,
    );
    expect(code).to.equal(2);
    expect(out.text()).to.equal("");
    expect(err.text()).to.equal(
      [
        "--out <dir> is required",
        '--days must be a whole number, got "x"',
        '--seed must be a whole number, got "-1"',
        "--users must be an integer from 1 to 1000000, got 0",
        '--start must be a calendar date "YYYY-MM-DD", got "2026-02-30"',
        '--format must be one of jsonl, parquet, got "csv"',
        "usage: npm run events -- --out <dir> [--users N] [--items N] [--days D] [--seed S] [--start YYYY-MM-DD] [--format jsonl|parquet] [--replace] [--experiment <name> [--allocation control=1,treatment=1] [--salt S] [--uplift treatment=1.2]] [--speed-view <file>]",
        "",
      ].join("\n"),
    );
  });

  it("rejects an unknown flag", async () => {
    const err = capture();
    expect(await main(["--out", "x", "--bogus"], capture(), err)).to.equal(2);
    expect(err.text().split("\n")[0]).to.equal("Unknown option '--bogus'");
  });
});
