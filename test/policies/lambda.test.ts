import { expect } from "chai";
import { describeResourcePolicy, messages, res, urnOf, violations } from "./helpers";

const FUNCTION = "aws:lambda/function:Function";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ESM = "aws:lambda/eventSourceMapping:EventSourceMapping";
const QUEUE = "aws:sqs/queue:Queue";
const QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:orders";

describe("lambda-no-plaintext-secrets", () => {
  const secretMessage = (name: string) =>
    `environment variable ${name} looks like a secret and holds a literal value; it is stored in plaintext in the function's configuration, state and every preview. Put the secret in Secrets Manager (or an SSM SecureString) and pass its ARN, read at run time.`;
  describeResourcePolicy(
    "lambda-no-plaintext-secrets",
    FUNCTION,
    {
      environment: {
        variables: {
          TABLE_NAME: "view",
          TRACKING_ID: "7e646b8a",
          KMS_KEY_ARN: "arn:aws:kms:us-east-1:123456789012:key/1",
          DB_PASSWORD_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCd",
          API_TOKEN: "{{resolve:secretsmanager:api:SecretString:token}}",
        },
      },
    },
    [
      {
        path: "environment.variables.DB_PASSWORD",
        value: "hunter2",
        message: secretMessage("DB_PASSWORD"),
      },
      {
        path: "environment.variables.STRIPE_API_KEY",
        value: "sk_live_51H",
        message: secretMessage("STRIPE_API_KEY"),
      },
      {
        path: "environment.variables.UPSTREAM",
        value: "https://AKIAIOSFODNN7EXAMPLE@example.com",
        message:
          "environment variable UPSTREAM holds an AWS access key id; it is stored in plaintext in the function's configuration, state and every preview. Put the secret in Secrets Manager (or an SSM SecureString) and pass its ARN, read at run time.",
      },
    ],
  );
});

describe("lambda-dedicated-log-group", () => {
  const fnUrn = urnOf(FUNCTION, "api");
  const fn = (inputs: Record<string, unknown>) => res(FUNCTION, "api", inputs);
  const group = (inputs: Record<string, unknown>) => res(LOG_GROUP, "api-logs", inputs);

  it("accepts a function whose loggingConfig names a group the stack creates (by name or prefix)", async () => {
    const byPrefix = [
      group({ namePrefix: "/aws/lambda/api-" }),
      fn({ loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/api-5edcb73" } }),
    ];
    const byImplicitName = [group({ name: "/aws/lambda/reco-api" }), fn({ name: "reco-api" })];
    expect(await messages("lambda-dedicated-log-group", byPrefix)).to.deep.equal([]);
    expect(await messages("lambda-dedicated-log-group", byImplicitName)).to.deep.equal([]);
  });

  it("rejects a function with no group of its own", async () => {
    expect(await violations("lambda-dedicated-log-group", [fn({})])).to.deep.equal([
      {
        enforcementLevel: "mandatory",
        urn: fnUrn,
        message:
          'Function "api" writes to the log group Lambda creates on first invocation, which never expires and is not encrypted with a customer-managed key; create an aws.cloudwatch.LogGroup (retentionInDays, kmsKeyId) and set loggingConfig.logGroup to its name.',
      },
    ]);
    expect(
      await messages("lambda-dedicated-log-group", [
        fn({ loggingConfig: { logGroup: "/shared" } }),
      ]),
    ).to.deep.equal([
      'Function "api" writes to "/shared", a log group this stack does not create, which never expires and is not encrypted with a customer-managed key; create an aws.cloudwatch.LogGroup (retentionInDays, kmsKeyId) and set loggingConfig.logGroup to its name.',
    ]);
  });
});

describe("lambda-sqs-source-safe", () => {
  const queueUrn = urnOf(QUEUE, "orders");
  const queue = (inputs: Record<string, unknown>) => res(QUEUE, "orders", inputs);
  const mapping = (inputs: Record<string, unknown>, dependsOnQueue = true) =>
    res(
      ESM,
      "orders-source",
      { eventSourceArn: QUEUE_ARN, functionName: "f", ...inputs },
      { dependencies: dependsOnQueue ? [queueUrn] : [] },
    );
  const redrive = {
    redrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:dlq", maxReceiveCount: 5 }),
  };
  const partial = { functionResponseTypes: ["ReportBatchItemFailures"] };

  it("accepts partial batch reporting from a queue with a redrive (inline or its own resource)", async () => {
    expect(
      await messages("lambda-sqs-source-safe", [queue(redrive), mapping(partial)]),
    ).to.deep.equal([]);
    const separate = res(
      "aws:sqs/redrivePolicy:RedrivePolicy",
      "orders-redrive",
      { queueUrl: "u", redrivePolicy: "{}" },
      { dependencies: [queueUrn] },
    );
    expect(
      await messages("lambda-sqs-source-safe", [queue({}), separate, mapping(partial)]),
    ).to.deep.equal([]);
  });

  it("rejects a mapping without partial batch failure reporting", async () => {
    expect(await messages("lambda-sqs-source-safe", [queue(redrive), mapping({})])).to.deep.equal([
      'EventSourceMapping "orders-source" reads an SQS queue without functionResponseTypes ["ReportBatchItemFailures"], so one failed message returns the whole batch and every good message in it is processed again; report failed items and return their ids.',
    ]);
  });

  it("rejects a queue without a redrive, and a queue it cannot see", async () => {
    expect(await messages("lambda-sqs-source-safe", [queue({}), mapping(partial)])).to.deep.equal([
      'EventSourceMapping "orders-source" reads Queue "orders", which has no redrivePolicy, so a message that always fails is retried until its retention ends and then lost; set redrivePolicy { deadLetterTargetArn, maxReceiveCount } on the queue.',
    ]);
    expect(await messages("lambda-sqs-source-safe", [mapping(partial, false)])).to.deep.equal([
      `EventSourceMapping "orders-source" reads ${QUEUE_ARN}, a queue outside this stack, so its redrive to a dead-letter queue cannot be verified; manage the queue in this stack or read one that does.`,
    ]);
  });
});

describe("dynamodb-table-recoverable", () => {
  describeResourcePolicy(
    "dynamodb-table-recoverable",
    "aws:dynamodb/table:Table",
    { pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true },
    [
      {
        path: "pointInTimeRecovery.enabled",
        value: false,
        message:
          "pointInTimeRecovery.enabled is not true; turn it on so a bad write or a buggy deploy can be rolled back to any second of the last 35 days.",
      },
      {
        path: "deletionProtectionEnabled",
        value: undefined,
        message:
          "deletionProtectionEnabled is not true; turn it on so the table cannot be deleted by an API call or a replaced resource.",
      },
    ],
  );
});

describe("Firehose destinations other than S3", () => {
  describeResourcePolicy(
    "firehose-destination-https",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    {
      destination: "http_endpoint",
      httpEndpointConfiguration: { url: "https://collector.example.com" },
    },
    [
      {
        path: "httpEndpointConfiguration.url",
        value: "http://collector.example.com",
        message:
          'httpEndpointConfiguration.url is "http://collector.example.com"; behaviour events would cross the network unencrypted, so use an https:// endpoint.',
      },
    ],
  );
  describeResourcePolicy(
    "firehose-buffering",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    {
      destination: "http_endpoint",
      httpEndpointConfiguration: { url: "https://c", bufferingInterval: 300 },
    },
    [
      {
        path: "httpEndpointConfiguration.bufferingInterval",
        value: 60,
        message:
          "bufferingInterval is 60 s; this tier needs at least 300 s so each delivery writes fewer, larger objects.",
      },
    ],
  );
});
