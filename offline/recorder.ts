/**
 * Installs the AWS-like mocks and records every resource registration with what the engine would
 * see: URN, type, parent, options and inputs. Shared by the offline plan and the test suites.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsLikeMocks, MOCK_ACCOUNT_ID } from "./aws-mocks";

// Internal modules of @pulumi/pulumi: the mock monitor exposes no hook for parents and options,
// and `waitForRPCs` is the only way to know that registrations made inside `apply` have landed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc");
// Every Resource constructor calls this module's registerResource synchronously, through its
// exports object, before any input has resolved.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeResource = require("@pulumi/pulumi/runtime/resource");

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Pulumi's marker for a value only known after deployment. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_MASK = "[unknown until deployed]";

/**
 * Secret values never leave the run: they are recorded as "[secret]". Values the provider computes
 * at deployment are recorded as "[unknown until deployed]", as `pulumi preview` shows them.
 */
export function maskSecrets(value: unknown): any {
  if (value === UNKNOWN) return UNKNOWN_MASK;
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SECRET_SIG_KEY] === SECRET_SIG) return "[secret]";
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, maskSecrets(v)]));
  }
  return value;
}

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  readonly custom: boolean;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly provider: string | null;
  readonly dependencies: readonly string[];
  readonly inputs: Record<string, any>;
  /** Outputs a component registered with `registerOutputs`. */
  outputs?: Record<string, any>;
}

export interface MockOptions {
  readonly project?: string;
  readonly stack?: string;
  /** @default "us-east-1" */
  readonly region?: string;
  /** @default false */
  readonly preview?: boolean;
}

export class ResourceRecorder {
  readonly resources: RecordedResource[] = [];
  /** Construction numbers not yet matched to a registration, by `constructionKey`. */
  private readonly constructed = new Map<string, number[]>();
  private readonly constructionOrder = new Map<RecordedResource, number>();
  private constructions = 0;

  reset(): void {
    this.resources.length = 0;
    this.constructed.clear();
    this.constructionOrder.clear();
    this.constructions = 0;
  }

  /** Called as a resource object is constructed, before its inputs resolve. */
  noteConstruction(type: string, name: string, parentType: string, parentName: string): void {
    const key = constructionKey(type, name, parentType, parentName);
    const queue = this.constructed.get(key) ?? [];
    queue.push(this.constructions++);
    this.constructed.set(key, queue);
  }

  /** Called as a registration reaches the monitor, once its inputs have resolved. */
  record(resource: RecordedResource): void {
    // The parent's URN ends in `<parent's type>::<parent's name>` (type chain joined by `$`).
    const [parentTypes = "", parentName = ""] = resource.parent?.split("::").slice(-2) ?? [];
    const parentType = parentTypes.split("$").pop() ?? "";
    const key = constructionKey(resource.type, resource.name, parentType, parentName);
    const order = this.constructed.get(key)?.shift();
    if (order !== undefined) this.constructionOrder.set(resource, order);
    this.resources.push(resource);
  }

  /**
   * Resolves once every pending registration (including those made in `apply`) has landed, with
   * the resources in the order the program constructed them. Registrations reach the monitor once
   * their inputs resolve, an order that moves with the timing of asynchronous work (a dynamic
   * provider served from a cache resolves sooner than one serialised afresh); construction order
   * follows the program alone.
   */
  async settle(): Promise<RecordedResource[]> {
    await settings.waitForRPCs();
    const orderOf = (r: RecordedResource) => this.constructionOrder.get(r) ?? Infinity;
    this.resources.sort((a, b) => orderOf(a) - orderOf(b));
    return this.resources;
  }

  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource of `type` (optionally whose name ends with `nameSuffix`); throws otherwise. */
  one(type: string, nameSuffix = ""): RecordedResource {
    const found = this.ofType(type).filter((r) => r.name.endsWith(nameSuffix));
    if (found.length !== 1) {
      throw new Error(
        `expected one ${type}${nameSuffix ? ` named *${nameSuffix}` : ""}, found ${found.length}: ${found
          .map((r) => r.name)
          .join(", ")}`,
      );
    }
    return found[0];
  }

  byName(name: string): RecordedResource {
    const found = this.resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource named ${name}`);
    return found;
  }

  /** Direct children of a resource, by URN. */
  childrenOf(urn: string): RecordedResource[] {
    return this.resources.filter((r) => r.parent === urn);
  }

  /** Every descendant of a resource, depth first. */
  descendantsOf(urn: string): RecordedResource[] {
    return this.childrenOf(urn).flatMap((c) => [c, ...this.descendantsOf(c.urn)]);
  }
}

/**
 * A resource's identity as both ends see it: its type and name, and its parent's. The engine
 * requires the URN (type chain and name) to be unique, so this tells apart all but two same-named
 * resources of one type under same-named parents of one type in different places.
 */
function constructionKey(type: string, name: string, parentType: string, parentName: string) {
  return JSON.stringify([type, name, parentType, parentName]);
}

const CURRENT = Symbol.for("reco-analytics.recorder");
const processGlobal = globalThis as { [CURRENT]?: ResourceRecorder };

/** Makes `recorder` the one told of each resource construction in this process. */
function noteConstructionsIn(recorder: ResourceRecorder): void {
  const installed = processGlobal[CURRENT] !== undefined;
  processGlobal[CURRENT] = recorder;
  if (installed) return;
  const register = runtimeResource.registerResource;
  runtimeResource.registerResource = function (
    this: unknown,
    res: unknown,
    parent: unknown,
    type: string,
    name: string,
    ...rest: unknown[]
  ) {
    const p = parent as { __pulumiType?: string; __name?: string } | undefined;
    processGlobal[CURRENT]!.noteConstruction(type, name, p?.__pulumiType ?? "", p?.__name ?? "");
    return register.call(this, res, parent, type, name, ...rest);
  };
}

/**
 * Sets Pulumi's mock runtime with AWS-like outputs and returns the recorder of registrations.
 * Mocks are global to the process: call it in each suite's `before()`.
 */
export function installMocks(options: MockOptions = {}): ResourceRecorder {
  const region = options.region ?? "us-east-1";
  const recorder = new ResourceRecorder();
  noteConstructionsIn(recorder);
  pulumi.runtime.setMocks(
    new AwsLikeMocks(region, MOCK_ACCOUNT_ID),
    options.project ?? "reco-analytics",
    options.stack ?? "test",
    options.preview ?? false,
  );
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) => {
    register(req, (err: unknown, resp: any) => {
      if (!err && resp) {
        const inputs = maskSecrets(rpc.deserializeProperties(req.getObject()));
        recorder.record({
          urn: resp.getUrn(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || null,
          custom: req.getCustom(),
          protect: req.getProtect() === true,
          retainOnDelete: req.getRetainondelete() === true,
          provider: req.getProvider() || null,
          dependencies: req.getDependenciesList(),
          inputs,
        });
      }
      callback(err, resp);
    });
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: (err: unknown, resp: any) => void) => {
    const found = recorder.resources.find((r) => r.urn === req.getUrn());
    if (found) found.outputs = maskSecrets(rpc.deserializeProperties(req.getOutputs()));
    registerOutputs(req, callback);
  };
  return recorder;
}
