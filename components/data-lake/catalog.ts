/**
 * The lake's Glue Data Catalog: database, events table with partition projection (no crawler and
 * no MSCK REPAIR: Athena computes the `dt` partitions from the table's properties), the failed
 * records table, and the users/items catalogues the Personalize pipeline imports.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { catalogueGlueColumns, CATALOGUES } from "../../events/catalogue";
import { GLUE_COLUMNS, GlueColumn, PARTITION_KEYS } from "../../events/glue";
import { LAKE_PREFIXES } from "../shared/contracts";
import { PARQUET_STORAGE } from "../shared/glue-parquet";
import { statefulOpts } from "../shared/logs";

type Column = Pick<GlueColumn, "name" | "type" | "comment">;

const TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
const TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat";

/** First day the lake can hold; projection enumerates `dt` from here to today. */
export const PROJECTION_START_DATE = "2024-01-01";

/** Prefixes of the Personalize catalogues (CSV with a header row) under `personalize/`. */
export const CATALOGUE_PREFIXES = {
  users: `${LAKE_PREFIXES.personalize}users/`,
  items: `${LAKE_PREFIXES.personalize}items/`,
} as const;

/** Users catalogue: one row per user, the metadata Personalize's Users dataset imports. */
export const USERS_COLUMNS: readonly Column[] = catalogueGlueColumns("users");

/** Items catalogue: one row per item, the metadata Personalize's Items dataset imports. */
export const ITEMS_COLUMNS: readonly Column[] = catalogueGlueColumns("items");

/**
 * Firehose's error documents, one JSON object per failed record, for every error-output type
 * (processing, format conversion and dynamic partitioning failures share these keys; each fills
 * the ones it has). Lower-cased because the OpenX JSON SerDe matches keys case-insensitively, so
 * `errorCode` and `ErrorCode` both land in `errorcode`. `rawdata` is the original record, base64.
 */
export const FAILED_COLUMNS: readonly Column[] = [
  { name: "attemptsmade", type: "bigint", comment: "Delivery attempts before giving up" },
  { name: "arrivaltimestamp", type: "bigint", comment: "Epoch millis the record reached Firehose" },
  { name: "errorcode", type: "string", comment: "Error code (processing and conversion failures)" },
  { name: "errormessage", type: "string", comment: "Error message" },
  { name: "lasterrorcode", type: "string", comment: "Error code, older conversion error format" },
  { name: "lasterrormessage", type: "string", comment: "Error message, older format" },
  { name: "attemptendingtimestamp", type: "bigint", comment: "Epoch millis of the last attempt" },
  { name: "rawdata", type: "string", comment: "The original record, base64-encoded" },
  { name: "sequencenumber", type: "string", comment: "Kinesis sequence number of the record" },
  { name: "subsequencenumber", type: "bigint", comment: "Kinesis subsequence number" },
  { name: "lambdaarn", type: "string", comment: "Transform function that rejected the record" },
  {
    name: "datacatalogtable",
    type: "struct<catalogid:string,databasename:string,tablename:string,region:string,versionid:string,catalogarn:string>",
    comment: "Glue table the conversion used",
  },
];

/**
 * Values `!{firehose:error-output-type}` takes for an S3 destination: the first folder under
 * `failed/`. The transform Lambda's ProcessingFailed records land in processing-failed; records the
 * Parquet conversion cannot deserialise in format-conversion-failed; records whose `dt` partition
 * key cannot be extracted (JQ on a non-JSON record, or more than 500 active partitions) in
 * partitioning-failed. The other types Firehose knows (elasticsearch-failed, splunk-failed,
 * http-endpoint-failed…) belong to other destinations and never occur here.
 */
export const FIREHOSE_ERROR_OUTPUT_TYPES = [
  "processing-failed",
  "format-conversion-failed",
  "partitioning-failed",
] as const;

/** Table properties that make Athena compute `dt` partitions instead of reading them from Glue. */
export function dateProjection(
  location: pulumi.Input<string>,
): pulumi.Output<Record<string, string>> {
  return pulumi.output(location).apply((loc): Record<string, string> => ({
    "projection.enabled": "true",
    "projection.dt.type": "date",
    "projection.dt.format": "yyyy-MM-dd",
    "projection.dt.range": `${PROJECTION_START_DATE},NOW`,
    "projection.dt.interval": "1",
    "projection.dt.interval.unit": "DAYS",
    "storage.location.template": `${loc}dt=\${dt}/`,
  }));
}

export interface LakeCatalogArgs {
  /** Glue database name: lower-case letters, digits, underscores. */
  readonly databaseName: string;
  readonly bucketName: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly protect: boolean;
  readonly catalogEncryption: boolean;
}

export interface LakeCatalog {
  readonly database: aws.glue.CatalogDatabase;
  readonly eventsTable: aws.glue.CatalogTable;
  readonly failedTable: aws.glue.CatalogTable;
  readonly usersTable: aws.glue.CatalogTable;
  readonly itemsTable: aws.glue.CatalogTable;
}

