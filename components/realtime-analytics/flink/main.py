"""Real-time KPIs of the behaviour log on Managed Service for Apache Flink (PyFlink + Flink SQL).

The job is the SQL in realtime_kpis.sql; this file only fills its placeholders from the
application's runtime properties and submits it as one statement set (one Flink job with both
sinks). Pure helpers (property loading, SQL rendering) import nothing from PyFlink so that they
can be tested without a Flink installation.
"""

import json
import os
import re
import string
import sys

# Where Managed Service for Apache Flink puts the application's property groups.
APPLICATION_PROPERTIES = "/etc/flink/application_properties.json"
PROPERTY_GROUP = "RealtimeView"
REQUIRED = ("stream_arn", "region", "table_name", "lateness_seconds", "retention_seconds", "top_n")
NUMERIC = ("lateness_seconds", "retention_seconds", "top_n")
HERE = os.path.dirname(os.path.abspath(__file__))
SQL_FILE = os.path.join(HERE, "realtime_kpis.sql")
MANIFEST_FILE = os.path.join(HERE, "MANIFEST.json")
# The watermark is assigned after the source, per source subtask. A subtask that reads no records
# (more subtasks than shards, or a quiet shard) would hold every downstream watermark, and so every
# window, back for ever; after this long without records it stops counting. A minute matches the
# window: a quiet source delays results by at most one more window.
TABLE_OPTIONS = {"table.exec.source.idle-timeout": "60 s"}


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


def main():
    check_artifact()
    # Imported here so the helpers above stay testable without PyFlink.
    from pyflink.table import EnvironmentSettings, TableEnvironment

    props_path = sys.argv[1] if len(sys.argv) > 1 else APPLICATION_PROPERTIES
    props = load_properties(props_path)
    with open(SQL_FILE, encoding="utf-8") as handle:
        statements = render_statements(handle.read(), props)

    table_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    for key, value in TABLE_OPTIONS.items():
        table_env.get_config().set(key, value)
    inserts = table_env.create_statement_set()
    for statement in statements:
        if statement.upper().startswith("INSERT"):
            inserts.add_insert_sql(statement)
        else:
            table_env.execute_sql(statement)
    # One job for both sinks, so they share the source read and the dedupe state.
    inserts.execute()


if __name__ == "__main__":
    main()
