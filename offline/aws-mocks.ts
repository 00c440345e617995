/**
 * Pulumi mocks whose outputs look like AWS's: ARNs carry the partition, region, account and the
 * physical name, so wiring between components is visible in the recorded inputs.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

export const MOCK_ACCOUNT_ID = "123456789012";

/** A short, stable suffix like Pulumi's auto-naming, so plans are reproducible run to run. */
function suffix(name: string): string {
  return createHash("sha256").update(name).digest("hex").slice(0, 7);
}

function uuidFor(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

type State = Record<string, unknown>;
type ArnBuilder = (physical: string, inputs: State, region: string, account: string) => State;

const arn = (service: string, resource: string, region: string, account: string) =>
  `arn:aws:${service}:${region}:${account}:${resource}`;

/** Per type: the physical-name input and the extra state AWS returns. */
const TYPES: Record<string, { nameInput?: string; state: ArnBuilder }> = {
  "aws:s3/bucket:Bucket": {
    nameInput: "bucket",
    state: (n, _i, r) => ({
      bucket: n,
      arn: `arn:aws:s3:::${n}`,
      bucketDomainName: `${n}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${n}.s3.${r}.amazonaws.com`,
    }),
  },
  "aws:s3/bucketV2:BucketV2": {
    nameInput: "bucket",
    state: (n) => ({ bucket: n, arn: `arn:aws:s3:::${n}` }),
  },
  "aws:kms/key:Key": {
    state: (n, _i, r, a) => ({ keyId: uuidFor(n), arn: arn("kms", `key/${uuidFor(n)}`, r, a) }),
  },
  "aws:kms/alias:Alias": {
    nameInput: "name",
    state: (n, _i, r, a) => ({ arn: arn("kms", n, r, a) }),
  },
  "aws:kinesis/stream:Stream": {
    nameInput: "name",
    state: (n, _i, r, a) => ({ name: n, arn: arn("kinesis", `stream/${n}`, r, a) }),
  },
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
    nameInput: "name",
    state: (n, _i, r, a) => ({ name: n, arn: arn("firehose", `deliverystream/${n}`, r, a) }),
  },
  "aws:msk/serverlessCluster:ServerlessCluster": {
    nameInput: "clusterName",
    state: (n, _i, r, a) => ({
      clusterName: n,
      clusterUuid: `${uuidFor(n)}-s1`,
      arn: arn("kafka", `cluster/${n}/${uuidFor(n)}-s1`, r, a),
      bootstrapBrokersSaslIam: `boot-${suffix(n)}.c1.kafka-serverless.${r}.amazonaws.com:9098`,
    }),
  },
  "aws:msk/topic:Topic": { nameInput: "name", state: (n) => ({ name: n }) },
  "aws:ec2/securityGroup:SecurityGroup": {
    nameInput: "name",
    state: (n, _i, r, a) => ({ name: n, arn: arn("ec2", `security-group/sg-${suffix(n)}`, r, a) }),
  },
  "aws:ec2/vpcEndpoint:VpcEndpoint": {
    state: (n) => ({ prefixListId: `pl-${suffix(n)}` }),
  },
  "aws:opensearch/serverlessCollection:ServerlessCollection": {
    nameInput: "name",
    state: (n, _i, r, a) => ({
      name: n,
      arn: arn("aoss", `collection/${suffix(n)}${suffix(`${n}-id`)}`, r, a),
      collectionEndpoint: `https://${suffix(n)}${suffix(`${n}-id`)}.${r}.aoss.amazonaws.com`,
      dashboardEndpoint: `https://${suffix(n)}${suffix(`${n}-id`)}.${r}.aoss.amazonaws.com/_dashboards`,
    }),
  },
  "aws:iam/role:Role": {
    nameInput: "name",
    state: (n, _i, _r, a) => ({
      name: n,
      arn: `arn:aws:iam::${a}:role/${n}`,
      uniqueId: `AROA${suffix(n).toUpperCase()}`,
    }),
  },
  "aws:iam/policy:Policy": {
    nameInput: "name",
    state: (n, _i, _r, a) => ({ name: n, arn: `arn:aws:iam::${a}:policy/${n}` }),
  },
  "aws:lambda/function:Function": {
    nameInput: "name",
    state: (n, _i, r, a) => ({
      name: n,
      arn: arn("lambda", `function:${n}`, r, a),
      invokeArn: `arn:aws:apigateway:${r}:lambda:path/2015-03-31/functions/${arn("lambda", `function:${n}`, r, a)}/invocations`,
      qualifiedArn: arn("lambda", `function:${n}:$LATEST`, r, a),
    }),
  },
  "aws:lambda/functionUrl:FunctionUrl": {
    state: (n, _i, r) => ({
      functionUrl: `https://${suffix(n)}${suffix(`${n}-url`)}abcdefghijklmnopq.lambda-url.${r}.on.aws/`,
    }),
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    nameInput: "name",
    state: (n, _i, r, a) => ({ name: n, arn: arn("logs", `log-group:${n}`, r, a) }),
  },
  "aws:lambda/eventSourceMapping:EventSourceMapping": {
    state: (n, _i, r, a) => ({
      uuid: uuidFor(n),
      arn: arn("lambda", `event-source-mapping:${uuidFor(n)}`, r, a),
    }),
  },
  "aws:sns/topicSubscription:TopicSubscription": {
    state: (n, i) => ({ arn: `${String(i.topic)}:${uuidFor(n)}` }),
  },
  "aws:s3/bucketObjectv2:BucketObjectv2": {
    state: (_n, i) => ({ arn: `arn:aws:s3:::${String(i.bucket)}/${String(i.key)}` }),
  },
  "aws:cloudwatch/logStream:LogStream": {
    nameInput: "name",
    state: (n, i, r, a) => ({
      name: n,
      arn: arn("logs", `log-group:${String(i.logGroupName)}:log-stream:${n}`, r, a),
    }),
  },
  "aws:sqs/queue:Queue": {
    nameInput: "name",
    state: (n, _i, r, a) => ({
      name: n,
      arn: arn("sqs", n, r, a),
      url: `https://sqs.${r}.amazonaws.com/${a}/${n}`,
    }),
  },
  "aws:sns/topic:Topic": {
    nameInput: "name",
    state: (n, _i, r, a) => ({ name: n, arn: arn("sns", n, r, a) }),
  },
  "aws:dynamodb/table:Table": {
    nameInput: "name",
    state: (n, _i, r, a) => ({
      name: n,
      arn: arn("dynamodb", `table/${n}`, r, a),
      streamArn: arn("dynamodb", `table/${n}/stream/2026-01-01T00:00:00.000`, r, a),
    }),
  },
  "aws:glue/catalogDatabase:CatalogDatabase": {
    nameInput: "name",
    state: (n, _i, r, a) => ({ name: n, arn: arn("glue", `database/${n}`, r, a) }),
  },
  "aws:glue/catalogTable:CatalogTable": {
    nameInput: "name",
    state: (n, i, r, a) => ({
      name: n,
      arn: arn("glue", `table/${String(i.databaseName)}/${n}`, r, a),
    }),
  },
  "aws:athena/workgroup:Workgroup": {
    nameInput: "name",
    state: (n, _i, r, a) => ({ name: n, arn: arn("athena", `workgroup/${n}`, r, a) }),
  },
  "aws:sfn/stateMachine:StateMachine": {
    nameInput: "name",
    state: (n, _i, r, a) => ({ name: n, arn: arn("states", `stateMachine:${n}`, r, a) }),
  },
  "aws:kinesisanalyticsv2/application:Application": {
    nameInput: "name",
    state: (n, _i, r, a) => ({
      name: n,
      arn: arn("kinesisanalytics", `application/${n}`, r, a),
      versionId: 1,
    }),
  },
  "aws:scheduler/schedule:Schedule": {
    nameInput: "name",
    state: (n, i, r, a) => ({
      name: n,
      arn: arn("scheduler", `schedule/${String(i.groupName ?? "default")}/${n}`, r, a),
    }),
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    nameInput: "name",
    state: (n, _i, r, a) => ({ name: n, arn: arn("cloudwatch", `alarm:${n}`, r, a) }),
  },
  "aws:cloudwatch/dashboard:Dashboard": {
    nameInput: "dashboardName",
    state: (n, _i, _r, a) => ({
      dashboardName: n,
      dashboardArn: `arn:aws:cloudwatch::${a}:dashboard/${n}`,
    }),
  },
  "aws:quicksight/dataSource:DataSource": {
    state: (n, i, r, a) => ({
      arn: arn("quicksight", `datasource/${String(i.dataSourceId ?? n)}`, r, a),
    }),
  },
  "aws:quicksight/dataSet:DataSet": {
    state: (n, i, r, a) => ({
      arn: arn("quicksight", `dataset/${String(i.dataSetId ?? n)}`, r, a),
    }),
  },
  "aws:quicksight/dashboard:Dashboard": {
    state: (n, i, r, a) => ({
      arn: arn("quicksight", `dashboard/${String(i.dashboardId ?? n)}`, r, a),
      versionNumber: 1,
    }),
  },
  // API Gateway ids are 10 lower-case characters; ARNs carry no account.
  "aws:apigateway/restApi:RestApi": {
    nameInput: "name",
    state: (n, _i, r, a) => ({
      id: apiId(n),
      rootResourceId: apiId(`${n}/`).slice(0, 10),
      arn: `arn:aws:apigateway:${r}::/restapis/${apiId(n)}`,
      executionArn: arn("execute-api", apiId(n), r, a),
    }),
  },
  "aws:apigateway/resource:Resource": {
    state: (n, i) => ({ id: apiId(n), path: `/${String(i.pathPart)}` }),
  },
  "aws:apigateway/stage:Stage": {
    state: (_n, i, r, a) => ({
      arn: `arn:aws:apigateway:${r}::/restapis/${String(i.restApi)}/stages/${String(i.stageName)}`,
      invokeUrl: `https://${String(i.restApi)}.execute-api.${r}.amazonaws.com/${String(i.stageName)}`,
      executionArn: arn("execute-api", `${String(i.restApi)}/${String(i.stageName)}`, r, a),
    }),
  },
  "aws:wafv2/webAcl:WebAcl": {
    nameInput: "name",
    state: (n, i, r, a) => ({
      id: uuidFor(n),
      arn: arn("wafv2", `${String(i.scope).toLowerCase()}/webacl/${n}/${uuidFor(n)}`, r, a),
    }),
  },
  "aws:cognito/identityPool:IdentityPool": {
    state: (n, _i, r, a) => ({
      id: `${r}:${uuidFor(n)}`,
      arn: arn("cognito-identity", `identitypool/${r}:${uuidFor(n)}`, r, a),
    }),
  },
};

