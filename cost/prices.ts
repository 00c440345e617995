/**
 * The one price table of the cost model: public AWS list prices (on-demand, no free tier, no
 * savings plans) per region, each with its source page and the date it is believed to be from.
 *
 * These figures were written down offline, from the public pricing pages as last read (no
 * internet when the table was made), so every one carries a `confidence`: "listed" for prices
 * that have been stable and widely quoted for years, "unsure" where the regional figure is
 * recalled rather than checked. A price nobody could state is `usd: null`: the model then reports
 * the line as unknown instead of guessing. Check "unsure" entries against the page before
 * relying on them, and update `date` when you do.
 *
 * Free tiers are deliberately not applied: they belong to the account and are shared by every
 * stack in it, so a per-stack estimate that spent them would double-count.
 */

export type Confidence = "listed" | "unsure";

export interface Price {
  readonly usd: number | null;
  readonly unit: string;
  readonly source: string;
  /** Month the figure is believed to be from (YYYY-MM). */
  readonly date: string;
  readonly confidence: Confidence;
  readonly note?: string;
}

const SRC = {
  kinesis: "https://aws.amazon.com/kinesis/data-streams/pricing/",
  firehose: "https://aws.amazon.com/firehose/pricing/",
  s3: "https://aws.amazon.com/s3/pricing/",
  glue: "https://aws.amazon.com/glue/pricing/",
  athena: "https://aws.amazon.com/athena/pricing/",
  flink: "https://aws.amazon.com/managed-service-apache-flink/pricing/",
  lambda: "https://aws.amazon.com/lambda/pricing/",
  xray: "https://aws.amazon.com/xray/pricing/",
  dynamodb: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
  sfn: "https://aws.amazon.com/step-functions/pricing/",
  personalize: "https://aws.amazon.com/personalize/pricing/",
  quicksight: "https://aws.amazon.com/quicksight/pricing/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  sns: "https://aws.amazon.com/sns/pricing/",
  sqs: "https://aws.amazon.com/sqs/pricing/",
  scheduler: "https://aws.amazon.com/eventbridge/pricing/",
  ebs: "https://aws.amazon.com/ebs/pricing/",
  secretsmanager: "https://aws.amazon.com/secrets-manager/pricing/",
  ssm: "https://aws.amazon.com/systems-manager/pricing/",
  ecr: "https://aws.amazon.com/ecr/pricing/",
  apigateway: "https://aws.amazon.com/api-gateway/pricing/",
  waf: "https://aws.amazon.com/waf/pricing/",
  msk: "https://aws.amazon.com/msk/pricing/",
  vpc: "https://aws.amazon.com/privatelink/pricing/",
  nat: "https://aws.amazon.com/vpc/pricing/",
  opensearch: "https://aws.amazon.com/opensearch-service/pricing/",
} as const;

type Service = keyof typeof SRC;

