"""Real-time KPIs of the behaviour log on Managed Service for Apache Flink (PyFlink + Flink SQL).

The job is the SQL in realtime_kpis.sql; this file only fills its placeholders from the
application's runtime properties and submits it as one statement set (one Flink job with both
sinks). Pure helpers (property loading, SQL rendering) import nothing from PyFlink so that they
can be tested without a Flink installation.

    python main.py [PROPERTIES_JSON] [--local-source EVENTS --local-sink FOLDER]

With --local-source/--local-sink the same statements run on a local Flink with the stream and the
view swapped for files (the Flink 2.x AWS connectors are not needed for a replay), and the job
waits for the end of the file and prints how long it took to start and to run.
"""

import argparse
import json
import os
import re
import string
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The contract with the stack (flink-engine.ts reads the same file): group ids and keys.
with open(os.path.join(HERE, "application.json"), encoding="utf-8") as _handle:
    APPLICATION = json.load(_handle)
# Where Managed Service for Apache Flink puts the application's property groups.
APPLICATION_PROPERTIES = "/etc/flink/application_properties.json"
PROPERTY_GROUP = APPLICATION["view"]["propertyGroupId"]
REQUIRED = tuple(APPLICATION["view"]["keys"])
NUMERIC = tuple(APPLICATION["view"]["numeric"])
KAFKA_GROUP = APPLICATION["kafka"]["propertyGroupId"]
KAFKA_KEYS = tuple(APPLICATION["kafka"]["keys"])
# MSK's IAM authentication as the Kafka client takes it (software.amazon.msk:aws-msk-iam-auth,
# shipped in the application's JAR with the Kafka connector).
MSK_IAM_OPTIONS = {
    "properties.security.protocol": "SASL_SSL",
    "properties.sasl.mechanism": "AWS_MSK_IAM",
    "properties.sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;",
    "properties.sasl.client.callback.handler.class": (
        "software.amazon.msk.auth.iam.IAMClientCallbackHandler"
    ),
}
SQL_FILE = os.path.join(HERE, "realtime_kpis.sql")
MANIFEST_FILE = os.path.join(HERE, "MANIFEST.json")
# The watermark is assigned after the source, per source subtask. A subtask that reads no records
# (more subtasks than shards, or a quiet shard) would hold every downstream watermark, and so every
# window, back for ever; after this long without records it stops counting. A minute matches the
# window: a quiet source delays results by at most one more window.
TABLE_OPTIONS = {"table.exec.source.idle-timeout": "60 s"}
# A local replay runs as one subtask that emits a watermark on every advance, so lateness is
# decided record by record in arrival order, as the Lambda engine decides it. (Managed Flink emits
# every 200 ms, which can accept an event up to that much later.)
LOCAL_TABLE_OPTIONS = {"parallelism.default": "1", "pipeline.auto-watermark-interval": "0 ms"}
# Format options carry over to the local substitute: the same JSON parsing as on the stream.
FORMAT_OPTION = re.compile(r"^(format|json\.)")


def load_properties(path=APPLICATION_PROPERTIES, group=PROPERTY_GROUP):
    """Returns the property map of `group`, checking that every placeholder has a sane value."""
    with open(path, encoding="utf-8") as handle:
        groups = json.load(handle)
    found = next((g for g in groups if g.get("PropertyGroupId") == group), None)
    if found is None:
        raise ValueError(f"property group {group!r} is missing from {path}")
    props = dict(found.get("PropertyMap", {}))
    problems = [f"{key} is missing" for key in REQUIRED if not props.get(key)]
    problems += [
        f"{key} must be a non-negative integer, got {props[key]!r}"
        for key in NUMERIC
        if props.get(key) and not str(props[key]).isdigit()
    ]
    # Values land inside SQL string literals: a quote would change the statement.
    problems += [f"{key} must not contain a quote" for key, value in props.items() if "'" in str(value)]
    if problems:
        raise ValueError(f"property group {group!r}: " + "; ".join(problems))
    return props


def render_statements(sql_text, props):
    """Fills ${placeholders} and splits the script into statements (comments dropped)."""
    without_comments = "\n".join(
        line for line in sql_text.splitlines() if not line.lstrip().startswith("--")
    )
    rendered = string.Template(without_comments).substitute(props)
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", rendered) if s.strip()]


def load_kafka_properties(path=APPLICATION_PROPERTIES, group=KAFKA_GROUP):
    """The MSK topic to read besides the stream, or None when the application has no such group."""
    with open(path, encoding="utf-8") as handle:
        groups = json.load(handle)
    found = next((g for g in groups if g.get("PropertyGroupId") == group), None)
    if found is None:
        return None
    props = dict(found.get("PropertyMap", {}))
    problems = [f"{key} is missing" for key in KAFKA_KEYS if not props.get(key)]
    problems += [f"{key} must not contain a quote" for key, value in props.items() if "'" in str(value)]
    if problems:
        raise ValueError(f"property group {group!r}: " + "; ".join(problems))
    return props


def kafka_source_options(kafka, formats):
    """The Kafka connector's options for the MSK topic: IAM over TLS, the job's consumer group.

    A first start reads from the latest offset, like the stream's source; a restart resumes from
    the checkpoint, and without one from the group's committed offsets.
    """
    return {
        "connector": "kafka",
        "topic": kafka["topic"],
        "properties.bootstrap.servers": kafka["bootstrap_servers"],
        "properties.group.id": kafka["group_id"],
        **MSK_IAM_OPTIONS,
        "scan.startup.mode": "group-offsets",
        "properties.auto.offset.reset": "latest",
        **formats,
    }


