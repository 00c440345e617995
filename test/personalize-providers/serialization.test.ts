/**
 * The engine serialises each dynamic provider with `pulumi.runtime.serializeFunction` and loads
 * the text in its provider process. These tests take the same step, check the text requires the
 * SDK instead of capturing a client, and run the loaded provider's `create` against the mock.
 */
import {
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateEventTrackerCommand,
  CreateFilterCommand,
  CreateMetricAttributionCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeEventTrackerCommand,
  DescribeFilterCommand,
  DescribeMetricAttributionCommand,
  DescribeSolutionCommand,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import Module from "node:module";
import {
  DatasetGroupProvider,
  DatasetProvider,
  EventTrackerProvider,
  FilterProvider,
  MetricAttributionProvider,
  SchemaProvider,
  SolutionProvider,
  clicksAndRevenueMetrics,
} from "../../components/personalize-providers";
import { REGION, arnOf, usePersonalizeMock } from "./helpers";

/** What the dynamic-provider host does with `__provider`: load the text as a module, call handler(). */
function load(text: string): pulumi.dynamic.ResourceProvider {
  const m = new Module("serialized-provider.js", module) as Module & {
    _compile(code: string, file: string): void;
  };
  m.paths = module.paths;
  m._compile(text, "serialized-provider.js");
  return (m.exports as { handler: () => pulumi.dynamic.ResourceProvider }).handler();
}

const GROUP = arnOf("dataset-group/g");
const target = { region: REGION };

const CASES: {
  name: string;
  provider: pulumi.dynamic.ResourceProvider;
  inputs: Record<string, unknown>;
  arrange: (pz: ReturnType<typeof usePersonalizeMock>) => void;
  id: string;
}[] = [
  {
    name: "DatasetGroupProvider",
    provider: new DatasetGroupProvider(),
    inputs: { ...target, name: "g" },
    arrange: (pz) => {
      pz.on(CreateDatasetGroupCommand).resolves({ datasetGroupArn: GROUP });
      pz.on(DescribeDatasetGroupCommand).resolves({ datasetGroup: { status: "ACTIVE" } });
    },
    id: GROUP,
  },
  {
    name: "SchemaProvider",
    provider: new SchemaProvider(),
    inputs: { ...target, name: "s", schema: "{}", datasetType: "Users" },
    arrange: (pz) => pz.on(CreateSchemaCommand).resolves({ schemaArn: arnOf("schema/s") }),
    id: arnOf("schema/s"),
  },
  {
    name: "DatasetProvider",
    provider: new DatasetProvider(),
    inputs: {
      ...target,
      name: "d",
      datasetGroupArn: GROUP,
      datasetType: "Users",
      schemaArn: arnOf("schema/s"),
    },
    arrange: (pz) => {
      pz.on(CreateDatasetCommand).resolves({ datasetArn: arnOf("dataset/g/USERS") });
      pz.on(DescribeDatasetCommand).resolves({ dataset: { status: "ACTIVE" } });
    },
    id: arnOf("dataset/g/USERS"),
  },
  {
    name: "EventTrackerProvider",
    provider: new EventTrackerProvider(),
    inputs: { ...target, name: "t", datasetGroupArn: GROUP },
    arrange: (pz) => {
      pz.on(CreateEventTrackerCommand).resolves({
        eventTrackerArn: arnOf("event-tracker/t"),
        trackingId: "tid",
      });
      pz.on(DescribeEventTrackerCommand).resolves({ eventTracker: { status: "ACTIVE" } });
    },
    id: arnOf("event-tracker/t"),
  },
  {
    name: "FilterProvider",
    provider: new FilterProvider(),
    inputs: { ...target, name: "f", datasetGroupArn: GROUP, filterExpression: "EXCLUDE ItemID" },
    arrange: (pz) => {
      pz.on(CreateFilterCommand).resolves({ filterArn: arnOf("filter/f") });
      pz.on(DescribeFilterCommand).resolves({ filter: { status: "ACTIVE" } });
    },
    id: arnOf("filter/f"),
  },
  {
    name: "MetricAttributionProvider",
    provider: new MetricAttributionProvider(),
    inputs: {
      ...target,
      name: "m",
      datasetGroupArn: GROUP,
      metrics: clicksAndRevenueMetrics(),
      roleArn: "r",
    },
    arrange: (pz) => {
      pz.on(CreateMetricAttributionCommand).resolves({
        metricAttributionArn: arnOf("metric-attribution/m"),
      });
      pz.on(DescribeMetricAttributionCommand).resolves({ metricAttribution: { status: "ACTIVE" } });
    },
    id: arnOf("metric-attribution/m"),
  },
  {
    name: "SolutionProvider",
    provider: new SolutionProvider(),
    inputs: {
      ...target,
      name: "s",
      datasetGroupArn: GROUP,
      recipe: "aws-sims",
      performHPO: false,
      performAutoTraining: false,
    },
    arrange: (pz) => {
      pz.on(CreateSolutionCommand).resolves({ solutionArn: arnOf("solution/s") });
      pz.on(DescribeSolutionCommand).resolves({ solution: { status: "ACTIVE" } });
    },
    id: arnOf("solution/s"),
  },
];

describe("Personalize providers serialise as the engine does it", () => {
  const pz = usePersonalizeMock();

  for (const c of CASES) {
    it(`${c.name} serialises without capturing a client and runs once loaded`, async () => {
      const { text } = await pulumi.runtime.serializeFunction(() => c.provider, {
        allowSecrets: true,
      });
      // The SDK is required in the provider process, never captured by value.
      expect(text).to.match(/require\("@aws-sdk\/client-personalize[^"]*"\)/);
      expect(text).not.to.match(/middlewareStack|requestHandler|credentialDefaultProvider/);
      c.arrange(pz);
      const loaded = load(text);
      const result = await loaded.create(c.inputs);
      expect(result.id).to.equal(c.id);
      expect(result.outs.arn).to.equal(c.id);
    });
  }
});
