/**
 * Holds a request to its operation's input shape in the AWS API model: every member known, every
 * required member present, enums, lengths (in Unicode code points, as Smithy counts them), list and
 * map sizes, patterns, number ranges and types — the rules the service applies before it does
 * anything, so a request that breaks one fails in AWS with a ValidationException.
 */
import { type Shape, type ServiceModel, serviceModel } from "./models";

export interface ValidateOptions {
  /**
   * Step Functions' AWS SDK integrations spell every structure member in PascalCase, even for
   * camelCase APIs such as Personalize (`datasetGroupArn` → `DatasetGroupArn`).
   */
  readonly pascalCaseMembers?: boolean;
  /**
   * Validate a state's Parameters as written: a `Member.$` key (a JsonPath or intrinsic resolved at
   * run time) must name a member, but its value is only known when the state runs.
   */
  readonly pathReferences?: boolean;
  /** Members whose value the integration passes through as JSON (lambda:invoke's Payload). */
  readonly jsonMembers?: readonly string[];
  /**
   * Check members, types and enums only. For answers: a service's responses do not keep the
   * model's required lists and ranges (Kinesis answers FailedRecordCount 0 where the model says
   * at least 1), and a fake may leave out what the code does not read.
   */
  readonly shapeOnly?: boolean;
}

/** One request as sent: the service's botocore name, the operation and the input. */
export interface ApiRequest {
  readonly service: string;
  readonly operation: string;
  readonly input: unknown;
  /** What a fake of the service answered, when the request went to one. */
  readonly answered?: Promise<unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

const FLOAT32_MAX = 3.4028234663852886e38;
const codePoints = (s: string) => [...s].length;
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const compiled = new Map<string, RegExp>();

/** Smithy patterns are ECMA-262 and not implicitly anchored; some only compile without `u`. */
function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, "u");
    } catch {
      re = new RegExp(pattern);
    }
    compiled.set(pattern, re);
  }
  return re;
}

function range(shape: Shape, unit: string): string {
  if (shape.min !== undefined && shape.max !== undefined)
    return `${shape.min}-${shape.max} ${unit}`;
  if (shape.min !== undefined) return `at least ${shape.min} ${unit}`;
  return `at most ${shape.max} ${unit}`;
}

function outOfRange(shape: Shape, n: number): boolean {
  return (shape.min !== undefined && n < shape.min) || (shape.max !== undefined && n > shape.max);
}

class Validator {
  readonly problems: string[] = [];
  constructor(
    private readonly model: ServiceModel,
    private readonly options: ValidateOptions,
  ) {}

  private fail(path: string, shapeName: string, message: string) {
    this.problems.push(`${path}: ${message} (${this.model.name} shape ${shapeName})`);
  }

