/**
 * ts-node's own swc transpiler (what tsconfig.json's `"swc": true` selects) behind a disk cache:
 * each file's output is kept under .cache/ts-transpile/, keyed by the file's name and text, swc's
 * and ts-node's versions and the compiler options, so an unchanged file is not transpiled again.
 * A plan transpiles about 300 files and a test run some 12,000 (the offline plan reloads the
 * program for each stack); swc was about 7 % of a prod plan's CPU. JavaScript, not TypeScript:
 * ts-node loads its transpiler before it can load TypeScript.
 */
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const CACHE_DIR = path.resolve(__dirname, "..", ".cache", "ts-transpile");
const VERSIONS = {
  swc: require("@swc/core/package.json").version,
  tsNode: require("ts-node/package.json").version,
};

function readStored(file) {
  try {
    const stored = JSON.parse(fs.readFileSync(file, "utf8"));
    return typeof stored.outputText === "string" ? stored : undefined;
  } catch {
    return undefined; // Not stored yet, or a torn file: transpile it.
  }
}

function store(file, output) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(output));
    fs.renameSync(temp, file);
  } catch {
    // A read-only checkout still runs, transpiling each time.
  }
}

/** ts-node's transpiler factory (see ts-node's TranspilerModule). */
exports.create = (createOptions) => {
  let swc;
  // Created on the first miss: a fully cached run never loads swc's native binding.
  const transpiler = () => (swc ??= require("ts-node/transpilers/swc").create(createOptions));
  const settings = JSON.stringify({
    ...VERSIONS,
    compilerOptions: createOptions.service.config.options,
    emitKind: createOptions.nodeModuleEmitKind ?? null,
    swcOption: typeof createOptions.swc === "string" ? createOptions.swc : null,
  });
  return {
    transpile(input, options) {
      const key = createHash("sha256")
        .update(`${settings}\0${options.fileName}\0${input}`)
        .digest("hex");
      const file = path.join(CACHE_DIR, key.slice(0, 2), `${key}.json`);
      const stored = readStored(file);
      if (stored) return stored;
      const output = transpiler().transpile(input, options);
      store(file, { outputText: output.outputText, sourceMapText: output.sourceMapText });
      return output;
    },
  };
};
