/**
 * The AWS API models the request checks hold the code to: AWS's own service models as botocore
 * ships them on PyPI (members, required, enums, lengths, patterns, ranges per operation). No npm
 * package ships them with their constraints (the v2 SDK's `apis/*.min.json` strip every min, max
 * and pattern), so the pinned, hash-checked wheel is installed once into `.cache/` by pip and read
 * from there: nothing about AWS's rules is typed by hand in this project.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const REQUIREMENTS = join(__dirname, "requirements.txt");
/** `botocore==<version>` as pinned in requirements.txt. */
export const MODELS_PACKAGE = /^(botocore)==(\S+)/m.exec(readFileSync(REQUIREMENTS, "utf8"))!;
export const MODELS_SOURCE = `${MODELS_PACKAGE[1]} ${MODELS_PACKAGE[2]} (PyPI)`;
const TARGET = join(__dirname, "..", "..", "..", ".cache", `botocore-${MODELS_PACKAGE[2]}`);
const DATA = join(TARGET, "botocore", "data");
const MODEL_FILE = "service-2.json.gz";

/** A botocore shape: the subset of its keys the validator reads. */
export interface Shape {
  readonly type: string;
  readonly members?: Readonly<Record<string, { readonly shape: string }>>;
  readonly required?: readonly string[];
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly union?: boolean;
  readonly document?: boolean;
}

export interface ServiceModel {
  /** botocore's folder name, e.g. `personalize-events`. */
  readonly name: string;
  readonly metadata: { readonly serviceId: string; readonly apiVersion: string };
  readonly operations: Readonly<
    Record<
      string,
      { readonly input?: { readonly shape: string }; readonly output?: { readonly shape: string } }
    >
  >;
  readonly shapes: Readonly<Record<string, Shape>>;
}

/**
 * Installs the pinned models once (idempotent: an existing install is reused). pip writes into a
 * folder of its own that is renamed into place only when complete, so an interrupted or
 * concurrent install never leaves a half-filled cache behind.
 */
export function ensureModels(): string {
  if (existsSync(TARGET)) return DATA;
  const staging = `${TARGET}.staging-${process.pid}`;
  try {
    execFileSync(
      "python3",
      ["-m", "pip", "install", "--quiet", "--no-deps", "--require-hashes"].concat([
        "--target",
        staging,
        "-r",
        REQUIREMENTS,
      ]),
      { stdio: ["ignore", "ignore", "pipe"] },
    );
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message);
    throw new Error(
      `could not install the AWS API models (${MODELS_SOURCE}) with "python3 -m pip install --target ${staging}": ${stderr.trim()}. Install Python 3 with pip, or install that wheel into ${TARGET} by hand.`,
    );
  }
  try {
    renameSync(staging, TARGET);
  } catch (error) {
    // Another process finished first: its install is the same pinned wheel.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(TARGET)) throw error;
  }
  return DATA;
}

const cache = new Map<string, ServiceModel>();

/** The newest API version of a service's model, by botocore folder name. */
export function serviceModel(name: string): ServiceModel {
  const cached = cache.get(name);
  if (cached) return cached;
  const folder = join(ensureModels(), name);
  if (!existsSync(folder)) throw new Error(`${MODELS_SOURCE} has no model for service ${name}`);
  const version = readdirSync(folder)
    .filter((v) => existsSync(join(folder, v, MODEL_FILE)))
    .sort()
    .at(-1)!;
  const raw = JSON.parse(
    gunzipSync(readFileSync(join(folder, version, MODEL_FILE))).toString("utf8"),
  );
  const model: ServiceModel = { name, ...raw };
  cache.set(name, model);
  return model;
}

let scanned: Map<string, string> | undefined;

/** serviceId → botocore name over every model: only for the few whose folder is named otherwise. */
function scanServiceIds(): Map<string, string> {
  if (scanned) return scanned;
  scanned = new Map();
  for (const entry of readdirSync(ensureModels(), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(DATA, entry.name);
    const versions = readdirSync(folder).filter((v) => existsSync(join(folder, v, MODEL_FILE)));
    if (versions.length === 0) continue;
    const text = gunzipSync(readFileSync(join(folder, versions.sort().at(-1)!, MODEL_FILE)));
    // serviceId sits in the metadata at the top of the file.
    const id = /"serviceId"\s*:\s*"([^"]+)"/.exec(text.toString("utf8", 0, 4096))?.[1];
    if (id) scanned.set(id, entry.name);
  }
  return scanned;
}

/**
 * The botocore name of the service whose model declares this `serviceId` — the id every v3 client
 * carries in its config (`"Personalize Events"` → `personalize-events`). botocore names most
 * folders by the lower-cased, hyphenated serviceId; the others (`SFN` → `stepfunctions`) are found
 * by reading every model's serviceId.
 */
export function serviceNameOf(serviceId: string): string {
  const guess = serviceId.toLowerCase().replace(/ /g, "-");
  if (
    existsSync(join(ensureModels(), guess)) &&
    serviceModel(guess).metadata.serviceId === serviceId
  ) {
    return guess;
  }
  const name = scanServiceIds().get(serviceId);
  if (!name) throw new Error(`${MODELS_SOURCE} has no model whose serviceId is ${serviceId}`);
  return name;
}
