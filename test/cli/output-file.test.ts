import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { OutputPathError, checkOutputPath, writeFilesAtomically } from "../../cli/output-file";

describe("command output files", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-out-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes every file, creating missing directories", () => {
    writeFilesAtomically([
      { file: path.join(dir, "a.json"), text: "{}\n" },
      { file: path.join(dir, "new", "b.html"), text: "<p>" },
    ]);
    expect(fs.readFileSync(path.join(dir, "a.json"), "utf8")).to.equal("{}\n");
    expect(fs.readFileSync(path.join(dir, "new", "b.html"), "utf8")).to.equal("<p>");
  });

  it("writes none when one cannot be written, and leaves no temporary file", () => {
    fs.writeFileSync(path.join(dir, "blocker"), "a file where a directory is needed");
    expect(() =>
      writeFilesAtomically([
        { file: path.join(dir, "ok.json"), text: "{}\n" },
        { file: path.join(dir, "blocker", "kpi.html"), text: "<p>" },
      ]),
    ).to.throw();
    expect(fs.readdirSync(dir)).to.deep.equal(["blocker"]);
  });

  it("refuses a directory, a path under a file and an empty name before any work", () => {
    expect(() => checkOutputPath("--json", dir)).to.throw(
      OutputPathError,
      `--json ${dir} is a directory. Fix: name a file in it, e.g. --json ${path.join(dir, "result.json")}`,
    );
    fs.writeFileSync(path.join(dir, "f"), "");
    expect(() => checkOutputPath("--html", path.join(dir, "f", "x.html"))).to.throw(
      OutputPathError,
      `--html ${path.join(dir, "f", "x.html")}: ${path.join(dir, "f")} is a file, not a directory`,
    );
    expect(() => checkOutputPath("--json", "")).to.throw(
      OutputPathError,
      '--json "" is not a file name. Fix: e.g. --json out/result.json',
    );
    expect(() =>
      checkOutputPath("--json", path.join(dir, "deep", "new", "plan.json")),
    ).not.to.throw();
  });
});
