/** Definition parameters shared by the pipeline suites. */
import {
  type TrainingDefinitionParams,
  trainingModesFor,
} from "../../components/training-pipeline";
import { ACCOUNT, arn } from "./simulated-aws";

export const PROD_PARAMS: TrainingDefinitionParams = {
  datasets: {
    interactions: arn("dataset/reco/INTERACTIONS"),
    items: arn("dataset/reco/ITEMS"),
    users: arn("dataset/reco/USERS"),
  },
  solutionArn: arn("solution/reco-solution"),
  campaign: { arn: arn("campaign/reco-campaign"), name: "reco-campaign", minProvisionedTps: 3 },
  gate: { minimums: { precision_at_10: 0.01, coverage: 0.05 }, maxRegression: 0.03 },
  defaultTrainingMode: "FULL",
  // A User-Personalization (v1) solution: the one recipe family whose versions take UPDATE.
  trainingModes: trainingModesFor("aws-user-personalization"),
  lake: {
    bucketName: "reco-lake",
    kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/lake`,
    database: "reco",
    eventsTable: "events",
    lookbackDays: 90,
  },
  workgroup: "reco-export",
  personalizeRoleArn: `arn:aws:iam::${ACCOUNT}:role/personalize-reader`,
  unquoteHeaderFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:reco-training-unquote-header`,
  topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:training`,
  timeoutSeconds: 86_400,
};

/** Dev keeps no campaign and refreshes interactions only. */
export const DEV_PARAMS: TrainingDefinitionParams = {
  ...PROD_PARAMS,
  datasets: { interactions: arn("dataset/reco/INTERACTIONS") },
  campaign: undefined,
};

export const GOOD_METRICS = {
  precision_at_10: 0.12,
  coverage: 0.4,
  normalized_discounted_cumulative_gain_at_10: 0.2,
};
export const SERVING = {
  solutionVersionArn: arn("solution-version/reco-solution/serving"),
  metrics: GOOD_METRICS,
};
export const CANDIDATE_ARN = arn("solution-version/reco-solution/candidate");
