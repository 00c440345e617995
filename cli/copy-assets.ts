/**
 * Build step after `tsc -p tsconfig.build.json`: copies the files components read at run time (KPI
 * SQL, the Flink job and its packaged zip) beside the compiled JavaScript in bin/, because
 * components find them relative to their own directory.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const SOURCES = ["components", "events"];
/** Run-time assets: everything but TypeScript sources and Python byte-code caches. */
const isAsset = (file: string) => !/\.ts$/.test(file) && !file.includes("__pycache__");

export function copyAssets(root = ROOT, outDir = path.join(ROOT, "bin")): string[] {
  const copied: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (isAsset(full)) {
        const target = path.join(outDir, path.relative(root, full));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(full, target);
        copied.push(path.relative(root, full));
      }
    }
  };
  for (const source of SOURCES) walk(path.join(root, source));
  return copied;
}

if (require.main === module) {
  const copied = copyAssets();
  process.stdout.write(`copied ${copied.length} run-time assets into bin/\n`);
}
