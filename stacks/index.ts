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

/** Reads every declared key (and any stray key of the project namespace) from the stack. */
function readRawConfig(): RawConfig {
  const raw: Record<string, string | undefined> = {};
  for (const spec of CONFIG_KEYS) {
    const [namespace, key] = qualifiedKey(spec.key).split(":");
    raw[qualifiedKey(spec.key)] = new pulumi.Config(namespace).get(key);
  }
  const all = pulumi.runtime.allConfig();
  for (const key of Object.keys(all)) {
    if (key.startsWith(`${pulumi.getProject()}:`)) raw[key] ??= all[key];
  }
  return raw;
}

/** Loads and validates the current stack's settings; throws before any resource exists. */
export function loadStackSettings(): StackSettings {
  return resolveSettings(readRawConfig(), pulumi.getStack(), pulumi.getProject());
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
              roleArn: settings.aws.assumeRoleArn,
              sessionName: `pulumi-${settings.project}-${settings.stack}`,
            },
          ],
        }
      : {}),
  });
}
