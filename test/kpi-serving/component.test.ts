/**
 * KpiServingApi under Pulumi's mocks: its children, their security-relevant inputs, the function's
 * exact grants, the prod dashboard, and args rejected before any resource exists.
 */
import { expect } from "chai";
import { KpiServingApi, type KpiServingApiArgs } from "../../components/kpi-serving";
import { ComponentArgsError } from "../../components/shared/args-error";
import { LAKE, childNames } from "../kpi-dashboard/fixtures";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";

const TYPE = "reco:kpi-serving:KpiServingApi";
const VIEW = {
  tableName: "view",
  tableArn: `arn:aws:dynamodb:us-east-1:${MOCK_ACCOUNT_ID}:table/view`,
  kmsKeyArn: `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/view`,
};
const base: KpiServingApiArgs = { lake: LAKE, kpiTableName: "kpi_channel_daily" };

describe("KpiServingApi", () => {
  const rec = useMocks({ stack: "dev" });
  const build = async (args: Partial<KpiServingApiArgs>) => {
    const api = new KpiServingApi("serving", { ...base, ...args });
    await rec.settle();
    return api;
  };

  it("dev: an IAM-authenticated URL, a KMS-encrypted cache with TTL, a 10 MB-cutoff workgroup, no dashboard", async () => {
    const api = await build({ tier: "dev", realtimeView: VIEW });
    expect(childNames(rec, TYPE)).to.deep.equal([
      "aws:athena/workgroup:Workgroup serving-workgroup",
      "aws:cloudwatch/logGroup:LogGroup serving-api-logs",
      "aws:dynamodb/table:Table serving-cache",
      "aws:iam/role:Role serving-api-role",
      "aws:iam/rolePolicy:RolePolicy serving-api-policy",
      "aws:kms/alias:Alias serving-key-alias",
      "aws:kms/key:Key serving-key",
      "aws:lambda/function:Function serving-api",
      "aws:lambda/functionUrl:FunctionUrl serving-url",
    ]);
    expect(api.settings).to.deep.equal({
      tier: "dev",
      logRetentionDays: 14,
      protectData: false,
      batchCacheSeconds: 3600,
      watermarkCacheSeconds: 300,
      bytesScannedCutoffPerQuery: 10 * 1024 * 1024,
      realtimeDashboard: false,
      dashboardChannels: [],
    });
    expect(rec.one("aws:lambda/functionUrl:FunctionUrl").inputs.authorizationType).to.equal(
      "AWS_IAM",
    );
    const table = rec.one("aws:dynamodb/table:Table").inputs;
    expect(table.ttl).to.deep.equal({ attributeName: "expires_at", enabled: true });
    expect(table.serverSideEncryption.kmsKeyArn).to.match(
      /^arn:aws:kms:us-east-1:123456789012:key\//,
    );
    const wg = rec.one("aws:athena/workgroup:Workgroup").inputs.configuration;
    expect(wg).to.deep.include({
      enforceWorkgroupConfiguration: true,
      bytesScannedCutoffPerQuery: 10485760,
    });
    expect(wg.resultConfiguration).to.deep.equal({
      outputLocation: "s3://reco-athena-results-dev/serving/",
      encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: LAKE.kmsKeyArn },
    });
  });

  it("grants exactly the serving calls, each on its own ARNs", async () => {
    await build({ tier: "dev", realtimeView: VIEW });
    const policy = JSON.parse(rec.one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
    const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
    expect(bySid.QueryServingWorkgroup.Resource).to.have.length(1);
    expect(bySid.QueryServingWorkgroup.Resource[0]).to.match(
      /^arn:aws:athena:us-east-1:123456789012:workgroup\/serving-workgroup-/,
    );
    expect(bySid.ReadKpiTableCatalogue.Resource).to.deep.equal([
      `arn:aws:glue:us-east-1:${MOCK_ACCOUNT_ID}:catalog`,
      `arn:aws:glue:us-east-1:${MOCK_ACCOUNT_ID}:database/reco_dev`,
      `arn:aws:glue:us-east-1:${MOCK_ACCOUNT_ID}:table/reco_dev/kpi_channel_daily`,
    ]);
    expect(bySid.ListKpiTable.Condition).to.deep.equal({
      StringLike: { "s3:prefix": ["kpi/kpi_channel_daily/*"] },
    });
    expect(bySid.ReadKpiTable.Resource).to.deep.equal([
      "arn:aws:s3:::reco-lake-dev/kpi/kpi_channel_daily/*",
    ]);
    expect(bySid.QueryResultObjects.Resource).to.deep.equal([
      "arn:aws:s3:::reco-athena-results-dev/serving/*",
    ]);
    expect(bySid.ReadSpeedView).to.deep.include({
      Action: ["dynamodb:Query"],
      Resource: [VIEW.tableArn, `${VIEW.tableArn}/index/by-minute`],
    });
    expect(bySid.ReadWriteCache.Action).to.deep.equal(["dynamodb:GetItem", "dynamodb:PutItem"]);
    // Only X-Ray's trace writes, which IAM knows no resource for, name "*".
    expect(
      policy.Statement.filter((s: any) => s.Resource.includes("*")).flatMap((s: any) => s.Action),
    ).to.deep.equal(["xray:PutTraceSegments", "xray:PutTelemetryRecords"]);
  });

  it("prod: protected key and table, PITR, and the real-time dashboard drawn by the function", async () => {
    const api = await build({ tier: "prod", realtimeView: VIEW });
    expect(api.settings.realtimeDashboard).to.equal(true);
    const table = rec.one("aws:dynamodb/table:Table");
    expect(table.inputs.pointInTimeRecovery).to.deep.equal({ enabled: true });
    expect(table.inputs.deletionProtectionEnabled).to.equal(true);
    expect(table.protect).to.equal(true);
    const body = JSON.parse(rec.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
    expect(body.widgets).to.have.length(1);
    expect(body.widgets[0].type).to.equal("custom");
    expect(body.widgets[0].properties).to.deep.include({
      params: { channels: [] },
      updateOn: { refresh: true, resize: true, timeRange: true },
    });
    expect(body.widgets[0].properties.endpoint).to.match(
      /^arn:aws:lambda:us-east-1:123456789012:function:serving-api-/,
    );
  });

  it("prod without a speed view has no dashboard and does not grant the view", async () => {
    await build({ tier: "prod" });
    expect(rec.ofType("aws:cloudwatch/dashboard:Dashboard")).to.have.length(0);
    const policy = JSON.parse(rec.one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
    expect(policy.Statement.map((s: any) => s.Sid)).not.to.include("ReadSpeedView");
  });

  it("rejects bad args together, before any resource, naming each fix", async () => {
    expect(
      () =>
        new KpiServingApi("bad", {
          lake: LAKE,
          kpiTableName: "",
          batchCacheSeconds: 5,
          bytesScannedCutoffPerQuery: 1000,
          realtimeDashboard: true,
          dashboardChannels: ["Home"],
        }),
    )
      .to.throw(ComponentArgsError)
      .with.property("problems")
      .that.deep.equals([
        "kpiTableName is missing; pass KPIDashboard's kpiTableNames.channel_kpis (the daily channel KPI table).",
        "batchCacheSeconds is 5; it must be a whole number from 60 to 86400.",
        "bytesScannedCutoffPerQuery is 1000; it must be a whole number of bytes from 10485760 (Athena's minimum) up.",
        'dashboardChannels[0] is "Home"; it must be a channel slug like "home-rfy".',
        "realtimeDashboard is true but realtimeView is missing; the dashboard draws the speed view. Fix: pass RealtimeAnalytics' view, or drop realtimeDashboard.",
      ]);
    await rec.settle();
    expect(rec.ofType("aws:dynamodb/table:Table")).to.have.length(0);
  });
});
