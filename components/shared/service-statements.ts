/**
 * IAM statements several components grant the same way, written once so that a fix to one (a new
 * action a service starts to need, a narrower resource) reaches every role that uses it.
 */
import type { StreamRefs } from "./contracts";
import type { PolicyStatement } from "./iam";

/**
 * What a consumer of the behaviour-log stream needs (a Lambda event source mapping, a Flink
 * source): find and read its shards, and decrypt records with the stream's key. Nothing else of
 * the stream, and no other stream.
 */
export function readStreamStatements(stream: StreamRefs): PolicyStatement[] {
  return [
    {
      Sid: "ReadStream",
      Action: [
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:ListShards",
        "kinesis:GetShardIterator",
        "kinesis:GetRecords",
      ],
      Resource: [stream.streamArn],
    },
    { Sid: "DecryptStream", Action: ["kms:Decrypt"], Resource: [stream.kmsKeyArn] },
  ];
}

/**
 * A Step Functions role's execution logging and X-Ray tracing. Neither the vended-log delivery
 * actions nor the X-Ray writes have resource-level permissions: "*" is the only valid resource
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
 */
export function stepFunctionsObservabilityStatements(): PolicyStatement[] {
  return [
    {
      Sid: "DeliverExecutionLogs",
      Action: [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
      ],
      Resource: ["*"],
    },
    {
      Sid: "WriteTraces",
      Action: [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
      ],
      Resource: ["*"],
    },
  ];
}