/** Every price the estimators use; a region table must define each one (null = unknown). */
export const PRICE_UNITS = {
  "kinesis.shardHour": ["kinesis", "USD per shard-hour (provisioned)"],
  "kinesis.putUnitMillion": ["kinesis", "USD per million 25 KB PUT payload units"],
  "kinesis.extendedRetentionShardHour": ["kinesis", "USD per shard-hour of retention beyond 24 h"],
  "kinesis.longTermRetentionGbMonth": ["kinesis", "USD per GB-month stored beyond 7 days"],
  "kinesis.onDemandStreamHour": ["kinesis", "USD per stream-hour (on-demand)"],
  "kinesis.onDemandGbIn": ["kinesis", "USD per GB written (on-demand)"],
  "kinesis.onDemandGbOut": ["kinesis", "USD per GB read (on-demand)"],
  "kinesis.onDemandRetentionGbMonth": ["kinesis", "USD per GB-month kept 24 h-7 days (on-demand)"],
  "kinesis.efoConsumerShardHour": ["kinesis", "USD per enhanced fan-out consumer-shard-hour"],
  "kinesis.efoGbRetrieved": ["kinesis", "USD per GB retrieved by enhanced fan-out consumers"],
  "firehose.ingestGb": ["firehose", "USD per GB ingested, records rounded up to 5 KB"],
  "firehose.formatConversionGb": ["firehose", "USD per GB converted (JSON to Parquet/ORC)"],
  "firehose.dynamicPartitioningGb": ["firehose", "USD per GB processed by dynamic partitioning"],
  "firehose.dynamicPartitioningThousandObjects": [
    "firehose",
    "USD per 1,000 S3 objects delivered by dynamic partitioning",
  ],
  "msk.serverlessClusterHour": ["msk", "USD per MSK Serverless cluster-hour"],
  "msk.serverlessPartitionHour": ["msk", "USD per MSK Serverless partition-hour"],
  "msk.serverlessGbIn": ["msk", "USD per GB written to MSK Serverless"],
  "msk.serverlessGbOut": ["msk", "USD per GB read from MSK Serverless"],
  "msk.serverlessStorageGbMonth": ["msk", "USD per GB-month stored in MSK Serverless"],
  "vpc.interfaceEndpointZoneHour": ["vpc", "USD per interface VPC endpoint per zone-hour"],
  "vpc.interfaceEndpointGb": ["vpc", "USD per GB processed by an interface VPC endpoint"],
  "vpc.natGatewayHour": ["nat", "USD per NAT gateway-hour"],
  "opensearch.serverlessOcuHour": ["opensearch", "USD per OpenSearch Serverless OCU-hour"],
  "opensearch.serverlessStorageGbMonth": [
    "opensearch",
    "USD per GB-month in OpenSearch Serverless managed storage",
  ],
  "s3.standardGbMonth": ["s3", "USD per GB-month, S3 Standard (first 50 TB)"],
  "s3.standardIaGbMonth": ["s3", "USD per GB-month, S3 Standard-IA"],
  "s3.glacierIrGbMonth": ["s3", "USD per GB-month, S3 Glacier Instant Retrieval"],
  "s3.glacierGbMonth": ["s3", "USD per GB-month, S3 Glacier Flexible Retrieval"],
  "s3.deepArchiveGbMonth": ["s3", "USD per GB-month, S3 Glacier Deep Archive"],
  "s3.putThousand": ["s3", "USD per 1,000 PUT/COPY/POST/LIST requests (Standard)"],
  "s3.getThousand": ["s3", "USD per 1,000 GET/SELECT requests (Standard)"],
  "s3.transitionIaThousand": ["s3", "USD per 1,000 lifecycle transitions to Standard-IA"],
  "s3.transitionGlacierIrThousand": ["s3", "USD per 1,000 lifecycle transitions to Glacier IR"],
  "s3.transitionGlacierThousand": ["s3", "USD per 1,000 lifecycle transitions to Glacier Flexible"],
  "s3.transitionDeepArchiveThousand": ["s3", "USD per 1,000 lifecycle transitions to Deep Archive"],
  "glue.catalogHundredThousandObjects": ["glue", "USD per 100,000 catalogue objects per month"],
  "glue.catalogMillionRequests": ["glue", "USD per million catalogue requests"],
  "athena.tbScanned": ["athena", "USD per TB scanned (10 MB minimum per query)"],
  "flink.kpuHour": ["flink", "USD per KPU-hour"],
  "flink.runningStorageGbMonth": ["flink", "USD per GB-month of running application storage"],
  "lambda.millionRequests": ["lambda", "USD per million requests"],
  "lambda.arm64GbSecond": ["lambda", "USD per GB-second, arm64"],
  "lambda.x86GbSecond": ["lambda", "USD per GB-second, x86_64"],
  "lambda.provisionedX86GbSecond": [
    "lambda",
    "USD per GB-second of provisioned concurrency kept warm, x86_64",
  ],
  "lambda.provisionedArm64GbSecond": [
    "lambda",
    "USD per GB-second of provisioned concurrency kept warm, arm64",
  ],
  "xray.millionTraces": ["xray", "USD per million traces recorded"],
  "dynamodb.millionWriteUnits": ["dynamodb", "USD per million on-demand write request units"],
  "dynamodb.millionReadUnits": ["dynamodb", "USD per million on-demand read request units"],
  "dynamodb.storageGbMonth": ["dynamodb", "USD per GB-month, Standard table class"],
  "dynamodb.pitrGbMonth": ["dynamodb", "USD per GB-month of continuous backup (PITR)"],
  "dynamodb.wcuHour": ["dynamodb", "USD per provisioned write capacity unit-hour"],
  "dynamodb.rcuHour": ["dynamodb", "USD per provisioned read capacity unit-hour"],
  "sfn.thousandTransitions": ["sfn", "USD per 1,000 state transitions (Standard workflows)"],
  "personalize.trainingHour": ["personalize", "USD per training hour"],
  "personalize.ingestGb": ["personalize", "USD per GB of data ingested (imports and PutEvents)"],
  "personalize.tpsHourFirst20k": ["personalize", "USD per TPS-hour, first 20K TPS-hours a month"],
  "personalize.tpsHourNext180k": ["personalize", "USD per TPS-hour, next 180K TPS-hours"],
  "personalize.tpsHourOver200k": ["personalize", "USD per TPS-hour above 200K TPS-hours"],
  "quicksight.authorMonth": ["quicksight", "USD per author per month (Enterprise, monthly)"],
  "quicksight.readerMonth": ["quicksight", "USD per reader per month (Enterprise)"],
  "cloudwatch.dashboardMonth": ["cloudwatch", "USD per dashboard per month"],
  "cloudwatch.alarmMetricMonth": ["cloudwatch", "USD per standard-resolution alarm metric-month"],
  "cloudwatch.metricMonth": ["cloudwatch", "USD per custom (or enhanced) metric per month"],
  "cloudwatch.logsIngestGb": ["cloudwatch", "USD per GB of logs ingested (Standard class)"],
  "cloudwatch.logsStorageGbMonth": ["cloudwatch", "USD per GB-month of logs archived"],
  "kms.keyMonth": ["kms", "USD per customer managed key per month"],
  "kms.tenThousandRequests": ["kms", "USD per 10,000 symmetric requests"],
  "sns.millionPublishes": ["sns", "USD per million publishes"],
  "sqs.millionRequests": ["sqs", "USD per million requests (Standard queue)"],
  "scheduler.millionInvocations": [
    "scheduler",
    "USD per million EventBridge Scheduler invocations",
  ],
  "ebs.gp3GbMonth": ["ebs", "USD per GB-month provisioned, gp3"],
  "ebs.gp2GbMonth": ["ebs", "USD per GB-month provisioned, gp2"],
  "ebs.gp3IopsMonth": ["ebs", "USD per provisioned IOPS-month above 3,000, gp3"],
  "ebs.gp3MbpsMonth": ["ebs", "USD per provisioned MB/s-month above 125, gp3"],
  "secretsmanager.secretMonth": ["secretsmanager", "USD per secret per month"],
  "ssm.advancedParameterMonth": ["ssm", "USD per advanced parameter per month"],
  "ecr.storageGbMonth": ["ecr", "USD per GB-month of images stored"],
  "apigateway.restMillionRequests": [
    "apigateway",
    "USD per million REST API requests (first 333 million a month)",
  ],
  "waf.webAclMonth": ["waf", "USD per web ACL per month"],
  "waf.ruleMonth": ["waf", "USD per rule per web ACL per month"],
  "waf.millionRequests": ["waf", "USD per million requests inspected"],
} as const satisfies Record<string, readonly [Service, string]>;

