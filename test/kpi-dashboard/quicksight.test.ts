/**
 * QuickSight: the dashboard definition refers only to fields its datasets have, the datasets read
 * the KPI tables through a role that can read nothing else, and all of it is shared with the
 * configured principals.
 */
import { expect } from "chai";
import {
  CALCULATED_FIELDS,
  DASHBOARD_ACTIONS,
  DATASET_TABLES,
  DATASETS,
  KPI_QUERIES,
  SHEET_ID,
  dashboardDefinition,
} from "../../components/kpi-dashboard";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";
import { PRINCIPAL, prodWithQuickSight } from "./fixtures";

/** Every `{ DataSetIdentifier, ColumnName }` anywhere in a definition. */
function columnRefs(value: unknown, out: { DataSetIdentifier: string; ColumnName: string }[] = []) {
  if (Array.isArray(value)) value.forEach((v) => columnRefs(v, out));
  else if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (typeof obj.DataSetIdentifier === "string" && typeof obj.ColumnName === "string") {
      out.push({ DataSetIdentifier: obj.DataSetIdentifier, ColumnName: obj.ColumnName });
    }
    Object.values(obj).forEach((v) => columnRefs(v, out));
  }
  return out;
}

describe("KPIDashboard: QuickSight", () => {
  const rec = useMocks({ stack: "prod" });
  const definition = dashboardDefinition({ channels: "arn:c", funnel: "arn:f", items: "arn:i" });

  it("shows CTR and CVR by channel over time, the funnel, revenue by channel and top items", () => {
    const visuals = definition.Sheets[0].Visuals.map((v) => {
      const [kind, visual] = Object.entries(v)[0] as [string, { VisualId: string; Title: any }];
      return `${kind} ${visual.VisualId}: ${visual.Title.FormatText.PlainText}`;
    });
    expect(visuals).to.deep.equal([
      "LineChartVisual ctr-by-channel: CTR by channel",
      "LineChartVisual cvr-by-channel: CVR by channel (24-hour last click)",
      "BarChartVisual funnel: Funnel: distinct users per day",
      "BarChartVisual revenue-by-channel: Attributed revenue by channel",
      "TableVisual top-items: Top 10 items by attributed revenue",
    ]);
    expect(definition.FilterGroups[0].Filters[0].TopBottomFilter.Limit).to.equal(10);
    expect(
      definition.Sheets[0].Layouts[0].Configuration.GridLayout.Elements.map((e) => e.ElementId),
    ).to.deep.equal(
      definition.Sheets[0].Visuals.map(
        (v) => (Object.values(v)[0] as { VisualId: string }).VisualId,
      ),
    );
    expect(definition.Sheets[0].SheetId).to.equal(SHEET_ID);
  });

  it("refers only to declared datasets and to columns those datasets have", () => {
    const declared = definition.DataSetIdentifierDeclarations.map((d) => d.Identifier);
    expect(declared).to.deep.equal(["channels", "funnel", "items"]);
    const available = new Map<string, Set<string>>(
      (Object.keys(DATASETS) as (keyof typeof DATASETS)[]).map((key) => [
        DATASETS[key],
        new Set([
          ...KPI_QUERIES[DATASET_TABLES[key]].columns.map((c) => c.name),
          "day",
          ...CALCULATED_FIELDS.filter((f) => f.DataSetIdentifier === DATASETS[key]).map(
            (f) => f.Name,
          ),
        ]),
      ]),
    );
    const refs = columnRefs(definition);
    expect(refs.length).to.be.greaterThan(15);
    for (const ref of refs) {
      expect(
        available.get(ref.DataSetIdentifier)?.has(ref.ColumnName),
        `${ref.DataSetIdentifier}.${ref.ColumnName}`,
      ).to.equal(true);
    }
  });

  it("queries Athena through a role limited to the KPI tables, never the raw events", async () => {
    prodWithQuickSight();
    await rec.settle();
    const role = rec.one("aws:iam/role:Role", "kpi-quicksight-role");
    expect(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal).to.deep.equal({
      Service: "quicksight.amazonaws.com",
    });
    const statements = JSON.parse(
      rec.one("aws:iam/rolePolicy:RolePolicy", "kpi-quicksight-policy").inputs.policy,
    ).Statement;
    const objects = statements
      .filter((s: { Action: string[] }) => s.Action.includes("s3:GetObject"))
      .flatMap((s: { Resource: string[] }) => s.Resource);
    expect(objects).to.deep.equal([
      "arn:aws:s3:::reco-lake-dev/kpi/*",
      "arn:aws:s3:::reco-athena-results-dev/*",
    ]);
    const source = rec.one("aws:quicksight/dataSource:DataSource");
    expect(source.inputs.type).to.equal("ATHENA");
    expect(source.inputs.dataSourceId).to.equal("reco_dev-athena");
    expect(source.inputs.parameters.athena.workGroup).to.equal("reco-dev");
    expect(source.inputs.parameters.athena.roleArn).to.match(
      /^arn:aws:iam::123456789012:role\/kpi-quicksight-role-/,
    );
  });

  it("builds direct-query datasets on the KPI tables with a date to plot over", async () => {
    prodWithQuickSight();
    await rec.settle();
    const channels = rec.one("aws:quicksight/dataSet:DataSet", "dataset-channels");
    expect(channels.inputs.importMode).to.equal("DIRECT_QUERY");
    const table = channels.inputs.physicalTableMaps[0].relationalTable;
    expect([table.catalog, table.schema, table.name]).to.deep.equal([
      "AwsDataCatalog",
      "reco_dev",
      "kpi_channel_daily",
    ]);
    expect(
      table.inputColumns.map((c: { name: string; type: string }) => `${c.name}:${c.type}`),
    ).to.deep.equal([
      "dt:STRING",
      "channel:STRING",
      "impressions:INTEGER",
      "clicks:INTEGER",
      "ctr:DECIMAL",
      "conversions:INTEGER",
      "cvr:DECIMAL",
      "revenue:DECIMAL",
      "coverage:INTEGER",
    ]);
    expect(
      channels.inputs.logicalTableMaps[0].dataTransforms[0].createColumnsOperation.columns,
    ).to.deep.equal([
      { columnId: "channels-day", columnName: "day", expression: "parseDate({dt}, 'yyyy-MM-dd')" },
    ]);
    expect(
      channels.inputs.permissions.map((p: { principal: string }) => p.principal),
    ).to.deep.equal([PRINCIPAL]);
  });

  it("creates the dashboard with its definition and shares it with the principals as viewers", async () => {
    prodWithQuickSight();
    await rec.settle();
    const state = JSON.parse(
      rec.one("aws:cloudcontrol/resource:Resource", "kpi-dashboard").inputs.desiredState,
    );
    expect(state.AwsAccountId).to.equal(MOCK_ACCOUNT_ID);
    expect(state.DashboardId).to.equal("reco_dev-recommendation-kpis");
    expect(state.Permissions).to.deep.equal([{ Principal: PRINCIPAL, Actions: DASHBOARD_ACTIONS }]);
    const arns = ["channels", "funnel", "items"].map(
      (key) => `arn:aws:quicksight:us-east-1:${MOCK_ACCOUNT_ID}:dataset/reco_dev-${key}`,
    );
    expect(
      state.Definition.DataSetIdentifierDeclarations.map(
        (d: { DataSetArn: string }) => d.DataSetArn,
      ),
    ).to.deep.equal(arns);
    expect(state.Definition.Sheets[0].Visuals).to.deep.equal(definition.Sheets[0].Visuals);
  });
});
