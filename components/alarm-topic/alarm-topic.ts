/**
 * AlarmTopic: where every component's alarms go. An SNS topic encrypted with its own customer key
 * (CloudWatch may use the key only to publish alarms of this account), a topic policy that admits
 * CloudWatch alarms of this account alone over TLS, and e-mail subscriptions.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withTypeAliases } from "../shared/component-type";
import { throwIfProblems } from "../shared/args-error";
import { commonArgsProblems, resolveCommonArgs } from "../shared/common-args";
import {
  AccountContext,
  KeyPolicyStatement,
  accountContext,
  keyPolicy,
} from "../shared/key-policy";
import { ownOrSharedKeyArn } from "../shared/shared-key";
import { createKmsKey } from "../shared/kms";
import { statefulOpts } from "../shared/logs";
import type { Tier } from "../shared/workload";

export const ALARM_TOPIC_TYPE = "reco:alarm-topic:AlarmTopic";
/** The token before types followed their folder; aliased so deployed stacks keep their resources. */
export const ALARM_TOPIC_FORMER_TYPE = "reco:observability:AlarmTopic";

export interface AlarmTopicArgs {
  /** Dev keys are deleted after 7 days, prod keys after 30. @default "dev" */
  readonly tier?: Tier;
  /**
   * Addresses that receive every alarm. Each must confirm the subscription from the e-mail SNS
   * sends. @default [] (alarms are still visible in the CloudWatch console)
   */
  readonly emails?: readonly string[];
  /**
   * Protect the topic's key from deletion (`protect` and `retainOnDelete`): a deleted key makes
   * the topic unusable. @default true in prod, false in dev
   */
  readonly protectData?: boolean;
  /**
   * The stack's `SharedKey` to encrypt the topic with instead of a key of its own; its policy must
   * carry `alarmKeyStatement`. @default the topic gets its own key
   */
  readonly sharedKmsKeyArn?: pulumi.Input<string>;
}

// Deliberately simple: SNS itself rejects a bad address, this catches typos before a deploy.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every problem with the args, each naming the arg, the value and the fix. */
export function validateAlarmTopicArgs(args: AlarmTopicArgs): string[] {
  const problems: string[] = [];
  const emails = args.emails ?? [];
  emails.forEach((email, i) => {
    if (!EMAIL.test(email)) {
      problems.push(
        `emails[${i}] ${JSON.stringify(email)} is not an e-mail address; use name@example.com`,
      );
    }
  });
  const seen = new Set<string>();
  for (const email of emails.map((e) => e.toLowerCase())) {
    if (seen.has(email)) {
      problems.push(`emails lists ${JSON.stringify(email)} twice; list each address once`);
    }
    seen.add(email);
  }
  return [...problems, ...commonArgsProblems(args)];
}

/** The settings the topic is built with, defaults applied. */
export interface ResolvedAlarmTopicArgs {
  readonly tier: Tier;
  readonly protectData: boolean;
  readonly emails: readonly string[];
}

/** Validates and applies defaults; throws `ComponentArgsError` listing every problem. */
export function resolveAlarmTopicArgs(name: string, args: AlarmTopicArgs): ResolvedAlarmTopicArgs {
  throwIfProblems("AlarmTopic", name, validateAlarmTopicArgs(args));
  const { tier, protectData } = resolveCommonArgs(args);
  return { tier, protectData, emails: args.emails ?? [] };
}

/** Only CloudWatch alarms of this account: the confused-deputy guard of both policies. */
export function fromThisAccountsAlarms(ctx: AccountContext): Record<string, unknown> {
  return {
    StringEquals: { "aws:SourceAccount": ctx.accountId },
    ArnLike: {
      "aws:SourceArn": pulumi.interpolate`arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:*`,
    },
  };
}

/**
 * The key's policy: the account administers it and delegates use to IAM; CloudWatch may generate
 * data keys and decrypt only for alarms of this account, which is what publishing to an
 * encrypted topic needs.
 */
export function alarmKeyPolicy(ctx: AccountContext): pulumi.Output<string> {
  return keyPolicy(ctx, alarmKeyStatement(ctx));
}

/** CloudWatch alarms of this account may publish to a topic encrypted with the key. */
export function alarmKeyStatement(ctx: AccountContext): KeyPolicyStatement {
  return {
    Sid: "CloudWatchAlarmsPublish",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    // In a key policy "*" is this key and only this key.
    Resource: "*",
    Condition: fromThisAccountsAlarms(ctx),
  };
}

/** Topic policy: CloudWatch alarms of this account may publish; nobody may use plain HTTP. */
export function alarmTopicPolicy(
  topicArn: pulumi.Input<string>,
  ctx: AccountContext,
): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "CloudWatchAlarmsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: fromThisAccountsAlarms(ctx),
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["sns:Publish", "sns:Subscribe"],
        Resource: topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}

/** A resource-name-safe form of an address: `ops@example.com` → `ops-at-example-com`. */
export const emailSlug = (email: string) =>
  email
    .toLowerCase()
    .replace("@", "-at-")
    .replace(/[^a-z0-9]+/g, "-");

export class AlarmTopic extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;
  readonly topicName: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The settings the topic was built with, defaults applied. */
  readonly settings: ResolvedAlarmTopicArgs;

  constructor(name: string, args: AlarmTopicArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const settings = resolveAlarmTopicArgs(name, args);
    super(ALARM_TOPIC_TYPE, name, {}, withTypeAliases(opts, ALARM_TOPIC_FORMER_TYPE));
    this.settings = settings;
    const parent = this;
    const { protectData } = settings;
    const ctx = accountContext(parent);

    const keyArn = ownOrSharedKeyArn(
      args.sharedKmsKeyArn,
      () =>
        createKmsKey(
          `${name}-key`,
          {
            description: `Encrypts the ${name} alarm topic`,
            policy: alarmKeyPolicy(ctx),
            deletionWindowInDays: settings.tier === "prod" ? 30 : 7,
          },
          { parent, protect: protectData, retainOnDelete: protectData },
        ).key,
    );
    const topic = new aws.sns.Topic(
      `${name}-topic`,
      { displayName: "reco-analytics alarms", kmsMasterKeyId: keyArn },
      statefulOpts(parent, protectData),
    );
    new aws.sns.TopicPolicy(
      `${name}-policy`,
      { arn: topic.arn, policy: alarmTopicPolicy(topic.arn, ctx) },
      { parent },
    );
    // Named by address, not position, so removing one address does not replace the others.
    settings.emails.forEach(
      (email) =>
        new aws.sns.TopicSubscription(
          `${name}-email-${emailSlug(email)}`,
          { topic: topic.arn, protocol: "email", endpoint: email },
          { parent },
        ),
    );

    this.topicArn = topic.arn;
    this.topicName = topic.name;
    this.kmsKeyArn = keyArn;
    this.registerOutputs({
      topicArn: this.topicArn,
      topicName: this.topicName,
      kmsKeyArn: this.kmsKeyArn,
    });
  }
}
