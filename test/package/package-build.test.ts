/**
 * bin/ built from the run's type-check output is what `npm run build` writes: the same files, and
 * source maps that still name the sources once moved into bin/.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { movedSourceMap, packageSources } from "./package-build";

describe("the package's bin/ from the run's type-check", () => {
  it("compiles the files tsconfig.build.json names: the library's sources, no tool or test", () => {
    const sources = packageSources();
    expect(sources).to.include.members([
      "lib.ts",
      "cli/flink-package.ts",
      "components/data-lake/index.ts",
      "events/schema.ts",
      "stacks/index.ts",
    ]);
    const tops = new Set(sources.map((file) => file.split("/")[0]));
    expect([...tops].sort()).to.deep.equal(["cli", "components", "events", "lib.ts", "stacks"]);
    expect(sources.filter((f) => f.startsWith("cli/"))).to.deep.equal(["cli/flink-package.ts"]);
  });

  it("re-points a moved source map at the same source", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-map-"));
    try {
      // As tsc writes it under .cache/tsc/out/, and as `npm run build` writes it under bin/.
      const from = path.join(dir, ".cache", "tsc", "out", "components", "a.js.map");
      fs.mkdirSync(path.dirname(from), { recursive: true });
      const map = {
        version: 3,
        file: "a.js",
        sourceRoot: "",
        sources: ["../../../../components/a.ts"],
      };
      fs.writeFileSync(from, JSON.stringify({ ...map, names: [], mappings: "AAAA" }));
      const to = path.join(dir, "bin", "components", "a.js.map");
      expect(JSON.parse(movedSourceMap(from, to))).to.deep.equal({
        ...map,
        sources: ["../../components/a.ts"],
        names: [],
        mappings: "AAAA",
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
