/**
 * The Flink job with the MSK store: main.py reads the topic besides the stream, through the Kafka
 * connector with MSK's IAM login module, and unions both into `behaviour_events` so every query
 * below the source is unchanged.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { APPLICATION, python, scratch } from "./flink-local";

const VIEW = {
  PropertyGroupId: APPLICATION.view.propertyGroupId,
  PropertyMap: {
    stream_arn: "arn:aws:kinesis:ap-northeast-2:123456789012:stream/events",
    region: "ap-northeast-2",
    table_name: "view",
    lateness_seconds: "30",
    retention_seconds: "172800",
    top_n: "20",
  },
};
const KAFKA = {
  PropertyGroupId: APPLICATION.kafka.propertyGroupId,
  PropertyMap: {
    bootstrap_servers: "boot-abc.c1.kafka-serverless.ap-northeast-2.amazonaws.com:9098",
    topic: "behaviour-events",
    group_id: "reco-realtime-kpis",
  },
};

function propertiesFile(groups: object[]): string {
  const file = path.join(scratch, `props-${groups.length}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(groups));
  return file;
}

const render = (file: string) =>
  python(
    `import json, main
props = main.load_properties(${JSON.stringify(file)})
kafka = main.load_kafka_properties(${JSON.stringify(file)})
s = main.render_statements(open(main.SQL_FILE).read(), props)
print(json.dumps({"kafka": kafka, "statements": main.with_kafka_source(s, kafka) if kafka else s}))`,
  );

describe("realtime: the Flink job reading the MSK topic", () => {
  it("reads the stream alone when the application has no Kafka property group", () => {
    const { kafka, statements } = render(propertiesFile([VIEW]));
    expect(kafka).to.equal(null);
    expect(
      statements.filter((s: string) => s.startsWith("CREATE TABLE behaviour_events")),
    ).to.have.length(1);
  });

  it("unions the stream and the topic, the topic read with IAM over TLS from its group's offsets", () => {
    const { statements } = render(propertiesFile([VIEW, KAFKA]));
    const [stream, topic, view] = statements.slice(0, 3);
    expect(stream).to.match(/^CREATE TABLE behaviour_events_stream \(/);
    expect(stream).to.include("'connector' = 'kinesis'");
    expect(topic).to.match(/^CREATE TABLE behaviour_events_topic \(/);
    const options = python(
      `import json, main; print(json.dumps(main.table_options(${JSON.stringify(topic)})))`,
    );
    expect(options).to.deep.equal({
      connector: "kafka",
      topic: "behaviour-events",
      "properties.bootstrap.servers": KAFKA.PropertyMap.bootstrap_servers,
      "properties.group.id": "reco-realtime-kpis",
      "properties.security.protocol": "SASL_SSL",
      "properties.sasl.mechanism": "AWS_MSK_IAM",
      "properties.sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;",
      "properties.sasl.client.callback.handler.class":
        "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
      "scan.startup.mode": "group-offsets",
      "properties.auto.offset.reset": "latest",
      format: "json",
      "json.ignore-parse-errors": "true",
      "json.fail-on-missing-field": "false",
    });
    // Same columns, computed column and watermark as the stream's table.
    const body = (s: string) => s.slice(s.indexOf("("), s.lastIndexOf(") WITH") + 1);
    expect(body(topic)).to.equal(body(stream));
    expect(topic).to.include("WATERMARK FOR ts AS ts - INTERVAL '30' SECOND");
    expect(view).to.equal(
      "CREATE TEMPORARY VIEW behaviour_events AS\nSELECT * FROM behaviour_events_stream\nUNION ALL\nSELECT * FROM behaviour_events_topic",
    );
  });

  it("names a Kafka property group's missing keys and quotes", () => {
    const file = propertiesFile([
      VIEW,
      { ...KAFKA, PropertyMap: { topic: "it's", bootstrap_servers: "" } },
    ]);
    const message = python(
      `import json, main
try:
  main.load_kafka_properties(${JSON.stringify(file)})
except ValueError as e:
  print(json.dumps(str(e)))`,
    );
    expect(message).to.equal(
      "property group 'KafkaSource': bootstrap_servers is missing; group_id is missing; topic must not contain a quote",
    );
  });

  it("replays the topic from its own file beside the stream's", () => {
    const { statements } = render(propertiesFile([VIEW, KAFKA]));
    const local = python(
      `import json, main; print(json.dumps(main.local_statements(${JSON.stringify(statements)}, "/in/events.jsonl", "/out")))`,
    );
    const paths = local
      .filter((s: string) => s.startsWith("CREATE TABLE behaviour_events"))
      .map((s: string) => /'path' = '([^']+)'/.exec(s)![1]);
    expect(paths).to.deep.equal(["/in/events.jsonl", "/in/events.topic.jsonl"]);
  });
});
