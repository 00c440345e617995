/**
 * A source-only dynamic provider's serialised text is reused only while every file its module
 * loaded is unchanged; any other function goes through Pulumi's serialiser untouched.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { installMocks } from "../../offline/recorder";
import { cacheProviderSerialisation } from "../../offline/provider-serialisation-cache";
import { sourceOnlyProvider } from "../../components/shared/source-only-provider";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const serializeClosure = require("@pulumi/pulumi/runtime/closure/serializeClosure");
interface Serialized {
  readonly text: string;
}

class Probe extends pulumi.dynamic.Resource {
  constructor(provider: pulumi.dynamic.ResourceProvider) {
    super(provider, "probe", {});
  }
}

/** The `__provider` text a dynamic resource built on `provider` registers, under the mocks. */
async function serializeAsDynamicResource(provider: object): Promise<Serialized> {
  const recorder = installMocks();
  new Probe(provider as pulumi.dynamic.ResourceProvider);
  const [resource] = await recorder.settle();
  return { text: resource.inputs.__provider };
}

describe("serialised dynamic providers cache", function () {
  this.timeout(60_000);
  let dir: string;
  let cache: string;
  let helperFile: string;
  let providerFile: string;

  /**
   * A fresh load of the provider's module, as each offline plan loads the program afresh (Pulumi
   * itself keeps one serialisation per provider object).
   */
  const loadProvider = (): object => {
    delete require.cache[providerFile];
    delete require.cache[helperFile];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return sourceOnlyProvider(require(providerFile).provider, providerFile);
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-provider-cache-"));
    cache = path.join(dir, "cache");
    helperFile = path.join(dir, "helper.js");
    fs.writeFileSync(helperFile, 'exports.idOf = (inputs) => "id-" + inputs.name;\n');
    providerFile = path.join(dir, "provider.js");
    fs.writeFileSync(
      providerFile,
      [
        'const { idOf } = require("./helper");',
        "exports.provider = {",
        "  async create(inputs) { return { id: idOf(inputs), outs: inputs }; },",
        "};",
        "",
      ].join("\n"),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stored = () => (fs.existsSync(cache) ? fs.readdirSync(cache).sort() : []);

  it("serves a declared provider from disk until a file its module loaded changes", async () => {
    cacheProviderSerialisation(cache);
    const fresh = await serializeAsDynamicResource(loadProvider());
    expect(fresh.text).to.contain('"id-" + inputs.name');
    const [entry] = stored();
    expect(stored()).to.deep.equal([entry]);

    // Served from the stored file, not serialised again: a marked entry comes back as stored.
    const file = path.join(cache, entry);
    const marked = { ...JSON.parse(fs.readFileSync(file, "utf8")), text: "stored text" };
    fs.writeFileSync(file, JSON.stringify(marked));
    cacheProviderSerialisation(cache);
    expect((await serializeAsDynamicResource(loadProvider())).text).to.equal("stored text");

    // The helper the provider's module required changed: a new key, serialised afresh.
    fs.writeFileSync(helperFile, 'exports.idOf = (inputs) => "id:" + inputs.name;\n');
    cacheProviderSerialisation(cache);
    const changed = await serializeAsDynamicResource(loadProvider());
    expect(changed.text).to.contain('"id:" + inputs.name');
    expect(changed.text).to.not.contain("stored text");
    expect(stored()).to.have.length(2);
  });

  it("serialises an undeclared provider afresh each time and stores nothing", async () => {
    cacheProviderSerialisation(cache);
    const before = stored();
    const undeclared = { create: async () => ({ id: "undeclared" }) };
    const first = await serializeAsDynamicResource(undeclared);
    expect(first.text).to.contain('id: "undeclared"');
    expect(stored()).to.deep.equal(before);
  });

  it("never runs a function other than the dynamic provider thunk", async () => {
    cacheProviderSerialisation(cache);
    let ran = false;
    const handler = () => {
      ran = true;
    };
    const serialized = await serializeClosure.serializeFunction(handler);
    expect(serialized.text).to.contain("ran = true");
    expect(ran).to.equal(false);
  });
});
