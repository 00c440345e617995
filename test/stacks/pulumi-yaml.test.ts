import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { CONFIG_KEYS } from "../../stacks";

const root = path.resolve(__dirname, "..", "..");
const project = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));

function declaredType(kind: string): string | undefined {
  // Pulumi's project schema has no object type: a mapping key is declared untyped.
  if (kind === "object") return undefined;
  if (kind === "integer" || kind === "integerSet") return "integer";
  if (kind === "stringList") return "array";
  return "string";
}

describe("Pulumi.yaml config block", () => {
  it("declares exactly the keys the program reads (aws: keys belong to the provider)", () => {
    const ours = CONFIG_KEYS.filter((s) => !s.key.includes(":")).map((s) => s.key);
    expect(Object.keys(project.config)).to.deep.equal(ours);
  });

  for (const spec of CONFIG_KEYS.filter((s) => !s.key.includes(":"))) {
    it(`declares ${spec.key} with its type, a description, and a default only when optional`, () => {
      const decl = project.config[spec.key];
      expect(decl.type).to.equal(declaredType(spec.type.kind));
      expect(decl.description).to.be.a("string").and.include(spec.description.slice(0, 20));
      // Without a default the Pulumi CLI refuses a stack that omits the key: only required keys.
      expect("default" in decl).to.equal(!spec.required);
    });
  }

  it("ships dev and prod stack files that name their tier", () => {
    for (const stack of ["dev", "prod"]) {
      const file = parse(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8"));
      expect(file.config["reco-analytics:tier"]).to.equal(stack);
    }
  });
});
