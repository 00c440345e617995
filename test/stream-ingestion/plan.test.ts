/**
 * The behaviour-log path as the real program plans it for prod: the stack's own config, every
 * component composed by index.ts, the plan JSON a reviewer reads. Each assertion follows one wire
 * from Firehose to the resource it must reach, so a rename or a lost input breaks it.
 */
import { expect } from "chai";
import type { PlanResource, PlanResult } from "../../offline/plan";
import { shippedPlan } from "../offline/plans";
import { FIREHOSE_ERROR_OUTPUT_TYPES } from "../../components/data-lake";
import { GIB } from "../../components/shared/workload";

const ACCOUNT = "123456789012";
const REGION = "ap-northeast-2";

describe("stream ingestion: the prod offline plan", () => {
  let plan: PlanResult;
  before(async function () {
    // The whole program under mocks: seconds, not minutes, but above mocha's default.
    this.timeout(120_000);
    plan = await shippedPlan("prod");
  });

  const one = (type: string, name: string): PlanResource => {
    const found = plan.resources.filter((r) => r.type === type && r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
  };
  const firehose = () =>
    one("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "prod-ingest-delivery");
  const s3Config = () => firehose().inputs.extendedS3Configuration as Record<string, any>;
  const bucket = (role: string) => one("aws:s3/bucket:Bucket", `prod-lake-${role}`);
  const table = (role: string) => one("aws:glue/catalogTable:CatalogTable", `prod-lake-${role}`);

  it("reads the stream the plan creates and writes the lake's events bucket with the lake key", () => {
    const stream = one("aws:kinesis/stream:Stream", "prod-ingest-stream");
    expect(firehose().inputs.kinesisSourceConfiguration).to.deep.equal({
      kinesisStreamArn: plan.outputs.streamArn,
      roleArn: s3Config().roleArn,
    });
    expect(plan.outputs.streamName).to.match(/^prod-ingest-stream-[0-9a-f]{7}$/);
    expect(stream.inputs).to.deep.include({ encryptionType: "KMS", retentionPeriod: 168 });
    expect(s3Config().bucketArn).to.equal(`arn:aws:s3:::${plan.outputs.lakeBucket}`);
    expect(plan.outputs.lakeBucket).to.match(/^prod-lake-events-[0-9a-f]{7}$/);
    expect(bucket("events").protect).to.equal(true);
    const lakeKey = one(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "prod-lake-events-encryption",
    ).inputs.rules as any[];
    expect(s3Config().kmsKeyArn).to.equal(
      lakeKey[0].applyServerSideEncryptionByDefault.kmsMasterKeyId,
    );
  });

  it("converts JSON to Snappy Parquet with the schema of the lake's events Glue table", () => {
    const events = table("events-table");
    const database = one("aws:glue/catalogDatabase:CatalogDatabase", "prod-lake-database");
    expect(s3Config().dataFormatConversionConfiguration).to.deep.equal({
      enabled: true,
      inputFormatConfiguration: {
        deserializer: { hiveJsonSerDe: { timestampFormats: ["yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"] } },
      },
      outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
      schemaConfiguration: {
        databaseName: database.inputs.name,
        tableName: events.inputs.name,
        roleArn: s3Config().roleArn,
        region: REGION,
        versionId: "LATEST",
      },
    });
    expect([database.inputs.name, events.inputs.name]).to.deep.equal(["prod_lake_prod", "events"]);
    expect(events.inputs.databaseName).to.equal(database.inputs.name);
    expect((events.inputs.storageDescriptor as any).location).to.equal(
      `s3://${plan.outputs.lakeBucket}/events/`,
    );
    // The role Firehose converts with may read exactly that table's schema.
    const policy = JSON.parse(
      one("aws:iam/rolePolicy:RolePolicy", "prod-ingest-delivery-policy").inputs.policy as string,
    );
    const schema = policy.Statement.find((s: any) => s.Sid === "ReadEventsSchema");
    expect(schema.Resource).to.deep.equal([
      `arn:aws:glue:${REGION}:${ACCOUNT}:catalog`,
      `arn:aws:glue:${REGION}:${ACCOUNT}:database/prod_lake_prod`,
      `arn:aws:glue:${REGION}:${ACCOUNT}:table/prod_lake_prod/events`,
    ]);
  });

  it("partitions events by the transform's dt and sends failures to failed/ by error type and date", () => {
    expect(s3Config()).to.deep.include({
      prefix: "events/dt=!{partitionKeyFromLambda:dt}/",
      errorOutputPrefix: "failed/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
      bufferingSize: 86,
      bufferingInterval: 300,
    });
    const [processor] = s3Config().processingConfiguration.processors;
    expect(processor.parameters[0].parameterValue).to.match(
      new RegExp(
        `^arn:aws:lambda:${REGION}:${ACCOUNT}:function:prod-ingest-transform-[0-9a-f]{7}:\\$LATEST$`,
      ),
    );
  });

  it("catalogues every error-output type under the exact prefix Firehose writes it to", () => {
    const failed = table("failed-table").inputs;
    const params = failed.parameters as Record<string, string>;
    expect(params["projection.error_type.values"]).to.equal(FIREHOSE_ERROR_OUTPUT_TYPES.join(","));
    for (const type of FIREHOSE_ERROR_OUTPUT_TYPES) {
      const written = `s3://${plan.outputs.lakeBucket}/${(s3Config().errorOutputPrefix as string)
        .replace("!{firehose:error-output-type}", type)
        .replace("!{timestamp:yyyy-MM-dd}", "2026-11-26")}`;
      const catalogued = params["storage.location.template"]
        .replace("${error_type}", type)
        .replace("${dt}", "2026-11-26");
      expect(catalogued, type).to.equal(written);
    }
  });

  it("moves prod events through the temperature spectrum and keeps failures as long, unarchived", () => {
    const rules = one(
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "prod-lake-events-lifecycle",
    ).inputs.rules as any[];
    expect(rules.map((r) => r.id)).to.deep.equal([
      "housekeeping",
      "events-temperature",
      "failed-expiry",
      "personalize-exports-expiry",
      "personalize-imports-expiry",
    ]);
    expect(rules[1]).to.deep.equal({
      id: "events-temperature",
      status: "Enabled",
      filter: { prefix: "events/" },
      transitions: [
        { days: 30, storageClass: "STANDARD_IA" },
        { days: 90, storageClass: "GLACIER_IR" },
        { days: 180, storageClass: "DEEP_ARCHIVE" },
      ],
      expiration: { days: 730 },
    });
    expect(rules[2]).to.deep.equal({
      id: "failed-expiry",
      status: "Enabled",
      filter: { prefix: "failed/" },
      expiration: { days: 730 },
    });
    // Training exports are rebuilt every run: two weeks, not the events' 730 days.
    expect(rules[3]).to.deep.equal({
      id: "personalize-exports-expiry",
      status: "Enabled",
      filter: { prefix: "personalize/athena/" },
      expiration: { days: 14 },
    });
    expect(rules[4]).to.deep.equal({
      id: "personalize-imports-expiry",
      status: "Enabled",
      filter: { prefix: "personalize/imports/" },
      expiration: { days: 14 },
    });
  });

  it("caps every query of the lake's enforced workgroup at a quarter of prod Parquet", () => {
    const workgroup = one("aws:athena/workgroup:Workgroup", "prod-lake-workgroup");
    expect(plan.outputs.athenaWorkgroup).to.match(/^prod-lake-workgroup-[0-9a-f]{7}$/);
    expect(workgroup.inputs.configuration).to.deep.include({
      enforceWorkgroupConfiguration: true,
      bytesScannedCutoffPerQuery: 400 * GIB,
      engineVersion: { selectedEngineVersion: "Athena engine version 3" },
    });
  });
});
