/**
 * The KPI serving API run as it runs for real with each shipped stack's configuration (read from
 * its plan): DynamoDB requests to dynalite (the speed view and the cache) recorded at the SDK
 * boundary, Athena and Glue answered by aws-sdk-client-mock, for a cache miss, a cache hit, the
 * minute series and the widget's channel discovery.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { GetPartitionsCommand, GlueClient } from "@aws-sdk/client-glue";
import { mockClient } from "aws-sdk-client-mock";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import type { PlanResult } from "../../../../offline/plan";
import {
  handleKpiRequest,
  handleWidget,
  loadServingConfig,
} from "../../../../components/kpi-serving/handler/handler";
import { startLocalView } from "../../../realtime-analytics/view/dynalite";
import { mockedRequests, recordSentRequests } from "../recorder";
import type { ApiRequest } from "../validate";
import { lambdaEnv, longest } from "./handlers";

const NOW = Date.parse("2026-11-26T10:30:00.000Z");
const get = (query: Record<string, string>) =>
  ({
    queryStringParameters: query,
    requestContext: { http: { method: "GET" } },
  }) as unknown as LambdaFunctionURLEvent;

export async function servingRequests(plans: readonly PlanResult[]): Promise<ApiRequest[]> {
  const requests: ApiRequest[] = [];
  const view = await startLocalView();
  const athena = mockClient(AthenaClient);
  const glue = mockClient(GlueClient);
  athena
    .on(StartQueryExecutionCommand)
    .resolves({ QueryExecutionId: "0f8fad5b-d9cb-469f-a165-70867728950e" });
  let stuck = false;
  athena.on(GetQueryExecutionCommand).callsFake(() => ({
    QueryExecution: {
      QueryExecutionId: "0f8fad5b-d9cb-469f-a165-70867728950e",
      Status: { State: stuck ? "RUNNING" : "SUCCEEDED" },
    },
  }));
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      Rows: [
        {
          Data: ["dt", "channel", "impressions", "clicks", "conversions", "revenue"].map((v) => ({
            VarCharValue: v,
          })),
        },
        {
          Data: ["2026-11-25", "home-rfy", "100", "7", "2", "19.98"].map((v) => ({
            VarCharValue: v,
          })),
        },
      ],
    },
  });
  athena.on(StopQueryExecutionCommand).resolves({});
  glue.on(GetPartitionsCommand).resolves({ Partitions: [{ Values: ["2026-11-25"] }] });
  try {
    for (const plan of plans) {
      const env = lambdaEnv(plan, "-kpi-serving-api");
      const viewTable = await view.newTable();
      const cacheTable = `cache-${plan.stack}`;
      await view.createTable({
        TableName: cacheTable,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      });
      const config = {
        ...loadServingConfig(env),
        cacheTableName: cacheTable,
        ...(env.VIEW_TABLE_NAME ? { viewTableName: viewTable } : {}),
      };
      const deps = {
        dynamo: view.client,
        athena: new AthenaClient({ region: "us-east-1" }),
        glue: new GlueClient({ region: "us-east-1" }),
        now: () => NOW,
      };
      // Twenty channels at the slug limit: the most one request may name.
      const channels = Array.from({ length: 20 }, (_, i) => longest("channel", `c${i}`)).join(",");
      const stop = recordSentRequests(requests);
      try {
        for (let i = 0; i < 2; i++) {
          await handleKpiRequest(
            get({ channels, from: "2025-11-27", to: "2026-11-26" }),
            config,
            deps,
          );
        }
        await handleKpiRequest(get({ channels, minutes: "1440" }), config, deps);
        // A query that outlives the deadline is stopped: a fresh range misses the cache.
        stuck = true;
        await handleKpiRequest(get({ channels, from: "2026-01-01", to: "2026-01-31" }), config, {
          ...deps,
          athenaTimeoutMs: -1,
        });
        stuck = false;
        await handleWidget({ widgetContext: { width: 600, height: 300 } }, config, deps);
      } finally {
        stop();
      }
    }
    requests.push(...mockedRequests(athena, AthenaClient), ...mockedRequests(glue, GlueClient));
  } finally {
    athena.restore();
    glue.restore();
    await view.close();
  }
  return requests;
}
