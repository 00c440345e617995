/**
 * HttpCollector: a public HTTPS endpoint that takes batches of behaviour events from browsers and
 * apps and writes the valid ones to the stream. API Gateway (IAM-authorised POST, WAF per-client
 * limits, stage throttle, access logs) in front of one small function that validates each event
 * against the one schema; guests get short-lived credentials from a Cognito identity pool.
 */
import * as pulumi from "@pulumi/pulumi";
import { createAlarms } from "../shared/alarms";
import { accountContext, cloudWatchLogsUseKey, keyPolicy } from "../shared/key-policy";
import { createKmsKey } from "../shared/kms";
import { ownOrSharedKeyArn } from "../shared/shared-key";
import { type HttpCollectorArgs, type ResolvedCollectorArgs, resolveCollectorArgs } from "./args";
import { collectorAlarms } from "./alarms";
import { createCollectorApi } from "./api";
import { createCollectorFunction } from "./function";
import { createCollectorIdentity } from "./identity";
import { createCollectorWaf } from "./waf";

export const HTTP_COLLECTOR_TYPE = "reco:http-collector:HttpCollector";

export class HttpCollector extends pulumi.ComponentResource {
  /** The settings the component was built with, defaults and sizing applied. */
  readonly settings: ResolvedCollectorArgs;
  /** Where clients POST: `https://<api>.execute-api.<region>.amazonaws.com/v1/events`. */
  readonly endpoint: pulumi.Output<string>;
  /** The Cognito identity pool clients get guest credentials from. */
  readonly identityPoolId: pulumi.Output<string>;
  /** The role guest credentials are for (clients name it in AssumeRoleWithWebIdentity). */
  readonly guestRoleArn: pulumi.Output<string>;
  readonly deadLetterQueueUrl: pulumi.Output<string>;
  readonly functionName: pulumi.Output<string>;
  readonly webAclArn: pulumi.Output<string>;
  readonly alarmArns: pulumi.Output<string>[];

  constructor(name: string, args: HttpCollectorArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = resolveCollectorArgs(name, args);
    super(HTTP_COLLECTOR_TYPE, name, {}, opts);
    this.settings = settings;
    const parent = this;
    const ctx = accountContext(parent);
    const prod = settings.tier === "prod";
    const kmsKeyArn = ownOrSharedKeyArn(args.sharedKmsKeyArn, () => {
      const keyOpts = prod ? { parent, protect: true, retainOnDelete: true } : { parent };
      return createKmsKey(
        `${name}-key`,
        {
          description: "HTTP collector: its dead-letter queue, its logs and its environment",
          policy: keyPolicy(ctx, cloudWatchLogsUseKey(ctx)),
          deletionWindowInDays: prod ? 30 : 7,
        },
        keyOpts,
      ).key;
    });

    const fn = createCollectorFunction(name, args.stream, kmsKeyArn, settings, parent);
    const api = createCollectorApi(name, fn.function, kmsKeyArn, settings, ctx, parent);
    const identity = createCollectorIdentity(name, api.postInvokeArn, parent);
    const acl = createCollectorWaf(
      name,
      api.stage.arn,
      settings.requestsPerClientPer5Minutes,
      parent,
    );
    const alarms = createAlarms(
      name,
      collectorAlarms({
        apiName: api.api.name,
        stageName: api.stage.stageName,
        functionName: fn.function.name,
        queueName: fn.deadLetterQueue.name,
      }),
      args.alarmTopicArn,
      parent,
    );

    this.endpoint = api.endpoint;
    this.identityPoolId = identity.pool.id;
    this.guestRoleArn = identity.guestRole.arn;
    this.deadLetterQueueUrl = fn.deadLetterQueue.url;
    this.functionName = fn.function.name;
    this.webAclArn = acl.arn;
    this.alarmArns = alarms.map((a) => a.arn);
    this.registerOutputs({
      endpoint: this.endpoint,
      identityPoolId: this.identityPoolId,
      guestRoleArn: this.guestRoleArn,
      deadLetterQueueUrl: this.deadLetterQueueUrl,
      functionName: this.functionName,
      webAclArn: this.webAclArn,
    });
  }
}
