/**
 * Reads a stack's configuration the way the Pulumi CLI hands it to a program: the project's
 * declared defaults, overlaid with `Pulumi.<stack>.yaml`, flattened to `namespace:key` strings.
 * Secure values are masked, never decrypted: the offline plan has no key to decrypt them with.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const SECRET_MASK = "[secret]";

export class PlanInputError extends Error {
  override name = "PlanInputError";
}

export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  /** `namespace:key` → value as the runtime receives it (objects and arrays JSON-encoded). */
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

interface ProjectFile {
  name?: string;
  config?: Record<string, { default?: unknown } | unknown>;
}

function readYaml<T>(file: string): T {
  try {
    return (parse(fs.readFileSync(file, "utf8")) ?? {}) as T;
  } catch (err) {
    throw new PlanInputError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
}

function asConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && "secure" in value;
}

/** Stack names that have a `Pulumi.<stack>.yaml` in the project directory. */
export function listStacks(projectDir: string): string[] {
  return fs
    .readdirSync(projectDir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export function readStackConfig(projectDir: string, stack: string): StackConfig {
  const projectFile = path.join(projectDir, "Pulumi.yaml");
  if (!fs.existsSync(projectFile)) {
    throw new PlanInputError(
      `no Pulumi.yaml in ${projectDir}; run the plan from the project directory`,
    );
  }
  const project = readYaml<ProjectFile>(projectFile);
  const name = project.name;
  if (!name) throw new PlanInputError(`${projectFile} has no project name`);

  const stackFile = [".yaml", ".yml"]
    .map((ext) => path.join(projectDir, `Pulumi.${stack}${ext}`))
    .find((f) => fs.existsSync(f));
  if (!stackFile) {
    throw new PlanInputError(
      `no stack file Pulumi.${stack}.yaml in ${projectDir}; stacks here: ${listStacks(projectDir).join(", ") || "none"}. ` +
        `Create one with: pulumi stack init ${stack} && pulumi config set ${name}:tier dev --stack ${stack}`,
    );
  }

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    const qualified = key.includes(":") ? key : `${name}:${key}`;
    if (decl && typeof decl === "object" && "default" in decl) {
      config[qualified] = asConfigString((decl as { default: unknown }).default);
    } else if (decl !== null && typeof decl !== "object") {
      // Short form `key: value` declares a value for every stack.
      config[qualified] = asConfigString(decl);
    }
  }
  const stackValues = readYaml<{ config?: Record<string, unknown> }>(stackFile).config ?? {};
  for (const [key, value] of Object.entries(stackValues)) {
    const qualified = key.includes(":") ? key : `${name}:${key}`;
    if (isSecure(value)) {
      config[qualified] = SECRET_MASK;
      secretKeys.push(qualified);
    } else {
      config[qualified] = asConfigString(value);
    }
  }
  return { project: name, stack, config, secretKeys };
}
