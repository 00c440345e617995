/**
 * The Lambda the training state machine calls after a campaign update to compare the real-time
 * view's CTR before and after (ctr-guardrail/handler.ts). It only reads: Query on the view table
 * and its by-minute index, and the table key's Decrypt.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../../shared/iam";
import { type NodeFunction, createNodeFunction } from "../../shared/lambda";
import { MINUTE_INDEX } from "../../realtime-analytics/view/keys";
import type { GuardrailView } from "../guardrail-args";

export interface GuardrailFunctionArgs {
  readonly view: GuardrailView;
  readonly logRetentionDays: number;
  /** Protect the function's log group from deletion (prod). @default false */
  readonly protectData?: boolean;
  /** Customer key of the function's logs and environment. @default AWS-owned keys */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/** Two windows of up to 720 minutes are at most 1,440 index Queries; a minute covers them. */
export const GUARDRAIL_TIMEOUT_SECONDS = 60;

export function guardrailStatements(
  view: GuardrailView,
  environmentKeyArn?: pulumi.Input<string>,
): PolicyStatement[] {
  const keys = [view.kmsKeyArn, environmentKeyArn].filter(
    (k): k is pulumi.Input<string> => k !== undefined,
  );
  return [
    {
      Sid: "ReadRealtimeView",
      Action: ["dynamodb:Query"],
      Resource: [view.tableArn, pulumi.interpolate`${view.tableArn}/index/${MINUTE_INDEX}`],
    },
    ...(keys.length > 0
      ? [{ Sid: "DecryptViewAndEnvironment", Action: ["kms:Decrypt"], Resource: keys }]
      : []),
  ];
}

export function createGuardrailFunction(
  name: string,
  args: GuardrailFunctionArgs,
  parent: pulumi.Resource,
): NodeFunction {
  return createNodeFunction(
    name,
    {
      entry: path.join(__dirname, "handler.ts"),
      description:
        "Compares the real-time view's CTR before and after a Personalize campaign update (online guardrail)",
      logRetentionDays: args.logRetentionDays,
      protectData: args.protectData ?? false,
      ...(args.kmsKeyArn !== undefined ? { kmsKeyArn: args.kmsKeyArn } : {}),
      memorySize: 256,
      timeout: GUARDRAIL_TIMEOUT_SECONDS,
      environment: { VIEW_TABLE_NAME: args.view.tableName },
      statements: guardrailStatements(args.view, args.kmsKeyArn),
    },
    parent,
  );
}