export type PriceKey = keyof typeof PRICE_UNITS;

type Figure = number | null | readonly [number | null, Confidence, string?];

const unsure = (usd: number, note = "regional figure recalled, not checked"): Figure => [
  usd,
  "unsure",
  note,
];

/** The regions priced, in the order of the figure columns below. */
export const PRICED_REGIONS = ["us-east-1", "ap-northeast-2"] as const;

/**
 * The figures, one row per price and one column per region: us-east-1 (N. Virginia, the
 * reference region of every pricing page), then ap-northeast-2 (Seoul, where prod ships). Most
 * Seoul prices run 10-20% above N. Virginia; they are as recalled, so most are marked unsure.
 * On-demand Kinesis in Seoul could not be stated at all and is left unknown. A plain number is a
 * listed price; `[usd, confidence, note]` qualifies one.
 */
const FIGURES: Readonly<Record<PriceKey, readonly [Figure, Figure]>> = {
  "kinesis.shardHour": [0.015, unsure(0.0179)],
  "kinesis.putUnitMillion": [0.014, unsure(0.0166)],
  "kinesis.extendedRetentionShardHour": [0.02, unsure(0.0238)],
  "kinesis.longTermRetentionGbMonth": [0.023, unsure(0.0273)],
  "kinesis.onDemandStreamHour": [0.04, null],
  "kinesis.onDemandGbIn": [0.08, null],
  "kinesis.onDemandGbOut": [0.04, null],
  "kinesis.onDemandRetentionGbMonth": [
    [0.1, "unsure", "extended retention on on-demand streams"],
    null,
  ],
  "kinesis.efoConsumerShardHour": [0.015, null],
  "kinesis.efoGbRetrieved": [0.013, null],
  "firehose.ingestGb": [[0.029, "listed", "first 500 TB/month tier"], unsure(0.031)],
  "firehose.formatConversionGb": [0.018, unsure(0.02)],
  "firehose.dynamicPartitioningGb": [0.02, unsure(0.022)],
  "firehose.dynamicPartitioningThousandObjects": [0.005, unsure(0.0055)],
  "msk.serverlessClusterHour": [[0.75, "listed"], unsure(0.86)],
  "msk.serverlessPartitionHour": [[0.0015, "listed"], unsure(0.0017)],
  "msk.serverlessGbIn": [[0.1, "listed"], unsure(0.11)],
  "msk.serverlessGbOut": [[0.05, "listed"], unsure(0.055)],
  "msk.serverlessStorageGbMonth": [[0.1, "listed"], unsure(0.11)],
  "vpc.interfaceEndpointZoneHour": [0.01, unsure(0.013)],
  "vpc.interfaceEndpointGb": [[0.01, "listed", "first PB tier"], unsure(0.01)],
  "vpc.natGatewayHour": [0.045, unsure(0.059)],
  "opensearch.serverlessOcuHour": [0.24, unsure(0.3)],
  "opensearch.serverlessStorageGbMonth": [0.024, unsure(0.026)],
  "s3.standardGbMonth": [0.023, [0.025, "listed"]],
  "s3.standardIaGbMonth": [0.0125, unsure(0.0138)],
  "s3.glacierIrGbMonth": [0.004, unsure(0.005)],
  "s3.glacierGbMonth": [0.0036, unsure(0.0045)],
  "s3.deepArchiveGbMonth": [0.00099, unsure(0.0018)],
  "s3.putThousand": [0.005, [0.0045, "listed"]],
  "s3.getThousand": [0.0004, [0.00035, "listed"]],
  "s3.transitionIaThousand": [0.01, unsure(0.01)],
  "s3.transitionGlacierIrThousand": [0.02, unsure(0.02)],
  "s3.transitionGlacierThousand": [
    [0.03, "unsure", "lowered from $0.05 in 2023, as recalled"],
    unsure(0.03),
  ],
  "s3.transitionDeepArchiveThousand": [0.05, unsure(0.05)],
  "glue.catalogHundredThousandObjects": [
    [1.0, "listed", "first million objects free per account"],
    [1.0, "listed", "same in every commercial region"],
  ],
  "glue.catalogMillionRequests": [
    [1.0, "listed", "first million requests free per account"],
    [1.0, "listed", "same in every commercial region"],
  ],
  "athena.tbScanned": [5.0, [5.0, "listed"]],
  "flink.kpuHour": [0.11, unsure(0.13)],
  "flink.runningStorageGbMonth": [0.1, unsure(0.114)],
  "lambda.millionRequests": [0.2, [0.2, "listed"]],
  "lambda.arm64GbSecond": [
    [0.0000133334, "listed", "first 7.5 billion GB-s tier"],
    [0.0000133334, "listed"],
  ],
  "lambda.x86GbSecond": [
    [0.0000166667, "listed", "first 6 billion GB-s tier"],
    [0.0000166667, "listed"],
  ],
  "lambda.provisionedX86GbSecond": [
    0.0000041667,
    unsure(0.0000041667, "assumed equal to us-east-1"),
  ],
  "lambda.provisionedArm64GbSecond": [
    0.0000033334,
    unsure(0.0000033334, "assumed equal to us-east-1"),
  ],
  "xray.millionTraces": [5.0, [5.0, "listed"]],
  "dynamodb.millionWriteUnits": [
    [0.625, "listed", "halved on 2024-11-01"],
    unsure(0.7135, "halved on 2024-11-01; Seoul figure recalled"),
  ],
  "dynamodb.millionReadUnits": [
    [0.125, "listed", "halved on 2024-11-01"],
    unsure(0.1427, "halved on 2024-11-01; Seoul figure recalled"),
  ],
  "dynamodb.storageGbMonth": [0.25, unsure(0.285)],
  "dynamodb.pitrGbMonth": [0.2, unsure(0.228)],
  "dynamodb.wcuHour": [0.00065, unsure(0.0007424)],
  "dynamodb.rcuHour": [0.00013, unsure(0.0001484)],
  "sfn.thousandTransitions": [0.025, unsure(0.0271)],
  "personalize.trainingHour": [
    [0.24, "unsure", "v2 recipes may bill differently; check the page"],
    unsure(0.24, "assumed equal to us-east-1"),
  ],
  "personalize.ingestGb": [0.05, unsure(0.05, "assumed equal to us-east-1")],
  "personalize.tpsHourFirst20k": [
    [0.2, "unsure", "v2 recipes may bill per request instead"],
    unsure(0.2, "assumed equal to us-east-1"),
  ],
  "personalize.tpsHourNext180k": [[0.1, "unsure"], unsure(0.1, "assumed equal to us-east-1")],
  "personalize.tpsHourOver200k": [[0.05, "unsure"], unsure(0.05, "assumed equal to us-east-1")],
  "quicksight.authorMonth": [
    [24, "listed", "Enterprise author, month-to-month"],
    [24, "listed", "QuickSight user prices are global"],
  ],
  "quicksight.readerMonth": [
    [3, "unsure", "reader pricing changed in 2024; $3/user-month assumed"],
    unsure(3, "reader pricing changed in 2024; $3/user-month assumed"),
  ],
  "cloudwatch.dashboardMonth": [3, [3, "listed"]],
  "cloudwatch.alarmMetricMonth": [0.1, [0.1, "listed"]],
  "cloudwatch.metricMonth": [
    [0.3, "listed", "first 10,000 metrics tier"],
    [0.3, "listed"],
  ],
  "cloudwatch.logsIngestGb": [0.5, unsure(0.76)],
  "cloudwatch.logsStorageGbMonth": [0.03, unsure(0.0314)],
  "kms.keyMonth": [1, [1, "listed"]],
  "kms.tenThousandRequests": [0.03, [0.03, "listed"]],
  "sns.millionPublishes": [0.5, [0.5, "listed"]],
  "sqs.millionRequests": [0.4, [0.4, "listed"]],
  "scheduler.millionInvocations": [1.0, [1.0, "listed"]],
  "ebs.gp3GbMonth": [0.08, unsure(0.0912)],
  "ebs.gp2GbMonth": [0.1, unsure(0.114)],
  "ebs.gp3IopsMonth": [0.005, unsure(0.0057)],
  "ebs.gp3MbpsMonth": [0.04, unsure(0.0456)],
  "secretsmanager.secretMonth": [0.4, [0.4, "listed", "same in every commercial region"]],
  "ssm.advancedParameterMonth": [0.05, [0.05, "listed", "standard parameters are free"]],
  "ecr.storageGbMonth": [0.1, unsure(0.1, "assumed equal to us-east-1")],
  "apigateway.restMillionRequests": [3.5, unsure(3.5)],
  "waf.webAclMonth": [5, unsure(5, "WAF lists one price for every region, as recalled")],
  "waf.ruleMonth": [1, unsure(1, "WAF lists one price for every region, as recalled")],
  "waf.millionRequests": [0.6, unsure(0.6, "WAF lists one price for every region, as recalled")],
};

/** Month the table's figures are believed to be from. */
export const PRICES_DATE = "2025-01";

function expand(column: number): Readonly<Record<PriceKey, Price>> {
  const out = {} as Record<PriceKey, Price>;
  for (const key of Object.keys(PRICE_UNITS) as PriceKey[]) {
    const [service, unit] = PRICE_UNITS[key];
    const figure = FIGURES[key][column];
    const [usd, confidence, note] = Array.isArray(figure)
      ? (figure as readonly [number | null, Confidence, string?])
      : ([figure, "listed", undefined] as const);
    out[key] = {
      usd: usd as number | null,
      unit,
      source: SRC[service],
      date: PRICES_DATE,
      confidence: usd === null ? "unsure" : confidence,
      ...(usd === null
        ? { note: "unknown: no figure could be stated offline" }
        : note
          ? { note }
          : {}),
    };
  }
  return out;
}

export type PriceTable = Readonly<Record<PriceKey, Price>>;

/** Prices per region. A region missing here prices every line as unknown. */
export const PRICES: Readonly<Record<string, PriceTable>> = Object.fromEntries(
  PRICED_REGIONS.map((region, column) => [region, expand(column)]),
);
