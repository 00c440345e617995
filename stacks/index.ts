/**
 * The one place that reads Pulumi configuration. Components never do: they receive typed args.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, qualifiedKey } from "./config-keys";
import { StackSettings, resolveSettings } from "./settings";
import type { RawConfig } from "./validate";

export * from "./config-keys";
export * from "./settings";
export * from "./tiers";
export { StackConfigError, parseConfig } from "./validate";
export type { RawConfig } from "./validate";

// Internal to the SDK but stable since 3.x: which keys were set with `--secret`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as {
  isConfigSecret(key: string): boolean;
};

/**
 * Reads every declared key and every other key the stack sets: validation reports unknown keys
 * in the project's namespace and in namespaces a typo away from it.
 */
function readRawConfig(): { raw: RawConfig; secretKeys: Set<string> } {
  const raw: Record<string, string | undefined> = {};
  for (const spec of CONFIG_KEYS) {
    const [namespace, key] = qualifiedKey(spec.key).split(":");
    raw[qualifiedKey(spec.key)] = new pulumi.Config(namespace).get(key);
  }
  const all = pulumi.runtime.allConfig();
  for (const key of Object.keys(all)) raw[key] ??= all[key];
  const secretKeys = new Set(Object.keys(raw).filter((key) => isConfigSecret(key)));
  return { raw, secretKeys };
}

/** Loads and validates the current stack's settings; throws before any resource exists. */
export function loadStackSettings(): StackSettings {
  const { raw, secretKeys } = readRawConfig();
  return resolveSettings(raw, pulumi.getStack(), pulumi.getProject(), secretKeys);
}

/**
 * The role the stack deploys through, as an input for whatever needs it (the provider, the
 * Personalize dynamic providers): a role set with `--secret` stays a secret in their state.
 */
export function deployRoleArn(settings: StackSettings): pulumi.Input<string> | undefined {
  const arn = settings.aws.assumeRoleArn;
  if (!arn) return undefined;
  return isConfigSecret(qualifiedKey("assumeRoleArn")) ? pulumi.secret(arn) : arn;
}

/** The stack's one explicit AWS provider; every component's children use it. */
export function createAwsProvider(settings: StackSettings): aws.Provider {
  return new aws.Provider(`${settings.stack}-aws`, {
    region: settings.aws.region as aws.Region,
    defaultTags: { tags: { ...settings.aws.tags } },
    ...(settings.aws.assumeRoleArn
      ? {
          assumeRoles: [
            {
              roleArn: deployRoleArn(settings)!,
              sessionName: `pulumi-${settings.project}-${settings.stack}`,
            },
          ],
        }
      : {}),
  });
}