def with_kafka_source(statements, kafka):
    """The statements with `behaviour_events` read from both the stream and the MSK topic.

    With the MSK store, producers write to the topic while the recommendation API still logs its
    impressions to the stream: the source table becomes two tables of the same columns, computed
    column and watermark, and `behaviour_events` a view of their union, so every query below it is
    unchanged. The union keeps the event-time attribute: both inputs carry it.
    """
    out = []
    for statement in statements:
        if not re.match(r"CREATE TABLE behaviour_events\b", statement):
            out.append(statement)
            continue
        formats = {k: v for k, v in table_options(statement).items() if FORMAT_OPTION.match(k)}
        stream = statement.replace("CREATE TABLE behaviour_events", "CREATE TABLE behaviour_events_stream", 1)
        topic = re.sub(
            r"WITH \(.*\)\s*$",
            lambda _: with_clause(kafka_source_options(kafka, formats)),
            statement.replace("CREATE TABLE behaviour_events", "CREATE TABLE behaviour_events_topic", 1),
            flags=re.S,
        )
        out += [
            stream,
            topic,
            "CREATE TEMPORARY VIEW behaviour_events AS\n"
            "SELECT * FROM behaviour_events_stream\nUNION ALL\nSELECT * FROM behaviour_events_topic",
        ]
    return out


def check_artifact(manifest_path=MANIFEST_FILE):
    """Fails fast, with the fix, when the artifact was packaged without the connector JARs."""
    if not os.path.exists(manifest_path):
        return
    with open(manifest_path, encoding="utf-8") as handle:
        manifest = json.load(handle)
    if manifest.get("connectorJars") != "included":
        raise RuntimeError(
            "this artifact was packaged with --skip-jars and has no Kinesis/DynamoDB connectors; "
            "run `npm run flink:package` where Maven Central is reachable and deploy again"
        )


def table_options(statement):
    """The WITH options of a CREATE TABLE statement, in order."""
    clause = re.search(r"\bWITH \((.*)\)\s*$", statement, re.S)
    return dict(re.findall(r"'([^']+)'\s*=\s*'([^']*)'", clause.group(1))) if clause else {}


def with_clause(options):
    return "WITH (\n" + ",\n".join(f"  '{k}' = '{v}'" for k, v in options.items()) + "\n)"


def topic_path(source_path):
    """Where a replay reads the MSK topic's records: `<source>.topic<ext>` beside the stream's."""
    root, ext = os.path.splitext(source_path)
    return f"{root}.topic{ext}"


def local_statements(statements, source_path, sink_dir):
    """The same statements with the stream and the view swapped for files.

    Every table keeps its columns, computed column and watermark; the source keeps its format
    options. The source reads newline-delimited records from `source_path` in file order; each
    sink writes JSON lines under `sink_dir/<table>`. With the MSK topic as a second source, its
    table reads `topic_path(source_path)`. PARTITIONED BY is dropped from the sinks: it
    only tells the DynamoDB connector which key to de-duplicate a batch on, and would make the file
    sink split rows into directories.
    """
    out = []
    for statement in statements:
        created = re.match(r"CREATE TABLE (\w+)", statement)
        if created:
            name = created.group(1)
            formats = {k: v for k, v in table_options(statement).items() if FORMAT_OPTION.match(k)}
            if name in ("behaviour_events", "behaviour_events_stream"):
                options = {"connector": "filesystem", "path": source_path, **formats}
            elif name == "behaviour_events_topic":
                options = {"connector": "filesystem", "path": topic_path(source_path), **formats}
            else:
                path = os.path.join(sink_dir, name)
                options = {"connector": "filesystem", "path": path, "format": "json"}
            statement = re.sub(
                r"\)\s*(?:PARTITIONED BY \([^)]*\)\s*)?WITH \(.*\)\s*$",
                lambda _: ") " + with_clause(options),
                statement,
                flags=re.S,
            )
        out.append(statement)
    return out


def parse_args(argv):
    parser = argparse.ArgumentParser(description="The real-time KPI job (Flink SQL).")
    parser.add_argument("properties", nargs="?", default=APPLICATION_PROPERTIES)
    parser.add_argument("--local-source", help="replay: read the events from this file")
    parser.add_argument("--local-sink", help="replay: write the view's rows under this folder")
    args = parser.parse_args(argv)
    if (args.local_source is None) != (args.local_sink is None):
        parser.error("--local-source and --local-sink go together")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    local = args.local_source is not None
    started = time.monotonic()
    if not local:
        check_artifact()
    # Imported here so the helpers above stay testable without PyFlink.
    from pyflink.table import EnvironmentSettings, TableEnvironment

    props = load_properties(args.properties)
    with open(SQL_FILE, encoding="utf-8") as handle:
        statements = render_statements(handle.read(), props)
    kafka = load_kafka_properties(args.properties)
    if kafka is not None:
        statements = with_kafka_source(statements, kafka)
    if local:
        statements = local_statements(statements, args.local_source, args.local_sink)

    table_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    options = {**TABLE_OPTIONS, **(LOCAL_TABLE_OPTIONS if local else {})}
    for key, value in options.items():
        table_env.get_config().set(key, value)
    inserts = table_env.create_statement_set()
    for statement in statements:
        if statement.upper().startswith("INSERT"):
            inserts.add_insert_sql(statement)
        else:
            table_env.execute_sql(statement)
    # One job for both sinks, so they share the source read and the dedupe state.
    result = inserts.execute()
    if local:
        # Managed Flink keeps the job running after main() returns; a replay waits for its end.
        submitted = time.monotonic()
        result.wait()
        timing = {"startSeconds": submitted - started, "runSeconds": time.monotonic() - submitted}
        print(json.dumps(timing), flush=True)


if __name__ == "__main__":
    main()
