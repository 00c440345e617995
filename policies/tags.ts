/**
 * Cost allocation: every taggable resource carries the tags that bill it to a team, either
 * directly or through the AWS provider's default tags (the way this project sets them).
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { providerDefaultTags } from "./util";

const taggable = new Map<string, boolean>();

/**
 * Whether the installed @pulumi/aws resource class for `type` accepts `tags`. Asking the provider
 * SDK itself keeps the answer right for every resource and every provider upgrade, where a
 * hand-kept list would drift.
 */
export function isTaggable(type: string): boolean {
  const cached = taggable.get(type);
  if (cached !== undefined) return cached;
  const [pkg, module, className] = type.split(/[:/]/).filter((_, i) => i !== 2);
  let result = false;
  if (pkg === "aws" && module && className) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const aws = require("@pulumi/aws");
    const namespace = module === "index" ? aws : aws[module];
    const cls = namespace?.[className];
    result = typeof cls === "function" && cls.toString().includes('resourceInputs["tags"]');
  }
  taggable.set(type, result);
  return result;
}

export const requiredTags: ResourceValidationPolicy = {
  name: "required-tags",
  description:
    "Checks whether every taggable AWS resource carries the cost-allocation tags, directly or via provider default tags.",
  configSchema: {
    properties: {
      requiredTags: {
        type: "array",
        items: { type: "string", minLength: 1 },
        default: ["environment", "owner", "cost-center"],
      },
    },
  },
  validateResource: (args, report) => {
    if (!isTaggable(args.type)) return;
    const { requiredTags: required } = args.getConfig<{ requiredTags: string[] }>();
    const tags: Record<string, unknown> = {
      ...providerDefaultTags(args.provider?.props),
      ...(args.props.tags ?? {}),
    };
    const missing = required.filter((t) => typeof tags[t] !== "string" || tags[t] === "");
    if (missing.length > 0) {
      report(
        `missing tag${missing.length === 1 ? "" : "s"} ${missing.join(", ")}; set ${missing.length === 1 ? "it" : "them"} in the stack's AWS provider defaultTags (pulumi config: owner, costCenter) or in the resource's tags.`,
      );
    }
  },
};
