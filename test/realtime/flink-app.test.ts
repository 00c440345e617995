import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { CONNECTORS_JAR, VIEW_PROPERTY_GROUP } from "../../components/realtime-analytics";

const FLINK_DIR = path.join(__dirname, "../../components/realtime-analytics/flink");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "realtime-flink-"));
// Bytecode goes to the scratch dir, so compiling leaves the source tree as it was.
const env = {
  ...process.env,
  PYTHONPYCACHEPREFIX: path.join(scratch, "pycache"),
  PYTHONDONTWRITEBYTECODE: "",
};

/** Runs Python in the app folder and returns what the snippet prints as JSON. */
function python(snippet: string): any {
  const out = execFileSync("python3", ["-c", snippet], { cwd: FLINK_DIR, env, encoding: "utf8" });
  return JSON.parse(out);
}

const PROPS = {
  stream_arn: "arn:aws:kinesis:us-east-1:123456789012:stream/events",
  region: "us-east-1",
  table_name: "rt-view-1234567",
  lateness_seconds: "30",
  retention_seconds: "172800",
  top_n: "20",
};

function writeProperties(map: Record<string, string>): string {
  const file = path.join(scratch, `props-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify([{ PropertyGroupId: VIEW_PROPERTY_GROUP, PropertyMap: map }]),
  );
  return file;
}

function renderedStatements(): string[] {
  const file = writeProperties(PROPS);
  return python(
    `import json, main; print(json.dumps(main.render_statements(open(main.SQL_FILE).read(), main.load_properties(${JSON.stringify(file)}))))`,
  );
}

describe("realtime Flink application", () => {
  it("compiles: python3 -m py_compile on every Python source", () => {
    const sources = fs.readdirSync(FLINK_DIR).filter((f) => f.endsWith(".py"));
    expect(sources.sort()).to.deep.equal(["main.py", "package.py"]);
    const result = spawnSync("python3", ["-m", "py_compile", ...sources], {
      cwd: FLINK_DIR,
      env,
      encoding: "utf8",
    });
    expect(result.stderr).to.equal("");
    expect(result.status).to.equal(0);
  });

  it("reads the property group the component sets, with the same keys", () => {
    const groups = python(
      "import json, main; print(json.dumps([main.PROPERTY_GROUP, sorted(main.REQUIRED)]))",
    );
    expect(groups).to.deep.equal([VIEW_PROPERTY_GROUP, Object.keys(PROPS).sort()]);
    expect(CONNECTORS_JAR).to.equal(
      `lib/${python("import json, package; print(json.dumps(package.MERGED_JAR))")}`,
    );
  });

  it("renders one statement per DDL and INSERT with every placeholder filled", () => {
    const statements = renderedStatements();
    expect(statements.map((s) => s.split("\n")[0])).to.deep.equal([
      "CREATE TABLE behaviour_events (",
      "CREATE TEMPORARY VIEW kpi_events AS",
      "CREATE TEMPORARY VIEW unique_events AS",
      "CREATE TEMPORARY VIEW channel_minutes AS",
      "CREATE TEMPORARY VIEW unique_clicks AS",
      "CREATE TEMPORARY VIEW item_clicks_5m AS",
      "CREATE TABLE view_channel_windows (",
      "CREATE TABLE view_trending (",
      "INSERT INTO view_channel_windows",
      "INSERT INTO view_trending",
    ]);
    const text = statements.join("\n");
    expect(text).to.not.include("${");
    expect(text).to.include(
      "'stream.arn' = 'arn:aws:kinesis:us-east-1:123456789012:stream/events'",
    );
    expect(text).to.include("'table-name' = 'rt-view-1234567'");
    expect(text).to.include("WATERMARK FOR ts AS ts - INTERVAL '30' SECOND");
    expect(text).to.include("WHERE item_rank <= 20");
    expect(text.match(/\* 60 \+ 172800/g)).to.have.length(2);
  });

  it("computes the KPIs as defined: impressions and clicks per channel per 1-minute event-time window, duplicates once, ctr null without impressions", () => {
    const [source, kpiEvents, unique, channelMinutes, , , , , insertChannels] =
      renderedStatements();
    expect(source).to.include("TO_TIMESTAMP(event_time, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''')");
    expect(source).to.include("'source.init.position' = 'LATEST'");
    expect(kpiEvents).to.include("WHERE event_type IN ('impression', 'click')");
    expect(unique).to.include(
      "FROM TABLE(TUMBLE(TABLE kpi_events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
    );
    expect(unique).to.include("GROUP BY window_start, window_end, window_time, event_id");
    expect(channelMinutes).to.include(
      "SUM(CASE WHEN event_type = 'impression' THEN 1 ELSE 0 END) AS impressions",
    );
    expect(channelMinutes).to.include(
      "SUM(CASE WHEN event_type = 'click' THEN 1 ELSE 0 END) AS clicks",
    );
    expect(channelMinutes).to.include("GROUP BY window_start, window_end, channel");
    expect(insertChannels).to.include(
      "CASE WHEN impressions = 0 THEN CAST(NULL AS DOUBLE) ELSE CAST(clicks AS DOUBLE) / impressions END",
    );
  });

  it("writes the view's key design: CHANNEL#/WINDOW#<ISO minute> rows and TRENDING rows ranked by clicks over 5 sliding minutes", () => {
    const statements = renderedStatements();
    const [insertChannels, insertTrending] = statements.slice(8);
    expect(insertChannels).to.include("'CHANNEL#' || channel");
    expect(insertChannels).to.include(
      "'WINDOW#' || DATE_FORMAT(window_start, 'yyyy-MM-dd''T''HH:mm''Z''')",
    );
    expect(statements[5]).to.include(
      "FROM TABLE(HOP(TABLE unique_clicks, DESCRIPTOR(minute_time), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))",
    );
    expect(insertTrending).to.include(
      "'WINDOW#' || DATE_FORMAT(window_end, 'yyyy-MM-dd''T''HH:mm''Z''') || '#RANK#' || LPAD(CAST(item_rank AS STRING), 3, '0')",
    );
    expect(insertTrending).to.include(
      "PARTITION BY window_start, window_end ORDER BY clicks DESC, item_id ASC",
    );
    // The sink columns are the attributes the serving read and the Lambda engine use.
    const columns = (ddl: string) =>
      [...ddl.matchAll(/^\s+`?(\w+)`? (?:STRING|INT|BIGINT|DOUBLE),?$/gm)].map((m) => m[1]);
    expect(columns(statements[6])).to.deep.equal([
      "pk",
      "sk",
      "minute",
      "channel",
      "window_start",
      "window_end",
      "impressions",
      "clicks",
      "ctr",
      "engine",
      "expires_at",
    ]);
    expect(columns(statements[7])).to.deep.equal([
      "pk",
      "sk",
      "item_id",
      "clicks",
      "rank",
      "window_start",
      "window_end",
      "engine",
      "expires_at",
    ]);
  });

  it("submits one job: every DDL executed, both INSERTs in one statement set, idle sources released", () => {
    const file = writeProperties(PROPS);
    // A stand-in for PyFlink's table API that records what main() asks of it.
    const calls = python(
      [
        "import json, sys, types",
        "calls = []",
        "class StatementSet:",
        "  def add_insert_sql(self, sql): calls.append(['insert', sql.split(chr(10))[0]])",
        "  def execute(self): calls.append(['execute'])",
        "class Config:",
        "  def set(self, key, value): calls.append(['config', key, value])",
        "class TableEnvironment:",
        "  @staticmethod",
        "  def create(settings): calls.append(['create', settings]); return TableEnvironment()",
        "  def get_config(self): return Config()",
        "  def execute_sql(self, sql): calls.append(['ddl', sql.split(chr(10))[0]])",
        "  def create_statement_set(self): return StatementSet()",
        "class EnvironmentSettings:",
        "  @staticmethod",
        "  def in_streaming_mode(): return 'streaming'",
        "table = types.ModuleType('pyflink.table')",
        "table.TableEnvironment = TableEnvironment",
        "table.EnvironmentSettings = EnvironmentSettings",
        "sys.modules['pyflink'] = types.ModuleType('pyflink')",
        "sys.modules['pyflink.table'] = table",
        `sys.argv = ['main.py', ${JSON.stringify(file)}]`,
        "import main",
        `main.MANIFEST_FILE = ${JSON.stringify(path.join(scratch, "absent-MANIFEST.json"))}`,
        "main.main()",
        "print(json.dumps(calls))",
      ].join("\n"),
    );
    expect(calls).to.deep.equal([
      ["create", "streaming"],
      ["config", "table.exec.source.idle-timeout", "60 s"],
      ["ddl", "CREATE TABLE behaviour_events ("],
      ["ddl", "CREATE TEMPORARY VIEW kpi_events AS"],
      ["ddl", "CREATE TEMPORARY VIEW unique_events AS"],
      ["ddl", "CREATE TEMPORARY VIEW channel_minutes AS"],
      ["ddl", "CREATE TEMPORARY VIEW unique_clicks AS"],
      ["ddl", "CREATE TEMPORARY VIEW item_clicks_5m AS"],
      ["ddl", "CREATE TABLE view_channel_windows ("],
      ["ddl", "CREATE TABLE view_trending ("],
      ["insert", "INSERT INTO view_channel_windows"],
      ["insert", "INSERT INTO view_trending"],
      ["execute"],
    ]);
  });

  it("refuses properties that are missing, not numbers, or would break out of a SQL literal", () => {
    const file = writeProperties({
      ...PROPS,
      table_name: "",
      top_n: "ten",
      region: "us-east-1' --",
    });
    const result = spawnSync(
      "python3",
      [
        "-c",
        `import main\ntry:\n  main.load_properties(${JSON.stringify(file)})\nexcept ValueError as e:\n  print(e)`,
      ],
      { cwd: FLINK_DIR, env, encoding: "utf8" },
    );
    expect(result.stdout.trim()).to.equal(
      "property group 'RealtimeView': table_name is missing; top_n must be a non-negative integer, got 'ten'; region must not contain a quote",
    );
  });

  it("refuses to start from an artifact packaged without connector JARs", () => {
    const manifest = path.join(scratch, "MANIFEST.json");
    fs.writeFileSync(manifest, JSON.stringify({ connectorJars: "skipped", connectors: [] }));
    const result = spawnSync(
      "python3",
      ["-c", `import main\nmain.check_artifact(${JSON.stringify(manifest)})`],
      {
        cwd: FLINK_DIR,
        env,
        encoding: "utf8",
      },
    );
    expect(result.status).to.equal(1);
    expect(result.stderr).to.include(
      "RuntimeError: this artifact was packaged with --skip-jars and has no Kinesis/DynamoDB connectors; run `npm run flink:package` where Maven Central is reachable and deploy again",
    );
  });
});

describe("realtime Flink packaging", () => {
  it("exits 2 naming the unreachable repository, and writes no zip, when the JARs cannot be fetched", () => {
    const out = path.join(scratch, "unreachable.zip");
    // Port 9 on loopback refuses at once: the same failure as a Maven Central out of reach.
    const result = spawnSync(
      "python3",
      ["package.py", "--repository", "http://127.0.0.1:9", "--out", out],
      { cwd: FLINK_DIR, env, encoding: "utf8" },
    );
    expect(result.status).to.equal(2);
    expect(result.stderr).to.match(
      /^flink:package failed: cannot reach http:\/\/127\.0\.0\.1:9\/org\/apache\/flink\/flink-sql-connector-aws-kinesis-streams\/6\.0\.0-2\.0\/flink-sql-connector-aws-kinesis-streams-6\.0\.0-2\.0\.jar \(.+\)\. Maven Central must be reachable to fetch the connector JARs; run where it is, or pass --skip-jars for a code-only artifact \(enough for an offline plan, not for a deployment that runs\)\n$/,
    );
    expect(fs.existsSync(out)).to.equal(false);
  });

  it("--skip-jars writes a byte-identical code-only zip, says so, and marks it in the manifest", () => {
    const out = path.join(scratch, "a.zip");
    const run = () =>
      spawnSync("python3", ["package.py", "--skip-jars", "--out", out], {
        cwd: FLINK_DIR,
        env,
        encoding: "utf8",
      });
    const first = run();
    expect(first.status).to.equal(0);
    expect(first.stdout).to.include(
      "--skip-jars: packaging without connector JARs; the job will refuse to start from this zip.",
    );
    const bytes = fs.readFileSync(out);
    run();
    expect(fs.readFileSync(out).equals(bytes)).to.equal(true);
    const listing = python(
      `import json, zipfile; z = zipfile.ZipFile(${JSON.stringify(out)}); print(json.dumps([z.namelist(), json.loads(z.read("MANIFEST.json"))]))`,
    );
    expect(listing).to.deep.equal([
      ["main.py", "realtime_kpis.sql", "MANIFEST.json"],
      { connectorJars: "skipped", connectors: [] },
    ]);
  });

  it("merges connector JARs like maven-shade: services concatenated, signatures dropped, first copy kept", () => {
    const a = path.join(scratch, "a.jar");
    const b = path.join(scratch, "b.jar");
    const merged = path.join(scratch, "merged.jar");
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

  it("verifies a JAR against Maven Central's published digest and a pinned one, naming both on a mismatch", () => {
    const result = python(`
import hashlib, json, package
jar = b"jar bytes"
sha1 = hashlib.sha1(jar).hexdigest()
sha512 = hashlib.sha512(jar).hexdigest()
out = [package.verify("x.jar", jar, sha1 + "  x.jar\\n", "sha1", "") == sha512]
for published, pinned in (("0" * 40, ""), (sha1, "f" * 128)):
    try:
        package.verify("x.jar", jar, published, "sha1", pinned)
    except package.PackagingError as e:
        out.append(str(e).replace(sha1, "<sha1>").replace(sha512, "<sha512>"))
print(json.dumps(out))
`);
    expect(result).to.deep.equal([
      true,
      `x.jar: sha1 <sha1> does not match the published ${"0".repeat(40)}`,
      `x.jar: sha512 <sha512> does not match the pinned ${"f".repeat(128)}`,
    ]);
  });

  it("builds Maven Central URLs for the pinned connector versions", () => {
    const urls = python(
      "import json, package; c = json.load(open('connectors.json')); print(json.dumps([package.artifact_url(c['repository'], a) for a in c['artifacts']]))",
    );
    expect(urls).to.deep.equal([
      "https://repo1.maven.org/maven2/org/apache/flink/flink-sql-connector-aws-kinesis-streams/6.0.0-2.0/flink-sql-connector-aws-kinesis-streams-6.0.0-2.0.jar",
      "https://repo1.maven.org/maven2/org/apache/flink/flink-sql-connector-dynamodb/6.0.0-2.0/flink-sql-connector-dynamodb-6.0.0-2.0.jar",
    ]);
  });
});
