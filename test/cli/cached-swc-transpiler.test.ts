/**
 * The transpiler every npm script and mocha run through (cli/register.js) gives exactly what
 * ts-node's own swc transpiler gives, keeps it under the file's text, and serves it from there.
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { create } from "ts-node";
import { PLAN_CACHE_DIR, TRANSPILE_CACHE } from "../../offline/cache-dirs";

const ROOT = path.resolve(__dirname, "..", "..");
const CACHED = require.resolve("../../cli/cached-swc-transpiler.js");
const CACHE = path.join(PLAN_CACHE_DIR, TRANSPILE_CACHE);

/** Every stored entry's path. */
const entries = (): Set<string> =>
  new Set(
    fs.existsSync(CACHE)
      ? fs
          .readdirSync(CACHE)
          .flatMap((d) => fs.readdirSync(path.join(CACHE, d)).map((f) => path.join(CACHE, d, f)))
      : [],
  );

const cachedService = () =>
  create({ cwd: ROOT, transpileOnly: true, swc: false, transpiler: CACHED });
const swcService = () => create({ cwd: ROOT, transpileOnly: true, swc: true });

describe("cached swc transpiler", () => {
  const fileName = path.join(ROOT, "components", "probe.ts");
  // A text no other run has stored: the first compile must be a miss.
  const source = `// ${randomUUID()}\nexport class Probe {\n  declare readonly arn: string;\n  constructor(readonly name: string) {}\n  greet = (who: string): string => \`\${this.name} greets \${who}\`;\n}\n`;
  const stored: string[] = [];
  after(() => {
    for (const file of stored) fs.rmSync(file, { force: true });
  });

  it("compiles as ts-node's swc transpiler does, and stores one entry", () => {
    const before = entries();
    const output = cachedService().compile(source, fileName);
    expect(output).to.equal(swcService().compile(source, fileName));
    const added = [...entries()].filter((file) => !before.has(file));
    stored.push(...added);
    expect(added).to.have.length(1);
    expect(JSON.parse(fs.readFileSync(added[0], "utf8")).outputText).to.contain("class Probe");
  });

  it("serves the stored entry for the same text, and transpiles a changed text afresh", () => {
    const [entry] = stored;
    const marked = { ...JSON.parse(fs.readFileSync(entry, "utf8")) };
    marked.outputText = `${marked.outputText}\n// served from the cache`;
    fs.writeFileSync(entry, JSON.stringify(marked));
    expect(cachedService().compile(source, fileName)).to.contain("// served from the cache");

    const before = entries();
    const changed = source.replace("greets", "welcomes");
    const output = cachedService().compile(changed, fileName);
    expect(output).to.equal(swcService().compile(changed, fileName));
    const added = [...entries()].filter((file) => !before.has(file));
    stored.push(...added);
    expect(added).to.have.length(1);
  });
});
