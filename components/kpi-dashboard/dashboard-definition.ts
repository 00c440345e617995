/**
 * The QuickSight dashboard's `Definition` (the QuickSight API / CloudFormation shape): one sheet
 * with CTR and CVR by channel over time, the funnel, revenue by channel and the top ten items by
 * attributed revenue. Pure, so tests read exactly what marketers will see.
 */

/** Dataset identifiers the definition declares. */
export const DATASETS = { channels: "channels", funnel: "funnel", items: "items" } as const;
export type DatasetKey = keyof typeof DATASETS;

export const SHEET_ID = "recommendation-kpis";

const column = (dataset: DatasetKey, name: string) => ({
  DataSetIdentifier: DATASETS[dataset],
  ColumnName: name,
});
const title = (text: string) => ({ Visibility: "VISIBLE", FormatText: { PlainText: text } });
const day = (dataset: DatasetKey, fieldId: string) => ({
  DateDimensionField: { FieldId: fieldId, Column: column(dataset, "day"), DateGranularity: "DAY" },
});
const category = (dataset: DatasetKey, name: string, fieldId: string) => ({
  CategoricalDimensionField: { FieldId: fieldId, Column: column(dataset, name) },
});
const sum = (dataset: DatasetKey, name: string, fieldId: string) => ({
  NumericalMeasureField: {
    FieldId: fieldId,
    Column: column(dataset, name),
    AggregationFunction: { SimpleNumericalAggregation: "SUM" },
  },
});
/** A ratio of sums: re-aggregating daily ratios by averaging would weight a quiet day like a busy one. */
const ratio = (fieldId: string, name: string) => ({
  NumericalMeasureField: {
    FieldId: fieldId,
    Column: column("channels", name),
    FormatConfiguration: {
      FormatConfiguration: {
        PercentageDisplayFormatConfiguration: { DecimalPlacesConfiguration: { DecimalPlaces: 2 } },
      },
    },
  },
});

/** Calculated fields: CTR and CVR over whatever period a visual groups by. */
export const CALCULATED_FIELDS = [
  // QuickSight returns NULL when the denominator is 0, as the KPI definition asks.
  {
    DataSetIdentifier: DATASETS.channels,
    Name: "ctr_period",
    Expression: "sum({clicks}) / sum({impressions})",
  },
  {
    DataSetIdentifier: DATASETS.channels,
    Name: "cvr_period",
    Expression: "sum({conversions}) / sum({clicks})",
  },
];

function lineByChannel(visualId: string, text: string, measure: string) {
  return {
    LineChartVisual: {
      VisualId: visualId,
      Title: title(text),
      ChartConfiguration: {
        FieldWells: {
          LineChartAggregatedFieldWells: {
            Category: [day("channels", `${visualId}-day`)],
            Values: [ratio(`${visualId}-value`, measure)],
            Colors: [category("channels", "channel", `${visualId}-channel`)],
          },
        },
        Type: "LINE",
      },
    },
  };
}

export const VISUALS = [
  lineByChannel("ctr-by-channel", "CTR by channel", "ctr_period"),
  lineByChannel("cvr-by-channel", "CVR by channel (24-hour last click)", "cvr_period"),
  {
    BarChartVisual: {
      VisualId: "funnel",
      Title: title("Funnel: distinct users per day"),
      ChartConfiguration: {
        FieldWells: {
          BarChartAggregatedFieldWells: {
            Category: [day("funnel", "funnel-day")],
            Values: ["visit", "view", "cart", "buy"].map((stage) =>
              sum("funnel", stage, `funnel-${stage}`),
            ),
          },
        },
        Orientation: "VERTICAL",
        BarsArrangement: "CLUSTERED",
      },
    },
  },
  {
    BarChartVisual: {
      VisualId: "revenue-by-channel",
      Title: title("Attributed revenue by channel"),
      ChartConfiguration: {
        FieldWells: {
          BarChartAggregatedFieldWells: {
            Category: [category("channels", "channel", "revenue-channel")],
            Values: [sum("channels", "revenue", "revenue-value")],
          },
        },
        SortConfiguration: {
          CategorySort: [{ FieldSort: { FieldId: "revenue-value", Direction: "DESC" } }],
        },
        Orientation: "HORIZONTAL",
        BarsArrangement: "CLUSTERED",
      },
    },
  },
  {
    TableVisual: {
      VisualId: "top-items",
      Title: title("Top 10 items by attributed revenue"),
      ChartConfiguration: {
        FieldWells: {
          TableAggregatedFieldWells: {
            GroupBy: [category("items", "item_id", "items-item")],
            Values: [
              sum("items", "revenue", "items-revenue"),
              sum("items", "conversions", "items-conversions"),
              sum("items", "clicks", "items-clicks"),
              sum("items", "impressions", "items-impressions"),
            ],
          },
        },
        SortConfiguration: {
          RowSort: [{ FieldSort: { FieldId: "items-revenue", Direction: "DESC" } }],
        },
      },
    },
  },
];

/** Top ten items by summed revenue, applied to the items table only. */
export const FILTER_GROUPS = [
  {
    FilterGroupId: "top-items",
    CrossDataset: "SINGLE_DATASET",
    Status: "ENABLED",
    ScopeConfiguration: {
      SelectedSheets: {
        SheetVisualScopingConfigurations: [
          { SheetId: SHEET_ID, Scope: "SELECTED_VISUALS", VisualIds: ["top-items"] },
        ],
      },
    },
    Filters: [
      {
        TopBottomFilter: {
          FilterId: "top-10-items-by-revenue",
          Column: column("items", "item_id"),
          Limit: 10,
          AggregationSortConfigurations: [
            {
              Column: column("items", "revenue"),
              SortDirection: "DESC",
              AggregationFunction: {
                NumericalAggregationFunction: { SimpleNumericalAggregation: "SUM" },
              },
            },
          ],
        },
      },
    ],
  },
];

/** A 36-column grid: the two ratio charts side by side, then funnel and revenue, then the table. */
const LAYOUT = [
  ["ctr-by-channel", 0, 0],
  ["cvr-by-channel", 18, 0],
  ["funnel", 0, 12],
  ["revenue-by-channel", 18, 12],
  ["top-items", 0, 24],
] as const;

export function dashboardDefinition(datasetArns: Readonly<Record<DatasetKey, string>>) {
  return {
    DataSetIdentifierDeclarations: (Object.keys(DATASETS) as DatasetKey[]).map((key) => ({
      Identifier: DATASETS[key],
      DataSetArn: datasetArns[key],
    })),
    CalculatedFields: CALCULATED_FIELDS,
    FilterGroups: FILTER_GROUPS,
    Sheets: [
      {
        SheetId: SHEET_ID,
        Name: "Recommendation KPIs",
        Visuals: VISUALS,
        Layouts: [
          {
            Configuration: {
              GridLayout: {
                Elements: LAYOUT.map(([id, x, y]) => ({
                  ElementId: id,
                  ElementType: "VISUAL",
                  ColumnIndex: x,
                  RowIndex: y,
                  ColumnSpan: id === "top-items" ? 36 : 18,
                  RowSpan: 12,
                })),
              },
            },
          },
        ],
      },
    ],
  };
}
