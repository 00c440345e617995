/**
 * The recommendation API: a function behind an IAM-authenticated function URL (never public), that
 * asks the campaign or serves the fallback, and logs every served list to the stream.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createAlarms } from "../../shared/alarms";
import type { RealtimeViewRefs, StreamRefs } from "../../shared/contracts";
import { apiAlarms } from "./alarms";
import type { RecommendExperiment } from "./experiment";
import type { PolicyStatement } from "../../shared/iam";
import { type NodeFunction, createNodeFunction } from "../../shared/lambda";

export interface RecommendationApiArgs {
  readonly stream: StreamRefs;
  /** The campaign the training pipeline creates; absent when the stack deploys none. */
  readonly campaignArn?: pulumi.Input<string>;
  /** Filters callers may name (name → ARN). */
  readonly filters: Readonly<Record<string, pulumi.Input<string>>>;
  readonly defaultFilter?: string;
  readonly realtimeView?: RealtimeViewRefs;
  readonly fallbackItems: readonly string[];
  readonly logRetentionDays: number;
  /** Protect the function's log group from deletion (prod). */
  readonly protectData: boolean;
  /** Key encrypting the function's logs and environment. */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** The experiment the API runs (handlers/experiment.ts). @default none */
  readonly experiment?: RecommendExperiment;
}

export interface RecommendationApi extends NodeFunction {
  readonly url: aws.lambda.FunctionUrl;
  readonly alarms: aws.cloudwatch.MetricAlarm[];
}

export function createRecommendationApi(
  name: string,
  args: RecommendationApiArgs,
  parent: pulumi.Resource,
): RecommendationApi {
  const personalize: PolicyStatement[] =
    args.campaignArn !== undefined
      ? [
          {
            Sid: "GetRecommendations",
            Action: ["personalize:GetRecommendations"],
            // Authorised on the campaign alone: a filter ARN is not a resource of this action.
            Resource: [args.campaignArn],
          },
        ]
      : [];
  const view: PolicyStatement[] = args.realtimeView
    ? [
        { Sid: "ReadTrending", Action: ["dynamodb:Query"], Resource: [args.realtimeView.tableArn] },
        ...(args.realtimeView.kmsKeyArn !== undefined
          ? [
              {
                Sid: "DecryptView",
                Action: ["kms:Decrypt"],
                Resource: [args.realtimeView.kmsKeyArn],
              },
            ]
          : []),
      ]
    : [];
  const fn = createNodeFunction(
    name,
    {
      entry: path.join(__dirname, "handler.ts"),
      description: "Recommendation API: Personalize or the documented fallback, impressions logged",
      logRetentionDays: args.logRetentionDays,
      protectData: args.protectData,
      kmsKeyArn: args.kmsKeyArn,
      // An interactive call: a slow answer is a wrong answer, the page renders without it.
      timeout: 10,
      environment: {
        CAMPAIGN_ARN: args.campaignArn ?? "",
        FILTER_ARNS: pulumi.jsonStringify(args.filters),
        DEFAULT_FILTER: args.defaultFilter ?? "",
        STREAM_NAME: args.stream.streamName,
        FALLBACK_ITEMS: JSON.stringify(args.fallbackItems),
        ...(args.realtimeView ? { VIEW_TABLE_NAME: args.realtimeView.tableName } : {}),
        ...(args.experiment ? { EXPERIMENT: JSON.stringify(args.experiment) } : {}),
      },
      statements: [
        ...personalize,
        {
          Sid: "LogImpressions",
          Action: ["kinesis:PutRecords"],
          Resource: [args.stream.streamArn],
        },
        {
          Sid: "EncryptImpressions",
          Action: ["kms:GenerateDataKey"],
          Resource: [args.stream.kmsKeyArn],
        },
        ...view,
        // Lambda decrypts the environment with the function's role.
        { Sid: "DecryptEnvironment", Action: ["kms:Decrypt"], Resource: [args.kmsKeyArn] },
      ],
    },
    parent,
  );
  const url = new aws.lambda.FunctionUrl(
    `${name}-url`,
    {
      functionName: fn.function.name,
      // Callers sign requests with SigV4 and need lambda:InvokeFunctionUrl on this function.
      authorizationType: "AWS_IAM",
    },
    { parent },
  );
  const alarms = createAlarms(name, apiAlarms(fn.function.name), args.alarmTopicArn, parent);
  return { ...fn, url, alarms };
}
