import { expect } from "chai";
import { estimateCost } from "../../cost";
import type { CostResource } from "../../cost";
import { T, WORKLOAD, res, stream, urnOf } from "./fixtures";

const US = { region: "us-east-1", workload: WORKLOAD };
const monthly = (resources: CostResource[], options = US) =>
  estimateCost(resources, options).items.map((i) => [i.urn.split("::").pop(), i.monthly]);

describe("cost model against hand-computed bills", () => {
  it("prices a provisioned stream: shard-hours, PUT units, extended retention, shard metrics", () => {
    // 2 shards × 730 h × $0.015 = $21.90; 26,280,000 records × 1 PUT unit × $0.014/M = $0.36792
    expect(monthly([stream()])).to.deep.equal([["events", 22.27]]);
    // + 168 h retention: 1,460 shard-hours × $0.02 = $29.20; + 3 metrics × 2 shards × $0.30 = $1.80
    expect(
      monthly([stream({ retentionPeriod: 168, shardLevelMetrics: ["A", "B", "C"] })]),
    ).to.deep.equal([["events", 53.27]]);
  });

  it("prices an on-demand stream by stream-hour and GB written and read by its consumers", () => {
    const s = stream({ shardCount: undefined, streamModeDetails: { streamMode: "ON_DEMAND" } });
    const fn = res(T.lambda, "reader", { memorySize: 128, architectures: ["arm64"] });
    const esm = res(T.esm, "reader-source", { batchSize: 100 }, [s, fn]);
    const block = estimateCost([s, esm], US);
    // 730 × $0.04 = $29.20; 26,280,000,000 B = 24.4751 GB in × $0.08 = $1.958; 1 consumer × $0.04 = $0.979
    expect(block.items.map((i) => i.monthly)).to.deep.equal([32.14]);
    expect(block.items[0].basis).to.contain(
      "24.48 GB written × $0.08 = $1.96; 24.48 GB read × $0.04",
    );
  });

  it("prices Firehose ingestion in 5 KB increments plus conversion and dynamic partitioning", () => {
    const fh = res(T.firehose, "delivery", {
      extendedS3Configuration: {
        bufferingInterval: 300,
        bufferingSize: 128,
        dataFormatConversionConfiguration: { enabled: true },
        dynamicPartitioningConfiguration: { enabled: true },
      },
    });
    // 26,280,000 × 5,120 B = 125.3128 GB × $0.029 = $3.634; 24.4751 GB × ($0.018 + $0.02) = $0.930;
    // 288 flushes a day (300 s beats 128 MiB) × 30.4167 days = 8,760 objects × $0.005/1K = $0.0438
    expect(monthly([fh])).to.deep.equal([["delivery", 4.61]]);
  });

  it("follows the bucket's lifecycle: GB-months per class, transitions and PUTs", () => {
    const bucket = res(T.bucket, "lake", {});
    const rules = res(
      T.lifecycle,
      "lake-lifecycle",
      {
        rules: [
          {
            id: "housekeeping",
            status: "Enabled",
            filter: {},
            expiration: { expiredObjectDeleteMarker: true },
          },
          {
            id: "events",
            status: "Enabled",
            filter: { prefix: "events/" },
            transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
            expiration: { days: 90 },
          },
        ],
      },
      [bucket],
    );
    const fh = res(
      T.firehose,
      "delivery",
      {
        extendedS3Configuration: {
          prefix: "events/dt=!{partitionKeyFromLambda:dt}/",
          bufferingInterval: 300,
          bufferingSize: 128,
          dataFormatConversionConfiguration: { enabled: true },
        },
      },
      [bucket],
    );
    const item = estimateCost([bucket, rules, fh], US).items.find((i) => i.urn === bucket.urn)!;
    // Parquet (0.18 of JSON): 864,000,000 B/day = 0.8047 GB × 0.18 = 0.1448 GB/day; 30 days Standard
    // = 4.3452 GB-months × $0.023 = $0.0999; 60 days IA = 8.6903 × $0.0125 = $0.1086; 8,760
    // transitions × $0.01/1K = $0.0876; 8,760 PUTs × $0.005/1K = $0.0438 → $0.3400
    expect(item.monthly).to.equal(0.34);
    expect(item.basis).to.contain("events/ Parquet: 0.1448 GB/day kept 90 days");
    expect(item.basis).to.contain("8.69 GB-months Standard-IA × $0.0125 = $0.11");
  });

  it("counts the orchestration KPU and 50 GB of running storage per KPU for Flink", () => {
    const app = res(T.flink, "kpis", {
      applicationConfiguration: {
        flinkApplicationConfiguration: {
          parallelismConfiguration: {
            configurationType: "CUSTOM",
            parallelism: 4,
            parallelismPerKpu: 2,
          },
        },
      },
    });
    // (2 KPU + 1) × 730 h × $0.11 = $240.90; 2 × 50 GB × $0.10 = $10.00
    expect(monthly([app])).to.deep.equal([["kpis", 250.9]]);
  });

  it("sizes a function from its trigger: a URL serves one request per list of 10 impressions", () => {
    const fn = res(T.lambda, "api", { memorySize: 512, architectures: ["arm64"] });
    const url = res(T.url, "api-url", {}, [fn]);
    // 26,280,000 events × 0.5 impressions / 10 per list = 1,314,000 requests × $0.20/M = $0.2628;
    // 100.2 ms × 0.5 GB = 65,831.4 GB-s × $0.0000133334 = $0.8778
    expect(monthly([fn, url])).to.deep.equal([["api", 1.14]]);
  });

  it("prices an on-demand table, a key, and leaves IAM out of the bill", () => {
    const table = res(T.table, "view", { billingMode: "PAY_PER_REQUEST" });
    const key = res(T.key, "key", {});
    const role = res(T.role, "role", {});
    // 30 writes/min × 43,800 min = 1,314,000 WRU × $0.625/M = $0.8213; 0.0824 GB × $0.25 = $0.0206
    // key: $1 + 50,000 requests × $0.03/10K = $1.15
    const block = estimateCost([table, key, role], US);
    expect(block.items.map((i) => [i.urn.split("::").pop(), i.monthly])).to.deep.equal([
      ["view", 0.84],
      ["key", 1.15],
    ]);
    expect(block.monthlyTotal).to.equal(1.99);
    expect(block.unpriced).to.equal(0);
  });

  it("bills Athena by TB scanned: analysts read a day, a training export reads its lookback", () => {
    const GiB = 1024 ** 3;
    const workgroup = (name: string, cutoffGb: number) =>
      res("aws:athena/workgroup:Workgroup", name, {
        configuration: {
          enforceWorkgroupConfiguration: true,
          bytesScannedCutoffPerQuery: cutoffGb * GiB,
        },
      });
    const lake = workgroup("lake", 1);
    const exportWg = workgroup("export", 5);
    const definition = {
      StartAt: "Export",
      States: {
        Export: {
          Type: "Task",
          Resource: "arn:aws:states:::athena:startQueryExecution.sync",
          Parameters: { QueryString: "SELECT * FROM events WHERE dt >= '2026-09-01'" },
          Next: "Gate",
        },
        Gate: {
          Type: "Task",
          Resource: "arn:aws:states:::athena:startQueryExecution.sync",
          Parameters: { "QueryString.$": "States.Format('SELECT {} AS x', $.v)" },
          Next: "Train",
        },
        Train: {
          Type: "Task",
          Resource: "arn:aws:states:::aws-sdk:personalize:createSolutionVersion",
          End: true,
        },
      },
    };
    const sm = res(T.sfn, "train", { definition: JSON.stringify(definition) }, [exportWg]);
    const schedule = res(T.schedule, "daily", { scheduleExpression: "rate(1 day)" }, [sm]);
    const items = estimateCost([lake, exportWg, sm, schedule], US).items;
    // Parquet a day: 24.4751 GB of JSON a month / 30.4167 days × 0.18 = 0.14484 GB.
    // lake: all 10 queries/day (the export workgroup serves training) = 305 a month, each 1 day ×
    // 50% of columns = 0.07242 GB: 0.0216 TB × $5 = $0.11.
    // export: 31 runs × 1 query, each 90 days × 50% = 6.5178 GB, cut off at 5 GB:
    // 155 GB = 0.1514 TB × $5 = $0.76. The gate (no `dt` window) bills Athena's 10 MB minimum:
    // 31 × 10 MiB = 0.0003 TB × $5 = $0.0015.
    const lines = items.filter((i) => i.type === "aws:athena/workgroup:Workgroup");
    expect(lines.map((i) => [i.urn.split("::").pop(), i.monthly])).to.deep.equal([
      ["lake", 0.11],
      ["export", 0.76],
    ]);
    expect(lines[1].basis).to.equal(
      "train: 1 per run, training exports over the lookback: 31 queries/month, each reading 90 day(s) × 50% of columns = 5 GB (10 MB minimum, 5 GB cutoff); train: 1 per run, catalogue exports and the metrics gate: 31 queries/month, each reading 0 day(s) × 50% of columns = 0.0098 GB (10 MB minimum, 5 GB cutoff); 0.1514 TB scanned × $5 = $0.76; 0.0003 TB scanned × $5 = $0.0015 → $0.76",
    );
  });

  it("runs a retrain workflow on its schedule and bills the campaign it creates", () => {
    const definition = {
      StartAt: "Train",
      States: {
        Train: {
          Type: "Task",
          Resource: "arn:aws:states:::aws-sdk:personalize:createSolutionVersion",
          Next: "Deploy",
        },
        Deploy: {
          Type: "Task",
          Resource: "arn:aws:states:::aws-sdk:personalize:createCampaign",
          Parameters: { MinProvisionedTPS: 2 },
          End: true,
        },
      },
    };
    const sm = res(T.sfn, "train", { definition: JSON.stringify(definition) });
    const schedule = res(T.schedule, "daily", { scheduleExpression: "rate(1 day)" }, [sm]);
    const block = estimateCost([sm, schedule], US);
    // 30.4167 runs × 2 transitions = 61 × $0.025/1K = $0.0015; campaign: max(2 TPS, 0.5 average)
    // × 730 h = 1,460 TPS-hours × $0.20 = $292; schedule: 30.42 × $1/M
    expect(block.items.map((i) => [i.type, i.monthly])).to.deep.equal([
      [T.sfn, 0],
      [`${T.sfn} → personalize:Campaign`, 292],
      [T.schedule, 0],
    ]);
    expect(block.monthlyTotal).to.equal(292);
  });

  it("bills the campaign only for the lists an experiment's campaign arms serve", () => {
    const definition = {
      StartAt: "Deploy",
      States: {
        Deploy: {
          Type: "Task",
          Resource: "arn:aws:states:::aws-sdk:personalize:createCampaign",
          Parameters: { MinProvisionedTPS: 1 },
          End: true,
        },
      },
    };
    const sm = res(T.sfn, "train", { definition: JSON.stringify(definition) });
    const experiment = {
      name: "half",
      salt: "s",
      variants: [
        { name: "control", weight: 1, serve: "campaign" },
        { name: "holdout", weight: 1, serve: "fallback" },
      ],
    };
    const api = res(T.lambda, "api", {
      memorySize: 256,
      architectures: ["arm64"],
      environment: { variables: { EXPERIMENT: JSON.stringify(experiment) } },
    });
    const busy = { region: "us-east-1", workload: { ...WORKLOAD, avgEventsPerSecond: 100 } };
    const campaignLine = (resources: CostResource[]) =>
      estimateCost(resources, busy).items.find((i) => i.type.endsWith("personalize:Campaign"))!;
    // 100 events/s → 5 lists/s; all of them ask the campaign: 5 TPS × 730 h × $0.20 = $730.
    expect(campaignLine([sm]).monthly).to.equal(730);
    // Half the users are held out on the fallback list: 2.5 TPS × 730 h × $0.20 = $365.
    const halved = campaignLine([sm, api]);
    expect(halved.monthly).to.equal(365);
    expect(halved.basis).to.include(
      "max(MinProvisionedTPS 1, average 2.5 requests/s, 50% of lists (experiment half's campaign arms)) × 730 h",
    );
  });
});

