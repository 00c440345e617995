/**
 * package.py: the application zip Managed Flink runs, and the pinned, verified, cached connector
 * JARs that go into it. A Maven repository on 127.0.0.1 serves JARs built here; the digests the
 * tests expect are computed by Node, not by the code under test.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { expect } from "chai";
import { RUN_OPTIONS } from "../../../components/realtime-analytics";
import { APPLICATION, FLINK_DIR, python, runPython, scratch } from "./flink-local";

const GROUP_PATH = "org/apache/flink";
const sha = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest("hex");

/** A JAR with one class and one service file, as the connectors have. */
function makeJar(file: string, artifactId: string) {
  python(`
import json, zipfile
with zipfile.ZipFile(${JSON.stringify(file)}, "w") as z:
    z.writestr("META-INF/services/org.apache.flink.table.factories.Factory", "org.example.${artifactId}\\n")
    z.writestr("org/example/${artifactId}.class", "${artifactId}")
print("null")`);
  return fs.readFileSync(file);
}

describe("realtime Flink packaging: pinned connector JARs and the application zip", () => {
  const repoDir = path.join(scratch, "repo");
  const served = new Map<string, Buffer>();
  let requests: string[] = [];
  let server: http.Server;
  let repository: string;
  const artifacts = ["connector-a", "connector-b"].map((artifactId) => {
    const dir = path.join(repoDir, artifactId);
    fs.mkdirSync(dir, { recursive: true });
    const bytes = makeJar(path.join(dir, `${artifactId}-1.0.jar`), artifactId);
    return { groupId: "org.apache.flink", artifactId, version: "1.0", bytes };
  });
  const jarUrl = (a: { artifactId: string }) =>
    `/${GROUP_PATH}/${a.artifactId}/1.0/${a.artifactId}-1.0.jar`;
  const pinned = (digests: boolean) => ({
    repository: "unused",
    artifacts: artifacts.map(({ bytes, ...a }) =>
      digests ? { ...a, sha256: sha("sha256", bytes), sha1: sha("sha1", bytes) } : a,
    ),
  });
  const connectorsFile = (content: object) => {
    const file = path.join(scratch, `connectors-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const pack = (args: string[]) => runPython(["package.py", ...args]);

  before(async () => {
    for (const a of artifacts) {
      served.set(jarUrl(a), a.bytes);
      served.set(`${jarUrl(a)}.sha1`, Buffer.from(`${sha("sha1", a.bytes)}  ${a.artifactId}\n`));
    }
    server = http.createServer((req, res) => {
      requests.push(req.url!);
      const body = served.get(req.url!);
      res.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    repository = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (requests = []));

  it("refuses a connector that connectors.json does not pin, naming the JAR and the fix", async () => {
    const result = await pack(["--connectors", connectorsFile(pinned(false)), "--out", "-"]);
    expect([result.status, result.stderr]).to.deep.equal([
      2,
      "flink:package failed: connectors.json pins no sha256/sha1 for connector-a-1.0.jar; run `npm run flink:package -- --pin` where the repository serves it, review the digests it writes and commit them\n",
    ]);
  });

  it("--pin records each JAR's sha256 and sha1 after checking the digest the repository publishes", async () => {
    const file = connectorsFile(pinned(false));
    const result = await pack(["--connectors", file, "--repository", repository, "--pin"]);
    expect(result.status).to.equal(0);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).to.deep.equal(pinned(true));

    served.set(`${jarUrl(artifacts[1])}.sha1`, Buffer.from("0".repeat(40)));
    try {
      const bad = connectorsFile(pinned(false));
      const refused = await pack(["--connectors", bad, "--repository", repository, "--pin"]);
      expect([refused.status, refused.stderr]).to.deep.equal([
        2,
        `flink:package failed: connector-b-1.0.jar: sha1 ${sha("sha1", artifacts[1].bytes)} does not match the published ${"0".repeat(40)}\n`,
      ]);
      expect(JSON.parse(fs.readFileSync(bad, "utf8"))).to.deep.equal(pinned(false));
    } finally {
      served.set(`${jarUrl(artifacts[1])}.sha1`, Buffer.from(sha("sha1", artifacts[1].bytes)));
    }
  });

  it("fetches once into the cache, then builds offline from it; the zip has the run options' layout", async () => {
    const cache = path.join(scratch, "cache-ok");
    const connectors = connectorsFile(pinned(true));
    const build = (repo: string, out: string) =>
      pack(["--connectors", connectors, "--repository", repo, "--cache", cache, "--out", out]);
    const first = await build(repository, path.join(scratch, "first.zip"));
    expect(first.status, first.stderr).to.equal(0);
    expect(requests.sort()).to.deep.equal(
      artifacts.flatMap((a) => [jarUrl(a), `${jarUrl(a)}.sha1`]).sort(),
    );
    // Port 9 refuses at once: the repository is out of reach, the cache is enough.
    const second = await build("http://127.0.0.1:9", path.join(scratch, "second.zip"));
    expect(second.status, second.stderr).to.equal(0);
    const bytes = fs.readFileSync(path.join(scratch, "first.zip"));
    expect(fs.readFileSync(path.join(scratch, "second.zip")).equals(bytes)).to.equal(true);

    const zip = python(`
import json, zipfile
z = zipfile.ZipFile(${JSON.stringify(path.join(scratch, "first.zip"))})
jar = zipfile.ZipFile(z.open(${JSON.stringify(RUN_OPTIONS.jarfile)}))
print(json.dumps({"names": z.namelist(), "manifest": json.loads(z.read("MANIFEST.json")),
  "application": json.loads(z.read("application.json")), "jar": sorted(jar.namelist())}))`);
    expect(zip.names).to.deep.equal([
      "main.py",
      "realtime_kpis.sql",
      "application.json",
      "lib/pyflink-dependencies.jar",
      "MANIFEST.json",
    ]);
    // What the stack tells Managed Flink to run is what the zip holds.
    expect(zip.application.runOptions).to.deep.equal(RUN_OPTIONS);
    expect(zip.names).to.include.members([RUN_OPTIONS.python, RUN_OPTIONS.jarfile]);
    expect(zip.manifest).to.deep.equal({
      connectorJars: "included",
      connectors: pinned(true).artifacts,
    });
    expect(zip.jar).to.deep.equal([
      "META-INF/services/org.apache.flink.table.factories.Factory",
      "org/example/connector-a.class",
      "org/example/connector-b.class",
    ]);
  });

  it("never uses a cached JAR whose digests differ from the pins, nor serves one it cannot verify", async () => {
    const cache = path.join(scratch, "cache-tampered");
    const connectors = connectorsFile(pinned(true));
    const args = [
      "--connectors",
      connectors,
      "--cache",
      cache,
      "--out",
      path.join(scratch, "t.zip"),
    ];
    expect((await pack([...args, "--repository", repository])).status).to.equal(0);
    const cached = path.join(cache, "connector-a-1.0.jar");
    fs.writeFileSync(cached, "tampered");
    const offline = await pack([...args, "--repository", "http://127.0.0.1:9"]);
    expect(offline.status).to.equal(2);
    expect(offline.stderr).to.match(
      new RegExp(
        `^cached connector-a-1\\.0\\.jar: sha256 ${sha("sha256", Buffer.from("tampered"))} does not match the pinned ${sha("sha256", artifacts[0].bytes)}; downloading it again\nflink:package failed: cannot reach http://127\\.0\\.0\\.1:9/org/apache/flink/connector-a/1\\.0/connector-a-1\\.0\\.jar \\(.+\\)\\. Maven Central must be reachable`,
      ),
    );
    expect(fs.existsSync(cached)).to.equal(false);
    // A repository serving other bytes (with a matching .sha1) is refused by the pin.
    const other = Buffer.from("other bytes");
    served.set(jarUrl(artifacts[0]), other);
    served.set(`${jarUrl(artifacts[0])}.sha1`, Buffer.from(sha("sha1", other)));
    try {
      const refused = await pack([...args, "--repository", repository]);
      expect([refused.status, refused.stderr]).to.deep.equal([
        2,
        `flink:package failed: connector-a-1.0.jar: sha256 ${sha("sha256", other)} does not match the pinned ${sha("sha256", artifacts[0].bytes)}\n`,
      ]);
      expect(fs.existsSync(cached)).to.equal(false);
    } finally {
      served.set(jarUrl(artifacts[0]), artifacts[0].bytes);
      served.set(`${jarUrl(artifacts[0])}.sha1`, Buffer.from(sha("sha1", artifacts[0].bytes)));
    }
  });

  it("--skip-jars writes a byte-identical code-only zip, says so, and marks it in the manifest", async () => {
    const out = path.join(scratch, "code-only.zip");
    const first = await pack(["--skip-jars", "--out", out]);
    expect(first.status).to.equal(0);
    expect(first.stdout).to.include(
      "--skip-jars: packaging without connector JARs; the job will refuse to start from this zip.",
    );
    const bytes = fs.readFileSync(out);
    await pack(["--skip-jars", "--out", out]);
    expect(fs.readFileSync(out).equals(bytes)).to.equal(true);
    const listing = python(
      `import json, zipfile; z = zipfile.ZipFile(${JSON.stringify(out)}); print(json.dumps([z.namelist(), json.loads(z.read("MANIFEST.json"))]))`,
    );
    expect(listing).to.deep.equal([
      [...APPLICATION.appFiles, "MANIFEST.json"],
      { connectorJars: "skipped", connectors: [] },
    ]);
  });

  it("merges connector JARs like maven-shade: services concatenated, signatures dropped, first copy kept", () => {
    const [a, b, merged] = ["a.jar", "b.jar", "merged.jar"].map((f) => path.join(scratch, f));
    const result = python(`
import json, zipfile, package
SERVICES = "META-INF/services/org.apache.flink.table.factories.Factory"
with zipfile.ZipFile(${JSON.stringify(a)}, "w") as z:
    z.writestr(SERVICES, "org.example.KinesisFactory\\n")
    z.writestr("org/example/Shared.class", "from a")
    z.writestr("META-INF/A.SF", "signature")
with zipfile.ZipFile(${JSON.stringify(b)}, "w") as z:
    z.writestr(SERVICES, "org.example.DynamoFactory\\norg.example.KinesisFactory\\n")
    z.writestr("org/example/Shared.class", "from b")
    z.writestr("org/example/Dynamo.class", "dynamo")
package.merge_jars([${JSON.stringify(a)}, ${JSON.stringify(b)}], ${JSON.stringify(merged)})
z = zipfile.ZipFile(${JSON.stringify(merged)})
print(json.dumps({n: z.read(n).decode() for n in sorted(z.namelist())}))
`);
    expect(result).to.deep.equal({
      "META-INF/services/org.apache.flink.table.factories.Factory":
        "org.example.KinesisFactory\norg.example.DynamoFactory\n",
      "org/example/Dynamo.class": "dynamo",
      "org/example/Shared.class": "from a",
    });
  });

  it("lists the Flink 2.x AWS connector JARs on Maven Central, each with its sha256 and sha1 pin", () => {
    const connectors = JSON.parse(fs.readFileSync(path.join(FLINK_DIR, "connectors.json"), "utf8"));
    const urls = python(
      "import json, package; c = json.load(open('connectors.json')); print(json.dumps([package.artifact_url(c['repository'], a) for a in c['artifacts']]))",
    );
    expect(urls).to.deep.equal([
      "https://repo1.maven.org/maven2/org/apache/flink/flink-sql-connector-aws-kinesis-streams/6.0.0-2.0/flink-sql-connector-aws-kinesis-streams-6.0.0-2.0.jar",
      "https://repo1.maven.org/maven2/org/apache/flink/flink-sql-connector-dynamodb/6.0.0-2.0/flink-sql-connector-dynamodb-6.0.0-2.0.jar",
      "https://repo1.maven.org/maven2/org/apache/flink/flink-sql-connector-kafka/5.0.0-2.2/flink-sql-connector-kafka-5.0.0-2.2.jar",
      "https://repo1.maven.org/maven2/software/amazon/msk/aws-msk-iam-auth/2.4.0/aws-msk-iam-auth-2.4.0-all.jar",
    ]);
    // The Flink connector release line names the Flink major.minor it is built for.
    const flinkMajor = APPLICATION.flinkVersion.split(".")[0];
    for (const a of connectors.artifacts.filter((a: any) => a.groupId === "org.apache.flink"))
      expect(a.version).to.match(new RegExp(`-${flinkMajor}\\.\\d+$`));
    expect(connectors.artifacts.map((a: any) => Object.keys(a))).to.deep.equal(
      connectors.artifacts.map((a: any) =>
        a.classifier
          ? ["groupId", "artifactId", "version", "classifier", "sha256", "sha1"]
          : ["groupId", "artifactId", "version", "sha256", "sha1"],
      ),
    );
  });
});
