import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { copyAssets } from "../../cli/copy-assets";

describe("build assets", () => {
  it("copies the files components read at run time beside the compiled code, and no sources", () => {
    const root = path.resolve(__dirname, "..", "..");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "reco-bin-"));
    const copied = copyAssets(root, out);
    expect(copied).to.include.members([
      path.join("components", "kpi-dashboard", "sql", "channel_kpis.sql"),
      path.join("components", "kpi-dashboard", "sql", "funnel.sql"),
      path.join("components", "realtime-analytics", "flink", "main.py"),
      path.join("components", "realtime-analytics", "flink", "realtime_kpis.sql"),
      path.join("events", "behaviour-event.schema.json"),
    ]);
    expect(copied.filter((f) => f.endsWith(".ts"))).to.deep.equal([]);
    expect(
      fs.existsSync(path.join(out, "components", "kpi-dashboard", "sql", "funnel.sql")),
    ).to.equal(true);
  });
});
