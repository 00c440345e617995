import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import * as ts from "typescript";
import { copyAssets } from "../../cli/copy-assets";
import { flinkPackageCommand } from "../../components/realtime-analytics/package-command";

const ROOT = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

describe("building the Flink zip from a project that installed the library", () => {
  it("ships a bin, compiled by the library build", () => {
    expect(pkg.bin).to.deep.equal({
      "reco-analytics-flink-package": "bin/cli/flink-package.js",
    });
    const build = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8"));
    expect(build.include).to.include("cli/flink-package.ts");
  });

  it("tells a consumer the bin and this repository the npm script", () => {
    const installed = path.join("/app", "node_modules", "reco-analytics", "bin", "components");
    expect(flinkPackageCommand([], installed)).to.equal("npx reco-analytics-flink-package");
    expect(flinkPackageCommand(["--skip-jars"], installed)).to.equal(
      "npx reco-analytics-flink-package --skip-jars",
    );
    const here = path.join(ROOT, "components");
    expect(flinkPackageCommand([], here)).to.equal("npm run flink:package");
    expect(flinkPackageCommand(["--skip-jars"], here)).to.equal(
      "npm run flink:package -- --skip-jars",
    );
  });

  it("writes the zip beside the installed component, where RealtimeAnalytics reads it", () => {
    // The package as npm installs it: bin/ holds the compiled code and the copied assets.
    const consumer = fs.mkdtempSync(path.join(os.tmpdir(), "reco-consumer-"));
    const installed = path.join(consumer, "node_modules", "reco-analytics");
    copyAssets(ROOT, path.join(installed, "bin"));
    const source = fs.readFileSync(path.join(ROOT, "cli", "flink-package.ts"), "utf8");
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } });
    fs.mkdirSync(path.join(installed, "bin", "cli"), { recursive: true });
    const bin = path.join(installed, pkg.bin["reco-analytics-flink-package"]);
    fs.writeFileSync(bin, js.outputText);

    execFileSync("node", [bin, "--skip-jars"], { cwd: consumer, stdio: "pipe" });
    const zip = path.join(
      installed,
      "bin",
      "components",
      "realtime-analytics",
      "flink",
      "dist",
      "realtime-flink.zip",
    );
    expect(fs.statSync(zip).size).to.be.greaterThan(0);
    fs.rmSync(consumer, { recursive: true, force: true });
  });
});
