import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { CONNECTORS_JAR, VIEW_PROPERTY_GROUP } from "../../../components/realtime-analytics";
import { FLINK_DIR, pythonEnv as env, python, scratch } from "./flink-local";

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
    const sources = ["", "local"].flatMap((dir) =>
      fs
        .readdirSync(path.join(FLINK_DIR, dir))
        .filter((f) => f.endsWith(".py"))
        .map((f) => path.join(dir, f)),
    );
    expect(sources.sort()).to.deep.equal(["local/env.py", "main.py", "package.py"]);
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

describe("realtime Flink application: the connectors' DDL and its local substitute", () => {
  const options = (statements: string[]) =>
    python(
      `import json, main; print(json.dumps([main.table_options(s) for s in ${JSON.stringify(statements)} if s.startswith("CREATE TABLE")]))`,
    );

  it("reads the stream with the Kinesis connector's options and writes the view with the DynamoDB connector's", () => {
    expect(options(renderedStatements())).to.deep.equal([
      {
        connector: "kinesis",
        "stream.arn": PROPS.stream_arn,
        "aws.region": "us-east-1",
        "source.init.position": "LATEST",
        format: "json",
        "json.ignore-parse-errors": "true",
        "json.fail-on-missing-field": "false",
      },
      { connector: "dynamodb", "table-name": "rt-view-1234567", "aws.region": "us-east-1" },
      { connector: "dynamodb", "table-name": "rt-view-1234567", "aws.region": "us-east-1" },
    ]);
  });

  it("a local replay changes only the WITH clauses: same columns and watermark, same JSON options, files instead of stream and table", () => {
    const statements = renderedStatements();
    const local: string[] = python(
      `import json, main; print(json.dumps(main.local_statements(${JSON.stringify(statements)}, "/in/events.jsonl", "/out")))`,
    );
    expect(options(local)).to.deep.equal([
      {
        connector: "filesystem",
        path: "/in/events.jsonl",
        format: "json",
        "json.ignore-parse-errors": "true",
        "json.fail-on-missing-field": "false",
      },
      { connector: "filesystem", path: "/out/view_channel_windows", format: "json" },
      { connector: "filesystem", path: "/out/view_trending", format: "json" },
    ]);
    const body = (s: string) => s.replace(/\)\s*(PARTITIONED BY \([^)]*\)\s*)?WITH \(.*$/s, ")");
    expect(local.map(body)).to.deep.equal(statements.map(body));
    expect(local.filter((s) => s.includes("PARTITIONED BY"))).to.deep.equal([]);
  });
});

describe("local Flink setup (local/env.py)", () => {
  it("refuses to install without a JVM, naming the fix, and exits 2", () => {
    // The check runs before the first install; the venv is hidden so it runs here too.
    const snippet = [
      "import os, runpy, shutil",
      "shutil.which = lambda *a, **k: None",
      "real = os.path.exists",
      "os.path.exists = lambda p: False if str(p).endswith('python') else real(p)",
      "runpy.run_path('local/env.py', run_name='__main__')",
    ].join("\n");
    const result = spawnSync("python3", ["-c", snippet], { cwd: FLINK_DIR, env, encoding: "utf8" });
    expect([result.status, result.stderr, result.stdout]).to.deep.equal([
      2,
      "local Flink setup failed: PyFlink starts a JVM and finds no `java` on PATH; install a JDK 11 or 17 (e.g. openjdk-17-jdk-headless) or set PATH to include one\n",
      "",
    ]);
  });
});
