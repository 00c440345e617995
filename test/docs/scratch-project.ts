/**
 * A scratch copy of the project for running documented examples: every tracked file, and a
 * node_modules of links to the real one plus `reco-analytics` itself, resolved to the copy's
 * lib.ts, so a consumer program's `import … from "reco-analytics"` works as it does after install.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

export function createScratchProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-docs-"));
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)));
  for (const file of tracked) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(modules, entry));
  }
  const self = path.join(modules, "reco-analytics");
  fs.mkdirSync(self);
  fs.writeFileSync(
    path.join(self, "package.json"),
    JSON.stringify({ name: "reco-analytics", main: "../../lib.ts", types: "../../lib.ts" }),
  );
  return dir;
}