function apiId(name: string): string {
  return createHash("sha256")
    .update(name)
    .digest("hex")
    .replace(/\d/g, "")
    .slice(0, 10)
    .padEnd(10, "a");
}

/** The physical name AWS would get: the explicit input, else Pulumi-style auto-naming. */
function physicalName(type: string, name: string, inputs: State): string {
  const input = TYPES[type]?.nameInput;
  const given = input ? inputs[input] : undefined;
  if (typeof given === "string" && given.length > 0) return given;
  const prefix = inputs.namePrefix ?? inputs.bucketPrefix;
  if (typeof prefix === "string") return `${prefix}${suffix(name)}`;
  const base =
    type === "aws:s3/bucket:Bucket" || type === "aws:s3/bucketV2:BucketV2"
      ? name.toLowerCase()
      : name;
  return `${base}-${suffix(name)}`;
}

export class AwsLikeMocks implements pulumi.runtime.Mocks {
  constructor(
    private readonly region: string,
    private readonly account = MOCK_ACCOUNT_ID,
  ) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
    const inputs = (args.inputs ?? {}) as State;
    if (args.type.startsWith("pulumi-nodejs:dynamic/personalize:")) {
      return this.personalize(args.type, args.name, inputs);
    }
    if (args.type === "awsx:ec2:Vpc") return this.awsxVpc(args.name, inputs);
    if (!args.type.startsWith("aws:")) {
      // Other dynamic providers and packages: echo the inputs, as a no-op provider would.
      return { id: `${args.name}-${suffix(args.name)}`, state: { ...inputs } };
    }
    const physical = physicalName(args.type, args.name, inputs);
    const known = TYPES[args.type];
    // A type the mocks do not know gets no invented ARN: a wrong-shaped one would pass into
    // policies unnoticed, where an absent one shows as unknown.
    const extra = known ? known.state(physical, inputs, this.region, this.account) : {};
    // A service-assigned id (an API's, a pool's) wins over the name.
    const id =
      typeof extra.id === "string"
        ? extra.id
        : typeof extra.name === "string"
          ? extra.name
          : physical;
    return {
      id: args.type === "aws:kms/key:Key" ? String(extra.keyId) : id,
      state: {
        ...inputs,
        id,
        ...(known?.nameInput ? { [known.nameInput]: physical } : {}),
        ...extra,
      },
    };
  }

  /**
   * awsx's Vpc is a remote component, one opaque resource under mocks: it gets the ids the real
   * one outputs (one private subnet per zone), so what is wired to them shows in the plan.
   */
  private awsxVpc(name: string, inputs: State): { id: string; state: State } {
    const zones =
      typeof inputs.numberOfAvailabilityZones === "number" ? inputs.numberOfAvailabilityZones : 3;
    const subnets = Array.from({ length: zones }, (_, i) => `subnet-${suffix(`${name}-${i}`)}`);
    return {
      id: name,
      state: {
        ...inputs,
        vpcId: `vpc-${suffix(name)}`,
        privateSubnetIds: subnets,
        publicSubnetIds: [],
        isolatedSubnetIds: [],
      },
    };
  }

  /** Personalize resources (dynamic providers) get the ARNs Personalize would return. */
  private personalize(type: string, name: string, inputs: State): { id: string; state: State } {
    const kind = type.split(":").pop() ?? "resource";
    const physical = typeof inputs.name === "string" ? inputs.name : `${name}-${suffix(name)}`;
    const path = kind.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
    // A dataset is named by its group and type (dataset/<group>/INTERACTIONS), not by itself.
    const id =
      kind === "Dataset" && typeof inputs.datasetGroupArn === "string"
        ? `${inputs.datasetGroupArn.split("/").pop()}/${String(inputs.datasetType).toUpperCase()}`
        : physical;
    const resourceArn = arn("personalize", `${path}/${id}`, this.region, this.account);
    const extra: State = { arn: resourceArn, status: "ACTIVE" };
    if (kind === "EventTracker") extra.trackingId = uuidFor(name);
    return { id: resourceArn, state: { ...inputs, ...extra } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const inputs = (args.inputs ?? {}) as State;
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          accountId: this.account,
          arn: `arn:aws:iam::${this.account}:user/offline-plan`,
          userId: "AIDAOFFLINE",
          id: this.account,
        };
      case "aws:index/getRegion:getRegion":
        return {
          name: this.region,
          region: this.region,
          id: this.region,
          endpoint: `ec2.${this.region}.amazonaws.com`,
        };
      case "aws:index/getPartition:getPartition":
        return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
      case "aws:ec2/getRouteTables:getRouteTables": {
        // One route table per private subnet, as awsx makes them.
        const filters = (inputs.filters ?? []) as { values?: string[] }[];
        const subnets = filters.flatMap((f) => f.values ?? []);
        return { ids: subnets.map((s) => `rtb-${suffix(s)}`), id: this.region };
      }
      default:
        return inputs;
    }
  }
}