  check(shapeName: string, value: unknown, path: string): void {
    const shape = this.model.shapes[shapeName];
    if (!shape) throw new Error(`${this.model.name} model has no shape ${shapeName}`);
    const fail = (message: string) => this.fail(path, shapeName, message);
    if (
      this.options.pathReferences &&
      typeof value === "string" &&
      value.startsWith("{%") &&
      value.endsWith("%}")
    ) {
      return; // a JSONata expression: its value exists only at run time
    }
    switch (shape.type) {
      case "structure":
        return this.structure(shape, shapeName, value, path);
      case "list": {
        if (!Array.isArray(value)) return fail(`must be a list, got ${typeof value}`);
        if (!this.options.shapeOnly && outOfRange(shape, value.length)) {
          fail(`has ${value.length} entries; the model allows ${range(shape, "entries")}`);
        }
        value.forEach((v, i) => this.check(shape.member!.shape, v, `${path}[${i}]`));
        return;
      }
      case "map": {
        if (!isObject(value)) return fail(`must be a map (object), got ${typeof value}`);
        const keys = Object.keys(value).filter((k) => value[k] !== undefined);
        if (!this.options.shapeOnly && outOfRange(shape, keys.length)) {
          fail(`has ${keys.length} entries; the model allows ${range(shape, "entries")}`);
        }
        for (const k of keys) {
          this.check(shape.key!.shape, k, `${path}{key ${JSON.stringify(k)}}`);
          this.check(shape.value!.shape, value[k], `${path}[${JSON.stringify(k)}]`);
        }
        return;
      }
      case "string": {
        if (typeof value !== "string") return fail(`must be a string, got ${typeof value}`);
        const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
        if (shape.enum && !shape.enum.includes(value)) {
          fail(`${shown} is not one of ${shape.enum.join(", ")}`);
        }
        const length = codePoints(value);
        if (this.options.shapeOnly) return;
        if (outOfRange(shape, length)) {
          fail(`${shown} is ${length} characters; the model allows ${range(shape, "characters")}`);
        }
        if (shape.pattern !== undefined && !regex(shape.pattern).test(value)) {
          fail(`${shown} does not match the pattern ${shape.pattern}`);
        }
        return;
      }
      case "integer":
      case "long": {
        const ok =
          typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value));
        if (!ok) return fail(`must be an integer, got ${JSON.stringify(value)}`);
        if (!this.options.shapeOnly && outOfRange(shape, Number(value))) {
          fail(`${String(value)} is outside ${range(shape, "").trim()}`);
        }
        return;
      }
      case "float":
      case "double": {
        if (typeof value !== "number" || !Number.isFinite(value)) {
          return fail(`must be a finite number, got ${String(value)}`);
        }
        // Smithy's float is IEEE-754 single precision: a larger value overflows in the service.
        if (shape.type === "float" && Math.abs(value) > FLOAT32_MAX) {
          return fail(`${value} does not fit a single-precision float`);
        }
        if (!this.options.shapeOnly && outOfRange(shape, value)) {
          fail(`${value} is outside ${range(shape, "").trim()}`);
        }
        return;
      }
      case "boolean":
        if (typeof value !== "boolean") fail(`must be a boolean, got ${JSON.stringify(value)}`);
        return;
      case "timestamp": {
        const time =
          value instanceof Date
            ? value.getTime()
            : typeof value === "string"
              ? Date.parse(value)
              : typeof value === "number"
                ? value
                : NaN;
        if (!Number.isFinite(time)) fail(`must be a timestamp, got ${JSON.stringify(value)}`);
        return;
      }
      case "blob": {
        // A streaming body (GetObject's) is a stream, not bytes in memory.
        const stream = typeof (value as { pipe?: unknown } | null)?.pipe === "function";
        if (stream) return;
        const bytes =
          value instanceof Uint8Array
            ? value.byteLength
            : typeof value === "string"
              ? Buffer.byteLength(value)
              : undefined;
        if (bytes === undefined) return fail(`must be bytes, got ${typeof value}`);
        if (outOfRange(shape, bytes)) {
          fail(`is ${bytes} bytes; the model allows ${range(shape, "bytes")}`);
        }
        return;
      }
      default:
        throw new Error(`${this.model.name} shape ${shapeName} has unknown type ${shape.type}`);
    }
  }

  private structure(shape: Shape, shapeName: string, value: unknown, path: string): void {
    if (shape.document) return; // a Smithy document: any JSON value
    if (!isObject(value)) {
      return this.fail(path, shapeName, `must be a structure (object), got ${typeof value}`);
    }
    const members = shape.members ?? {};
    const spelled = new Map(
      Object.keys(members).map((m) => [this.options.pascalCaseMembers ? pascal(m) : m, m]),
    );
    const present = new Set<string>();
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue; // the SDK leaves undefined members out of the request
      const reference = this.options.pathReferences === true && key.endsWith(".$");
      const name = reference ? key.slice(0, -2) : key;
      const member = spelled.get(name);
      const at = path === "" ? name : `${path}.${name}`;
      if (member === undefined) {
        this.fail(
          at,
          shapeName,
          `is not a member; the model's members are ${[...spelled.keys()].join(", ")}`,
        );
        continue;
      }
      present.add(member);
      if (reference || this.options.jsonMembers?.includes(at)) continue;
      this.check(members[member].shape, v, at);
    }
    for (const required of this.options.shapeOnly ? [] : (shape.required ?? [])) {
      if (!present.has(required)) {
        const name = this.options.pascalCaseMembers ? pascal(required) : required;
        this.fail(path === "" ? name : `${path}.${name}`, shapeName, "is required but missing");
      }
    }
    if (shape.union && present.size !== 1) {
      this.fail(path, shapeName, `is a union: set exactly one member, not ${present.size}`);
    }
  }
}

/** Problems of one request against its operation's input shape (empty when valid). */
export function validateRequest(request: ApiRequest, options: ValidateOptions = {}): string[] {
  return validateMessage(request, "input", request.input, options);
}

/**
 * Problems of an answer against the operation's output shape: what a fake of the service returns
 * must be something the service can return, or code reading it is tested against fiction.
 */
export function validateResponse(
  request: Omit<ApiRequest, "input">,
  output: unknown,
  options: ValidateOptions = {},
): string[] {
  return validateMessage(request, "output", output, { ...options, shapeOnly: true }).map(
    (p) => `answer of ${p}`,
  );
}

function validateMessage(
  request: Omit<ApiRequest, "input">,
  direction: "input" | "output",
  value: unknown,
  options: ValidateOptions,
): string[] {
  const model = serviceModel(request.service);
  const operation = model.operations[request.operation];
  if (!operation) {
    return [`${request.service} has no operation ${request.operation} in its API model`];
  }
  const validator = new Validator(model, options);
  const shape = operation[direction];
  if (shape) {
    validator.check(shape.shape, value ?? {}, "");
  } else if (isObject(value) && Object.keys(value).length > 0) {
    validator.problems.push(`${request.operation} has no ${direction}`);
  }
  return validator.problems.map((p) => `${request.service}:${request.operation} ${p}`);
}

/** Every problem of every request, one per line: empty when all are valid. */
export function problemsOf(requests: readonly ApiRequest[], options: ValidateOptions = {}): string {
  return requests.flatMap((r) => validateRequest(r, options)).join("\n");
}

/** Every problem of every fake's answer to `requests`, one per line: empty when all are valid. */
export async function answerProblemsOf(requests: readonly ApiRequest[]): Promise<string> {
  const problems: string[] = [];
  for (const request of requests) {
    const output = await request.answered;
    if (output !== undefined) problems.push(...validateResponse(request, output));
  }
  return problems.join("\n");
}
