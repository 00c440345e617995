/**
 * Fills bin/ as `npm run build` does (`tsc -p tsconfig.build.json`, then cli/copy-assets.ts), from
 * a compiled copy of the whole project: the package's files (tsconfig.build.json's) with their
 * declarations, and their source maps re-pointed from bin/ at the sources.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { copyAssets } from "../../cli/copy-assets";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin");

/** The TypeScript files `tsc -p tsconfig.build.json` compiles, relative to the project. */
export function packageSources(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.build.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  return config!.fileNames.map((file) => path.relative(ROOT, file));
}

/** A source map moved from `from` to `to`, its `sources` still naming the same files. */
export function movedSourceMap(from: string, to: string): string {
  const map = JSON.parse(fs.readFileSync(from, "utf8"));
  map.sources = (map.sources as string[]).map((source) =>
    path
      .relative(path.dirname(to), path.resolve(path.dirname(from), source))
      .split(path.sep)
      .join("/"),
  );
  return JSON.stringify(map);
}

export function buildBinFrom(outDir: string, bin = BIN): void {
  for (const source of packageSources()) {
    const base = source.replace(/\.ts$/, "");
    fs.mkdirSync(path.join(bin, path.dirname(base)), { recursive: true });
    for (const ext of [".js", ".d.ts"]) {
      fs.copyFileSync(path.join(outDir, base + ext), path.join(bin, base + ext));
    }
    const map = `${base}.js.map`;
    fs.writeFileSync(
      path.join(bin, map),
      movedSourceMap(path.join(outDir, map), path.join(bin, map)),
    );
  }
  copyAssets(ROOT, bin);
}
