/**
 * Loaded by mocha before the suites. Every suite that builds components under the mocks leaves
 * Pulumi's bookkeeping stacks (a creation stack per promise, a call-site stack per resource)
 * unformatted, as the offline plan does (offline/promise-stacks.ts): under ts-node each would be
 * mapped through source maps, with mocha's unlimited stack depth, for stacks Pulumi prints only
 * with PULUMI_DEBUG_PROMISE_LEAKS set. That formatting was most of a component suite's CPU; every
 * other error keeps its full, mapped stack.
 */
import { skipPulumiStackFormatting } from "../offline/promise-stacks";

skipPulumiStackFormatting();
