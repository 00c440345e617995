/**
 * A stack's typed settings read from its files, outside a running program: the stack file read as
 * the plan reads it, resolved by the same function the program uses.
 */
import { readStackConfig } from "./stack-config";
import { resolveSettings } from "../stacks/settings";
import type { StackSettings } from "../stacks/settings";

/** The typed settings a stack resolves to (the same function the program uses). */
export function stackSettings(projectDir: string, stack: string): StackSettings {
  const raw = readStackConfig(projectDir, stack);
  return resolveSettings(raw.config, stack, raw.project);
}
