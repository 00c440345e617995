import { expect } from "chai";
import { DEV_CONFIG, describeResourcePolicy, messages, res, urnOf, violations } from "./helpers";

const QUEUE = "arn:aws:sqs:us-east-1:123456789012:events-dlq";

describe("reliability policies", () => {
  describeResourcePolicy(
    "kinesis-retention-minimum",
    "aws:kinesis/stream:Stream",
    { retentionPeriod: 168 },
    [
      {
        path: "retentionPeriod",
        value: undefined,
        message:
          "retentionPeriod is 24 hours; this tier needs at least 168 so consumers can replay after an outage.",
      },
    ],
  );

  describeResourcePolicy(
    "firehose-error-prefix",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    {
      extendedS3Configuration: {
        errorOutputPrefix: "failed/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
      },
    },
    [
      {
        path: "extendedS3Configuration.errorOutputPrefix",
        value: undefined,
        message:
          'extendedS3Configuration.errorOutputPrefix is not set; set it, e.g. "failed/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/", so failed records are kept apart and never mixed with good data.',
      },
      {
        path: "extendedS3Configuration.errorOutputPrefix",
        value: "failed/",
        message:
          'errorOutputPrefix "failed/" does not include !{firehose:error-output-type}; add it so conversion and processing failures land apart.',
      },
    ],
  );

  describeResourcePolicy(
    "event-source-mapping-safe",
    "aws:lambda/eventSourceMapping:EventSourceMapping",
    {
      eventSourceArn: "arn:aws:kinesis:us-east-1:123456789012:stream/events",
      startingPosition: "LATEST",
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 3600,
      destinationConfig: { onFailure: { destinationArn: QUEUE } },
    },
    [
      {
        path: "bisectBatchOnFunctionError",
        value: undefined,
        message:
          "bisectBatchOnFunctionError is not true; set it so one bad record cannot block its shard.",
      },
      {
        path: "maximumRetryAttempts",
        value: -1,
        message:
          "maximumRetryAttempts is unbounded (-1); set it (e.g. 3) so a failing batch does not retry until it expires.",
      },
      {
        path: "maximumRecordAgeInSeconds",
        value: -1,
        message:
          "maximumRecordAgeInSeconds is unbounded (-1); set it (e.g. 3600) so a stuck shard skips records to the on-failure destination instead of falling days behind.",
      },
      {
        path: "destinationConfig",
        value: undefined,
        message:
          "destinationConfig.onFailure.destinationArn is not set; send discarded batches to an encrypted SQS queue so nothing is lost silently.",
      },
    ],
  );

  it("event-source-mapping-safe leaves queue sources alone (they have no starting position)", async () => {
    const sqs = res("aws:lambda/eventSourceMapping:EventSourceMapping", "r", {
      eventSourceArn: QUEUE,
      functionName: "f",
    });
    expect(await messages("event-source-mapping-safe", [sqs])).to.deep.equal([]);
  });

  describe("prod-stateful-protected", () => {
    const bucket = "aws:s3/bucket:Bucket";
    it("accepts protected stateful resources and ignores stateless ones", async () => {
      const resources = [
        res(bucket, "lake", {}, { protect: true, retainOnDelete: true }),
        res("aws:kms/key:Key", "key", { enableKeyRotation: true }, { protect: true }),
        res("aws:iam/role:Role", "role", { assumeRolePolicy: "{}" }),
      ];
      expect(await messages("prod-stateful-protected", resources)).to.deep.equal([]);
    });
    it("rejects an unprotected stream", async () => {
      const stream = res("aws:kinesis/stream:Stream", "events", {});
      expect(await violations("prod-stateful-protected", [stream])).to.deep.equal([
        {
          enforcementLevel: "mandatory",
          urn: urnOf("aws:kinesis/stream:Stream", "events"),
          message:
            "protect is not set; set protect: true (and retainOnDelete: true) so a destroy or a rename cannot delete its data.",
        },
      ]);
    });
    it("rejects an unprotected catalogue table, queue, log group and topic", async () => {
      const kinds = [
        ["aws:glue/catalogTable:CatalogTable", "events-table"],
        ["aws:sqs/queue:Queue", "dlq"],
        ["aws:cloudwatch/logGroup:LogGroup", "logs"],
        ["aws:sns/topic:Topic", "alerts"],
      ] as const;
      const found = await violations(
        "prod-stateful-protected",
        kinds.map(([type, name]) => res(type, name, {})),
      );
      expect(found.map((v) => v.urn)).to.deep.equal(kinds.map(([type, name]) => urnOf(type, name)));
      expect(new Set(found.map((v) => v.message))).to.deep.equal(
        new Set([
          "protect is not set; set protect: true (and retainOnDelete: true) so a destroy or a rename cannot delete its data.",
        ]),
      );
    });
    it("rejects forceDestroy on a protected bucket", async () => {
      const lake = res(bucket, "lake", { forceDestroy: true }, { protect: true });
      expect(await messages("prod-stateful-protected", [lake])).to.deep.equal([
        "forceDestroy is true; a protected tier must never empty a bucket on delete.",
      ]);
    });
    it("is disabled in dev", async () => {
      const stream = res("aws:kinesis/stream:Stream", "events", {});
      expect(await messages("prod-stateful-protected", [stream], DEV_CONFIG)).to.deep.equal([]);
    });
  });
});
