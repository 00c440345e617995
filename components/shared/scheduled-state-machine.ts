/**
 * A Step Functions state machine that runs on a schedule: its role and policy, its encrypted log
 * group, X-Ray tracing, and an EventBridge Scheduler schedule with a role that may start it and,
 * where a missed run must not vanish, a dead-letter queue for runs Scheduler could not start. Both
 * of the platform's state machines (the KPI materialisation and Personalize training) are built
 * here, so they log, trace and schedule alike.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyStatement, assumeRolePolicy, policyDocument } from "./iam";
import { createLogGroup, statefulOpts } from "./logs";

export interface StateMachineScheduleArgs {
  /** Resource name of the schedule. */
  readonly name: string;
  readonly description: string;
  /** EventBridge Scheduler expression. */
  readonly expression: string;
  /** @default Scheduler's own (UTC) */
  readonly timezone?: string;
  readonly flexibleTimeWindow: aws.types.input.scheduler.ScheduleFlexibleTimeWindow;
  /** The execution input of each scheduled run. */
  readonly input: string;
  readonly retryPolicy: aws.types.input.scheduler.ScheduleTargetRetryPolicy;
  /** The role Scheduler assumes: resource names `${prefix}-role` and `${prefix}-policy`. */
  readonly role: { readonly prefix: string; readonly description: string };
  /** Sid of the statement that lets the role start the machine. */
  readonly startSid: string;
  /**
   * Keep runs Scheduler could not start (after its retries) in an encrypted queue, kept two weeks.
   * @default none
   */
  readonly deadLetter?: { readonly kmsKeyArn: pulumi.Input<string> };
}

export interface ScheduledStateMachineArgs {
  /** Description of the machine's role. */
  readonly roleDescription: string;
  readonly accountId: pulumi.Input<string>;
  /** What the machine may do besides logging and tracing its executions. */
  readonly statements: readonly PolicyStatement[];
  /** The ASL definition (JSON). */
  readonly definition: pulumi.Input<string>;
  readonly logLevel: "ALL" | "ERROR";
  readonly logRetentionDays: number;
  /** Customer key of the log group. @default CloudWatch's own */
  readonly logsKmsKeyArn?: pulumi.Input<string>;
  /** Protect the log group (and the dead-letter queue) from deletion. */
  readonly protectData: boolean;
  readonly schedule: StateMachineScheduleArgs;
}

export interface ScheduledStateMachine {
  readonly stateMachine: aws.sfn.StateMachine;
  readonly role: aws.iam.Role;
  readonly policy: aws.iam.RolePolicy;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly schedule: aws.scheduler.Schedule;
  readonly deadLetterQueue?: aws.sqs.Queue;
}

/** Builds the machine `name` (children `${name}-logs`, `-role`, `-policy`, `-dlq`) and its schedule. */
export function createScheduledStateMachine(
  name: string,
  args: ScheduledStateMachineArgs & {
    readonly schedule: { readonly deadLetter: NonNullable<StateMachineScheduleArgs["deadLetter"]> };
  },
  parent: pulumi.Resource,
): ScheduledStateMachine & { readonly deadLetterQueue: aws.sqs.Queue };
export function createScheduledStateMachine(
  name: string,
  args: ScheduledStateMachineArgs,
  parent: pulumi.Resource,
): ScheduledStateMachine;
export function createScheduledStateMachine(
  name: string,
  args: ScheduledStateMachineArgs,
  parent: pulumi.Resource,
): ScheduledStateMachine {
  const opts = { parent };
  const logGroup = createLogGroup(
    `${name}-logs`,
    {
      // The vendedlogs prefix keeps CloudWatch's resource policy for Step Functions from growing per group.
      name: `/aws/vendedlogs/states/${name}`,
      retentionInDays: args.logRetentionDays,
      kmsKeyArn: args.logsKmsKeyArn,
    },
    statefulOpts(parent, args.protectData),
  );
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      description: args.roleDescription,
      assumeRolePolicy: assumeRolePolicy("states.amazonaws.com", args.accountId),
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-policy`,
    { role: role.id, policy: policyDocument(args.statements) },
    opts,
  );
  const stateMachine = new aws.sfn.StateMachine(
    name,
    {
      type: "STANDARD",
      roleArn: role.arn,
      definition: args.definition,
      loggingConfiguration: {
        logDestination: pulumi.interpolate`${logGroup.arn}:*`,
        includeExecutionData: true,
        level: args.logLevel,
      },
      tracingConfiguration: { enabled: true },
    },
    // The role must be allowed to log before Step Functions validates the logging configuration.
    { parent, dependsOn: [policy] },
  );

  const s = args.schedule;
  const deadLetterQueue = s.deadLetter
    ? new aws.sqs.Queue(
        `${name}-dlq`,
        {
          kmsMasterKeyId: s.deadLetter.kmsKeyArn,
          // One data key per 5 minutes instead of per message: the queue is quiet, this only caps cost.
          kmsDataKeyReusePeriodSeconds: 300,
          // The longest SQS keeps a message: two weeks to notice and replay a missed run.
          messageRetentionSeconds: 14 * 24 * 3600,
        },
        statefulOpts(parent, args.protectData),
      )
    : undefined;
  const scheduleRole = new aws.iam.Role(
    `${s.role.prefix}-role`,
    {
      description: s.role.description,
      assumeRolePolicy: assumeRolePolicy("scheduler.amazonaws.com", args.accountId),
    },
    opts,
  );
  const schedulePolicy = new aws.iam.RolePolicy(
    `${s.role.prefix}-policy`,
    {
      role: scheduleRole.id,
      policy: policyDocument([
        { Sid: s.startSid, Action: ["states:StartExecution"], Resource: [stateMachine.arn] },
        ...(deadLetterQueue && s.deadLetter
          ? [
              {
                Sid: "DeadLetterUndeliveredRuns",
                Action: ["sqs:SendMessage"],
                Resource: [deadLetterQueue.arn],
              },
              {
                Sid: "EncryptDeadLetters",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: [s.deadLetter.kmsKeyArn],
              },
            ]
          : []),
      ]),
    },
    opts,
  );
  const schedule = new aws.scheduler.Schedule(
    s.name,
    {
      description: s.description,
      scheduleExpression: s.expression,
      ...(s.timezone !== undefined ? { scheduleExpressionTimezone: s.timezone } : {}),
      flexibleTimeWindow: s.flexibleTimeWindow,
      state: "ENABLED",
      target: {
        arn: stateMachine.arn,
        roleArn: scheduleRole.arn,
        input: s.input,
        retryPolicy: s.retryPolicy,
        ...(deadLetterQueue ? { deadLetterConfig: { arn: deadLetterQueue.arn } } : {}),
      },
    },
    { parent, dependsOn: [schedulePolicy] },
  );
  return {
    stateMachine,
    role,
    policy,
    logGroup,
    schedule,
    ...(deadLetterQueue ? { deadLetterQueue } : {}),
  };
}
