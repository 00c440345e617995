/**
 * Every example in README.md and docs/ runs as written, against a scratch copy of the project:
 * stack files and programs are written from their blocks, commands run, and documented output is
 * compared with what the same run prints. README and behaviour cannot drift apart.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { SCRIPT_ENTRIES, runDocumentedCommand } from "./commands";
import { FencedBlock, fencedBlocks, shellCommands, shellWords } from "./markdown-checks";
import { ROOT, createScratchProject } from "./scratch-project";

const DOCS = [
  path.join(ROOT, "README.md"),
  ...[
    "data-lake",
    "exploration-search",
    "http-collector",
    "kafka-store",
    "kpi-dashboard",
    "kpi-serving",
    "personalize-recommender",
    "realtime-analytics",
    "stream-ingestion",
  ].map((c) => path.join(ROOT, "components", c, "README.md")),
  path.join(ROOT, "policies", "README.md"),
  ...fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join(ROOT, "docs", f)),
];
const blocks = DOCS.flatMap(fencedBlocks);
const where = (b: FencedBlock) => `${path.relative(ROOT, b.file)}:${b.line}`;

/** Commands CI runs on a fresh clone (`.ci/run`); the suite cannot run itself or reinstall. */
const CI_COMMANDS = ["npm ci", "npm test"];

describe("documented examples", function () {
  // Each plan takes seconds; the docs hold about a dozen.
  this.timeout(600_000);
  let scratch: string;

  before(() => {
    scratch = createScratchProject();
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("declares a check for every fenced block", () => {
    expect(blocks.filter((b) => !b.check).map(where)).to.deep.equal([]);
  });

  it("runs each npm script through the entry file the suite calls", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
    for (const [name, entry] of Object.entries(SCRIPT_ENTRIES)) {
      expect(scripts[name], name).to.equal(`node -r ./cli/register.js ${entry}`);
    }
    const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8").split("\n");
    for (const command of CI_COMMANDS) {
      expect(
        ci.some((line) => line.startsWith(command)),
        command,
      ).to.equal(true);
    }
  });

  it("writes every file block, and a program block is the type-checked example file", () => {
    const tsconfig = fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8");
    for (const b of blocks) {
      if (b.check?.kind !== "file") continue;
      const text = `${b.text}\n`;
      if (b.check.source) {
        expect(text, where(b)).to.equal(fs.readFileSync(path.join(ROOT, b.check.source), "utf8"));
        expect(tsconfig, `tsconfig.json type-checks ${b.check.source}`).to.contain(
          `"${path.dirname(b.check.source)}/*.ts"`,
        );
      }
      fs.writeFileSync(path.join(scratch, b.check.name), text);
    }
  });

  for (const b of blocks) {
    const check = b.check;
    if (check?.kind === "file" && check.plan) {
      it(`plans ${where(b)} (${check.name}) against stack ${check.plan}`, async () => {
        const result = await runDocumentedCommand(
          `npm run plan -- --stack ${check.plan} --program ${check.name}`,
          scratch,
        );
        expect(result.exitCode, result.err).to.equal(0);
        expect(result.out).to.contain(": no violations\n");
      });
    } else if (check?.kind === "run") {
      it(`runs ${where(b)}: ${shellCommands(b.text).join("; ")}`, async () => {
        for (const command of shellCommands(b.text)) {
          if (CI_COMMANDS.includes(command)) continue;
          const result = await runDocumentedCommand(command, scratch);
          expect(result.exitCode, `${command}\n${result.err}`).to.equal(0);
          // What the command says it writes is there.
          const words = shellWords(command);
          for (const flag of ["--json", "--html", "--out"]) {
            const at = words.indexOf(flag);
            if (at < 0) continue;
            expect(
              fs.existsSync(path.join(scratch, words[at + 1])),
              `${command} wrote ${words[at + 1]}`,
            ).to.equal(true);
          }
        }
      });
    } else if (check?.kind === "output") {
      it(`prints ${where(b)} from ${check.command}`, async () => {
        const result = await runDocumentedCommand(check.command, scratch);
        expect(result.exitCode, result.err).to.equal(check.exit);
        const printed = `${result.out}${result.err}`.trimEnd().split("\n");
        const documented = b.text.split("\n");
        const compared = check.head ? printed.slice(0, documented.length) : printed;
        expect(documented.join("\n"), `${where(b)} must read:\n${compared.join("\n")}`).to.equal(
          compared.join("\n"),
        );
      });
    }
  }
});
