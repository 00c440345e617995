/**
 * The guardrail function against dynalite (a DynamoDB implementation) with the view table's real
 * keys and by-minute index: both Query shapes answer as the in-memory view the pipeline tests use,
 * so those tests' verdicts hold against DynamoDB's own key conditions.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { expect } from "chai";
import { measureGuardrail } from "../../components/training-pipeline/ctr-guardrail/handler";
import { type LocalView, startLocalView } from "../realtime-analytics/view/dynalite";
import { type ViewRow, simulatedViewClient, spread } from "./simulated-view";

const at = (iso: string) => Date.parse(iso);
const REQUESTED = at("2026-11-26T05:30:20Z");
const SERVING = at("2026-11-26T05:40:00Z");
const ROWS: ViewRow[] = [
  // The previous version's ten minutes, the new version's ten, and the update between them.
  ...spread("home-rfy", at("2026-11-26T05:20:00Z"), 10, 20_000, 1000),
  ...spread("popular", at("2026-11-26T05:20:00Z"), 10, 20_000, 200),
  ...spread("home-rfy", at("2026-11-26T05:30:00Z"), 10, 50_000, 0),
  ...spread("home-rfy", SERVING, 10, 20_000, 800),
  ...spread("popular", SERVING, 10, 20_000, 1800),
  // Outside both windows: must not be read.
  ...spread("home-rfy", at("2026-11-26T04:00:00Z"), 5, 9_000, 9_000),
];
const EVENT = {
  requestedAt: new Date(REQUESTED).toISOString(),
  servingSince: new Date(SERVING).toISOString(),
  windowMinutes: 10,
  maxCtrDrop: 0.1,
  minImpressions: 500,
};

describe("guardrail function against dynalite", function () {
  this.timeout(30_000);
  let view: LocalView;
  let table: string;

  before(async () => {
    view = await startLocalView();
    table = await view.newTable();
    for (const row of ROWS) await view.client.send(new PutCommand({ TableName: table, Item: row }));
  });
  after(() => view.close());

  const cases = [
    {
      reads: "a channel's minutes by key range: 5% to 4%, rolled back",
      channels: ["home-rfy"],
      expected: { verdict: "rollback", impressions: [20_000, 20_000], clicks: [1000, 800] },
    },
    {
      reads: "every channel of each minute on the by-minute index: 3% to 6.5%, kept",
      channels: undefined,
      expected: { verdict: "keep", impressions: [40_000, 40_000], clicks: [1200, 2600] },
    },
  ];
  for (const { reads, channels, expected } of cases) {
    it(`reads ${reads}, as the in-memory view does`, async () => {
      const event = { ...EVENT, ...(channels ? { channels } : {}) };
      const result = await measureGuardrail(view.client, table, event);
      const inMemory = await measureGuardrail(simulatedViewClient(ROWS) as any, "view", event);
      expect(result).to.deep.equal(inMemory);
      expect({
        verdict: result.verdict,
        impressions: [result.before.impressions, result.after.impressions],
        clicks: [result.before.clicks, result.after.clicks],
      }).to.deep.equal(expected);
    });
  }
});
