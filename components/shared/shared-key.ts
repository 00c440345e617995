/**
 * SharedKey: one customer-managed key for every component of a stack, the dev tier's default.
 * A key bills $1 a month whatever it encrypts, so six per-component keys are most of an idle dev
 * stack's KMS bill. The key stays least-privilege: its policy admits exactly the services the
 * components use it with (CloudWatch Logs for the stack's own log groups, CloudWatch alarms of this
 * account for the alarm topic, Personalize for the lake's exports) and every role's use is granted
 * in that role's own IAM policy, as with a per-component key. Prod keeps one key per component, so
 * revoking or rotating one blast radius never touches another.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyPolicyStatement, accountContext, cloudWatchLogsUseKey, keyPolicy } from "./key-policy";
import { createKmsKey } from "./kms";
import type { Tier } from "./workload";

export const SHARED_KEY_TYPE = "reco:shared:SharedKey";

export interface SharedKeyArgs {
  /** Dev keys are deleted after 7 days, prod keys after 30. @default "dev" */
  readonly tier?: Tier;
  /**
   * Log-group name prefixes the stack's components write, e.g. `dev-` (CloudWatch Logs may encrypt
   * `/aws/lambda/<prefix>*`, `/aws/vendedlogs/states/<prefix>*`, `/aws/kinesisfirehose/<prefix>*` and
   * `/aws/apigateway/<prefix>*`
   * with the key, nothing else).
   */
  readonly logGroupPrefix: string;
  /**
   * The service statements of the components that share the key (e.g. `alarmKeyStatement`,
   * `lakeKeyStatements`), appended after the account and CloudWatch Logs statements.
   */
  readonly serviceStatements?: (ctx: ReturnType<typeof accountContext>) => KeyPolicyStatement[];
  /** Protect the key from deletion (`protect` and `retainOnDelete`). @default false */
  readonly protectData?: boolean;
}

/** The log groups a stack's components create, by the services that create them. */
export function stackLogGroupPatterns(prefix: string): string[] {
  return [
    `/aws/lambda/${prefix}*`,
    `/aws/vendedlogs/states/${prefix}*`,
    `/aws/kinesisfirehose/${prefix}*`,
    // API Gateway access logs (the HTTP collector's).
    `/aws/apigateway/${prefix}*`,
  ];
}

export class SharedKey extends pulumi.ComponentResource {
  readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: SharedKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(args.logGroupPrefix)) {
      throw new Error(
        `SharedKey ${name}: logGroupPrefix is ${JSON.stringify(args.logGroupPrefix)}; it must be ` +
          'lower-case letters, digits and dashes (a stack\'s resource-name prefix, e.g. "dev-"). ' +
          "Fix: pass the prefix the stack's components are named with.",
      );
    }
    super(SHARED_KEY_TYPE, name, {}, opts);
    const parent = this;
    const ctx = accountContext(parent);
    const protect = args.protectData ?? false;
    const { key } = createKmsKey(
      `${name}`,
      {
        description: `Encrypts every component of the ${args.logGroupPrefix.replace(/-$/, "")} stack`,
        policy: keyPolicy(
          ctx,
          cloudWatchLogsUseKey(
            ctx,
            stackLogGroupPatterns(args.logGroupPrefix),
            "CloudWatchLogsEncryptsThisStacksLogGroups",
          ),
          ...(args.serviceStatements?.(ctx) ?? []),
        ),
        deletionWindowInDays: (args.tier ?? "dev") === "prod" ? 30 : 7,
      },
      { parent, protect, retainOnDelete: protect },
    );
    this.keyArn = key.arn;
    this.registerOutputs({ keyArn: this.keyArn });
  }
}

/** The key a component encrypts with: the stack's shared key when given, else its own. */
export function ownOrSharedKeyArn(
  shared: pulumi.Input<string> | undefined,
  createOwn: () => aws.kms.Key,
): pulumi.Output<string> {
  return shared !== undefined ? pulumi.output(shared) : createOwn().arn;
}