const glueColumns = (columns: readonly Column[]) =>
  columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment }));

/** Glue names allow lower-case letters, digits and underscores only. */
export function glueName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

export function createLakeCatalog(
  name: string,
  args: LakeCatalogArgs,
  parent: pulumi.Resource,
): LakeCatalog {
  const opts = { parent };
  // Dropping a table loses its schema and partition settings: kept in a protected tier.
  const tableOpts = statefulOpts(parent, args.protect);
  const s3 = (prefix: string) => pulumi.interpolate`s3://${args.bucketName}/${prefix}`;

  if (args.catalogEncryption) {
    new aws.glue.DataCatalogEncryptionSettings(
      `${name}-catalog-encryption`,
      {
        dataCatalogEncryptionSettings: {
          encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: args.kmsKeyArn },
          connectionPasswordEncryption: {
            returnConnectionPasswordEncrypted: true,
            awsKmsKeyId: args.kmsKeyArn,
          },
        },
      },
      opts,
    );
  }

  const database = new aws.glue.CatalogDatabase(
    `${name}-database`,
    {
      name: args.databaseName,
      description: "Behaviour-log lake: events, failed records and Personalize catalogues",
      locationUri: s3(""),
    },
    { parent, protect: args.protect, retainOnDelete: args.protect },
  );

  const eventsLocation = s3(LAKE_PREFIXES.events);
  const eventsTable = new aws.glue.CatalogTable(
    `${name}-events-table`,
    {
      databaseName: database.name,
      name: "events",
      description: "Behaviour-log events as Parquet, partitioned by UTC date (dt)",
      tableType: "EXTERNAL_TABLE",
      parameters: dateProjection(eventsLocation).apply((p) => ({
        ...p,
        classification: "parquet",
        "parquet.compression": "SNAPPY",
        EXTERNAL: "TRUE",
      })),
      partitionKeys: glueColumns(PARTITION_KEYS),
      storageDescriptor: {
        location: eventsLocation,
        columns: glueColumns(GLUE_COLUMNS),
        ...PARQUET_STORAGE,
      },
    },
    tableOpts,
  );

  const failedLocation = s3(LAKE_PREFIXES.failed);
  const failedTable = new aws.glue.CatalogTable(
    `${name}-failed-table`,
    {
      databaseName: database.name,
      name: "failed_records",
      description:
        "Records the transform rejected or Firehose could not convert or partition, by error type and date",
      tableType: "EXTERNAL_TABLE",
      parameters: failedLocation.apply((loc) => ({
        classification: "json",
        EXTERNAL: "TRUE",
        "projection.enabled": "true",
        "projection.error_type.type": "enum",
        "projection.error_type.values": FIREHOSE_ERROR_OUTPUT_TYPES.join(","),
        "projection.dt.type": "date",
        "projection.dt.format": "yyyy-MM-dd",
        "projection.dt.range": `${PROJECTION_START_DATE},NOW`,
        "projection.dt.interval": "1",
        "projection.dt.interval.unit": "DAYS",
        "storage.location.template": `${loc}\${error_type}/dt=\${dt}/`,
      })),
      partitionKeys: [
        { name: "error_type", type: "string", comment: "Firehose error-output-type" },
        { name: "dt", type: "string", comment: "UTC date the record failed, YYYY-MM-DD" },
      ],
      storageDescriptor: {
        location: failedLocation,
        columns: glueColumns(FAILED_COLUMNS),
        inputFormat: TEXT_INPUT,
        outputFormat: TEXT_OUTPUT,
        serDeInfo: {
          serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
          // A malformed error document must not make the whole table unreadable.
          parameters: { "ignore.malformed.json": "true", "case.insensitive": "true" },
        },
      },
    },
    tableOpts,
  );

  const csvTable = (role: "users" | "items", columns: readonly Column[], description: string) =>
    new aws.glue.CatalogTable(
      `${name}-${role}-table`,
      {
        databaseName: database.name,
        name: CATALOGUES[role].table,
        description,
        tableType: "EXTERNAL_TABLE",
        parameters: { classification: "csv", "skip.header.line.count": "1", EXTERNAL: "TRUE" },
        storageDescriptor: {
          location: s3(CATALOGUE_PREFIXES[role]),
          columns: glueColumns(columns),
          inputFormat: TEXT_INPUT,
          outputFormat: TEXT_OUTPUT,
          serDeInfo: {
            // OpenCSVSerde handles quoted fields (category paths contain commas).
            serializationLibrary: "org.apache.hadoop.hive.serde2.OpenCSVSerde",
            parameters: { separatorChar: ",", quoteChar: '"', escapeChar: "\\" },
          },
        },
      },
      tableOpts,
    );
  const usersTable = csvTable("users", USERS_COLUMNS, CATALOGUES.users.description);
  const itemsTable = csvTable("items", ITEMS_COLUMNS, CATALOGUES.items.description);

  return { database, eventsTable, failedTable, usersTable, itemsTable };
}