describe("cost model: what it does not know", () => {
  it("reports every line of a region without prices as unknown, with a zero total", () => {
    const block = estimateCost([stream()], { region: "eu-west-3", workload: WORKLOAD });
    expect(block).to.deep.include({ region: "eu-west-3", monthlyTotal: 0, unpriced: 1 });
    expect(block.items[0].monthly).to.equal(null);
    expect(block.items[0].basis).to.match(
      /^unknown: region eu-west-3 is not in cost\/prices\.ts for kinesis\.shardHour, kinesis\.putUnitMillion\. /,
    );
  });

  it("reports a price the table leaves null (on-demand Kinesis in Seoul) and keeps the rest", () => {
    const onDemand = stream({ streamModeDetails: { streamMode: "ON_DEMAND" } });
    const key = res(T.key, "key", {});
    const block = estimateCost([onDemand, key], { region: "ap-northeast-2", workload: WORKLOAD });
    expect(block.items.map((i) => i.monthly)).to.deep.equal([null, 1.15]);
    expect(block.items[0].basis).to.match(
      /^unknown: no ap-northeast-2 price for kinesis\.onDemandStreamHour, kinesis\.onDemandGbIn, kinesis\.onDemandGbOut\. /,
    );
    expect(block).to.deep.include({ monthlyTotal: 1.15, unpriced: 1 });
  });

  it("reports a billable type without an estimator as unknown, never as zero", () => {
    const vm = res("aws:ec2/instance:Instance", "vm", { instanceType: "m7g.large" });
    expect(estimateCost([vm], US).items).to.deep.equal([
      {
        urn: urnOf("aws:ec2/instance:Instance", "vm"),
        type: "aws:ec2/instance:Instance",
        monthly: null,
        basis: "unknown: no estimator for this type in cost/model.ts",
      },
    ]);
  });
});
