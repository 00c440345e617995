/** Cache entries are written whole and read forgivingly: anything but a good entry is a miss. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { readCacheEntry, writeCacheEntry } from "../../components/shared/cache-entry";

describe("cache entries on disk", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "reco-cache-entry-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const isEntry = (v: any) => typeof v?.text === "string";

  it("round-trips an entry through its folder, leaving no temporary file", () => {
    const file = path.join(dir, "deep", "a.json");
    writeCacheEntry(file, { text: "bundle", n: 1 });
    expect(readCacheEntry(file, isEntry)).to.deep.equal({ text: "bundle", n: 1 });
    expect(fs.readdirSync(path.dirname(file))).to.deep.equal(["a.json"]);
  });

  it("passes the replacer and reviver, for values JSON does not hold", () => {
    const file = path.join(dir, "map.json");
    const encode = (_k: string, v: unknown) => (v instanceof Map ? { __map: [...v] } : v);
    const decode = (_k: string, v: any) =>
      v !== null && typeof v === "object" && "__map" in v ? new Map(v.__map) : v;
    writeCacheEntry(file, { text: "t", m: new Map([["a", 1]]) }, encode);
    const back = readCacheEntry<{ m: Map<string, number> }>(file, isEntry, decode);
    expect(back?.m.get("a")).to.equal(1);
  });

  it("misses a missing, torn or foreign entry", () => {
    const torn = path.join(dir, "torn.json");
    fs.writeFileSync(torn, '{"text": "half');
    const foreign = path.join(dir, "foreign.json");
    fs.writeFileSync(foreign, '{"other": 1}');
    for (const file of [path.join(dir, "none.json"), torn, foreign]) {
      expect(readCacheEntry(file, isEntry), file).to.equal(undefined);
    }
  });
});
