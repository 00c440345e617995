/**
 * Reads a stack's configuration the way the Pulumi CLI hands it to a program: the project's
 * declared defaults, overlaid with `Pulumi.<stack>.yaml`, flattened to `namespace:key` strings.
 * Secure values are masked, never decrypted: the offline plan has no key to decrypt them with.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { SECRET_MASK } from "../stacks/config-keys";

export { SECRET_MASK };

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

/** A list whose elements are secure (`pulumi config set --secret --path 'k[0]'`) shows masks. */
function maskSecureElements(value: unknown): unknown {
  if (isSecure(value)) return SECRET_MASK;
  return Array.isArray(value) ? value.map(maskSecureElements) : value;
}

function asConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(maskSecureElements(value));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

/**
 * A minimal stack file: `aws:region` and every key Pulumi.yaml declares without a default (the
 * keys a stack must set), each with its description, so following it leaves nothing unset.
 */
function newStackFile(project: string, declared: ProjectFile["config"]): string {
  const required = Object.entries(isMapping(declared) ? declared : {}).filter(
    ([, decl]) => isMapping(decl) && !("default" in decl),
  );
  const lines = required.map(([key, decl]) => {
    const about = (decl as { description?: unknown }).description;
    const comment = typeof about === "string" ? `  # ${about}` : "";
    return `  ${key.includes(":") ? key : `${project}:${key}`}: <value>${comment}`;
  });
  return ["config:", "  aws:region: us-east-1", ...lines].join("\n");
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
  if (project.config !== undefined && project.config !== null && !isMapping(project.config)) {
    throw new PlanInputError(
      `${projectFile}: config must be a mapping of key: declaration, not ${JSON.stringify(project.config)}`,
    );
  }

  const stackFile = [".yaml", ".yml"]
    .map((ext) => path.join(projectDir, `Pulumi.${stack}${ext}`))
    .find((f) => fs.existsSync(f));
  if (!stackFile) {
    throw new PlanInputError(
      `no stack file Pulumi.${stack}.yaml in ${projectDir}; stacks here: ${listStacks(projectDir).join(", ") || "none"}. ` +
        `Create it with the keys every stack must set, e.g.:\n${newStackFile(name, project.config)}`,
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
  const stackValues = readYaml<{ config?: unknown }>(stackFile).config ?? {};
  if (!isMapping(stackValues)) {
    throw new PlanInputError(
      `${stackFile}: config must be a mapping of namespace:key: value, not ${JSON.stringify(stackValues)}. ` +
        `Fix: write it as\n${newStackFile(name, project.config)}`,
    );
  }
  for (const [key, value] of Object.entries(stackValues)) {
    const qualified = key.includes(":") ? key : `${name}:${key}`;
    // YAML's `key:` with nothing after it is null: not set, as Pulumi treats an empty value.
    if (value === null) continue;
    if (isSecure(value)) {
      config[qualified] = SECRET_MASK;
      secretKeys.push(qualified);
    } else {
      config[qualified] = asConfigString(value);
      // As with Pulumi, a value holding a secret anywhere (`--secret --path 'k[0]'`) is secret.
      if (config[qualified].includes(JSON.stringify(SECRET_MASK))) secretKeys.push(qualified);
    }
  }
  return { project: name, stack, config, secretKeys };
}
