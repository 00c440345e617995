import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { main } from "../../cli/catalogue";
import { catalogueCsv, generateCatalogue } from "../../events/generate-catalogue";

const sink = () => {
  let text = "";
  return {
    write: (t: string) => (text += t),
    get text() {
      return text;
    },
  };
};

describe("npm run catalogue", () => {
  it("writes the items and users CSVs matching npm run events with the same options", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalogue-"));
    try {
      const out = sink();
      const argv = ["--out", dir, "--users", "5", "--items", "3", "--seed", "9"];
      expect(await main(argv, out, sink())).to.equal(0);
      const expected = generateCatalogue({ users: 5, items: 3, seed: 9, start: "2026-11-23" });
      expect(fs.readFileSync(path.join(dir, "items", "items.csv"), "utf8")).to.equal(
        catalogueCsv("items", expected.items),
      );
      expect(fs.readFileSync(path.join(dir, "users", "users.csv"), "utf8")).to.equal(
        catalogueCsv("users", expected.users),
      );
      expect(out.text).to.equal(
        `wrote 3 items to ${path.join(dir, "items", "items.csv")}\nwrote 5 users to ${path.join(dir, "users", "users.csv")}\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 naming every bad argument, writing nothing", async () => {
    const err = sink();
    expect(await main(["--users", "0", "--items", "x"], sink(), err)).to.equal(2);
    expect(err.text).to.equal(
      [
        "--out <dir> is required",
        '--items must be a whole number, got "x"',
        "--users must be an integer from 1 to 1000000, got 0",
        "usage: npm run catalogue -- --out <dir> [--users N] [--items N] [--seed S] [--start YYYY-MM-DD]",
        "",
      ].join("\n"),
    );
  });
});
