/**
 * What the training state machine may do, statement by statement. Each names its actions and the
 * ARNs they apply to; the only "*" are actions AWS offers no resource-level permission for.
 */
import * as pulumi from "@pulumi/pulumi";
import { CATALOGUE_KINDS, CATALOGUES } from "../../events/catalogue";
import { LAKE_PREFIXES, LakeRefs, TopicRefs } from "../shared/contracts";
import { PolicyStatement, objectArn } from "../shared/iam";
import { stepFunctionsObservabilityStatements } from "../shared/service-statements";

export interface PipelinePolicyArgs {
  /** `arn:<partition>:<service>:<region>:<account>` prefixes, resolved once by the component. */
  readonly personalizeArnPrefix: pulumi.Input<string>;
  readonly glueArnPrefix: pulumi.Input<string>;
  readonly athenaArnPrefix: pulumi.Input<string>;
  readonly datasetArns: readonly pulumi.Input<string>[];
  readonly solutionArn: pulumi.Input<string>;
  /** Absent when the stack keeps no campaign. */
  readonly campaignArn?: pulumi.Input<string>;
  readonly personalizeRoleArn: pulumi.Input<string>;
  readonly workgroupArn: pulumi.Input<string>;
  readonly lake: LakeRefs;
  readonly topic: TopicRefs;
  /** The export-header Lambda, the only function the state machine may invoke. */
  readonly unquoteHeaderFunctionArn: pulumi.Input<string>;
  /** The online guardrail's Lambda, when the guardrail is on. */
  readonly guardrailFunctionArn?: pulumi.Input<string>;
}

export function pipelineStatements(a: PipelinePolicyArgs): PolicyStatement[] {
  const pz = (resource: string) => pulumi.interpolate`${a.personalizeArnPrefix}:${resource}`;
  const versionsOfSolution = pulumi.interpolate`${a.solutionArn}/*`;
  const statements: PolicyStatement[] = [
    {
      Sid: "ImportDatasets",
      Action: ["personalize:CreateDatasetImportJob"],
      Resource: [...a.datasetArns, pz("dataset-import-job/*")],
    },
    {
      Sid: "WatchImports",
      Action: ["personalize:DescribeDatasetImportJob"],
      Resource: [pz("dataset-import-job/*")],
    },
    {
      Sid: "Train",
      Action: ["personalize:CreateSolutionVersion"],
      Resource: [a.solutionArn, versionsOfSolution],
    },
    {
      Sid: "ReadSolutionVersions",
      Action: ["personalize:DescribeSolutionVersion", "personalize:GetSolutionMetrics"],
      // The campaign may still serve a version of a solution this deploy replaced (solutions are
      // immutable: a recipe change creates a new one), so the regression check reads any solution's versions.
      Resource: [pz("solution/*")],
    },
    {
      Sid: "PassPersonalizeRole",
      Action: ["iam:PassRole"],
      Resource: [a.personalizeRoleArn],
      Condition: { StringEquals: { "iam:PassedToService": "personalize.amazonaws.com" } },
    },
    {
      Sid: "RunExportQueries",
      Action: [
        "athena:StartQueryExecution",
        "athena:GetQueryExecution",
        "athena:GetQueryResults",
        "athena:StopQueryExecution",
      ],
      Resource: [a.workgroupArn],
    },
    {
      // Step Functions' Athena integration reads the data catalogue the query runs in.
      Sid: "ReadTheCatalogue",
      Action: ["athena:GetDataCatalog"],
      Resource: [pulumi.interpolate`${a.athenaArnPrefix}:datacatalog/AwsDataCatalog`],
    },
    {
      Sid: "ReadCatalog",
      Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartition", "glue:GetPartitions"],
      Resource: [
        pulumi.interpolate`${a.glueArnPrefix}:catalog`,
        pulumi.interpolate`${a.glueArnPrefix}:database/${a.lake.glueDatabaseName}`,
        pulumi.interpolate`${a.glueArnPrefix}:table/${a.lake.glueDatabaseName}/${a.lake.eventsTableName}`,
        // The catalogues the items and users exports (and the readiness count) read.
        ...CATALOGUE_KINDS.map(
          (kind) =>
            pulumi.interpolate`${a.glueArnPrefix}:table/${a.lake.glueDatabaseName}/${CATALOGUES[kind].table}`,
        ),
      ],
    },
    {
      Sid: "ListLake",
      Action: ["s3:ListBucket", "s3:GetBucketLocation"],
      Resource: [a.lake.bucketArn],
    },
    {
      Sid: "ReadEvents",
      Action: ["s3:GetObject"],
      Resource: [objectArn(a.lake.bucketArn, LAKE_PREFIXES.events)],
    },
    {
      Sid: "WriteExports",
      Action: [
        "s3:PutObject",
        "s3:GetObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
      ],
      Resource: [objectArn(a.lake.bucketArn, LAKE_PREFIXES.personalize)],
    },
    {
      Sid: "UseLakeKey",
      // Decrypt the Parquet events, encrypt exports and query results.
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [a.lake.kmsKeyArn],
    },
    {
      Sid: "UnquoteExportHeaders",
      Action: ["lambda:InvokeFunction"],
      Resource: [a.unquoteHeaderFunctionArn],
    },
    ...(a.guardrailFunctionArn !== undefined
      ? [
          {
            Sid: "MeasureOnlineGuardrail",
            Action: ["lambda:InvokeFunction"],
            Resource: [a.guardrailFunctionArn],
          },
        ]
      : []),
    { Sid: "Notify", Action: ["sns:Publish"], Resource: [a.topic.topicArn] },
    {
      // SNS encrypts each published message with a data key of the topic's key, as the publisher.
      Sid: "EncryptNotifications",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: [a.topic.kmsKeyArn],
    },
    ...stepFunctionsObservabilityStatements(),
  ];
  if (a.campaignArn) {
    statements.splice(4, 0, {
      Sid: "DeployCampaign",
      Action: [
        "personalize:CreateCampaign",
        "personalize:UpdateCampaign",
        "personalize:DescribeCampaign",
      ],
      Resource: [a.campaignArn, versionsOfSolution],
    });
  }
  return statements;
}
