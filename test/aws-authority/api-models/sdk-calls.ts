/**
 * Every AWS SDK command the shipped code can send, read from its source: each `new XCommand(` in
 * components/ and cli/, resolved through the file's own import (or require) of an @aws-sdk
 * package to the service and operation it calls. A call added to the code without a scenario that
 * sends it — and so without its request being held to the model — fails the coverage test.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { Client } from "@smithy/core/client";
import { serviceNameOf } from "./models";

const ROOT = join(__dirname, "..", "..", "..");
const SOURCE_DIRS = ["components", "cli"];

export interface SdkCall {
  readonly file: string;
  readonly service: string;
  readonly operation: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** `{ A, B as C }` of an import or a destructuring require → package of each imported name. */
function importedFrom(text: string): Map<string, string> {
  const names = new Map<string, string>();
  const forms = [
    /import\s*\{([^}]*)\}\s*from\s*"(@aws-sdk\/[^"]+)"/g,
    /const\s*\{([^}]*)\}\s*=\s*require\("(@aws-sdk\/[^"]+)"\)/g,
  ];
  for (const form of forms) {
    for (const [, list, pkg] of text.matchAll(form)) {
      for (const item of list.split(",")) {
        const name = item
          .replace(/^\s*type\s+/, "")
          .split(/\s+as\s+/)[0]
          .trim();
        if (name) names.set(name, pkg);
      }
    }
  }
  return names;
}

/** The service and operation a command class of `pkg` sends (the document client's too). */
function resolve(pkg: string, commandName: string): { service: string; operation: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(pkg);
  const command = new module[commandName]({});
  // @aws-sdk/lib-dynamodb wraps the DynamoDB command it marshals to.
  const sent = command.clientCommand ?? command;
  const client = pkg === "@aws-sdk/lib-dynamodb" ? "@aws-sdk/client-dynamodb" : pkg;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const clientModule = require(client);
  const clientClass = Object.values(clientModule).find(
    (value) => typeof value === "function" && value.prototype instanceof Client,
  ) as new (config: object) => { config: { serviceId: string } };
  return {
    service: serviceNameOf(new clientClass({ region: "us-east-1" }).config.serviceId),
    operation: sent.constructor.name.replace(/Command$/, ""),
  };
}

/** Every SDK command constructed in the shipped source, by file. */
export function sdkCallsInSource(): SdkCall[] {
  const calls: SdkCall[] = [];
  for (const file of SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)))) {
    const text = readFileSync(file, "utf8");
    const imports = importedFrom(text);
    for (const [, name] of text.matchAll(/new\s+(\w+Command)\s*\(/g)) {
      const pkg = imports.get(name);
      if (!pkg) throw new Error(`${relative(ROOT, file)}: ${name} is not imported from @aws-sdk`);
      calls.push({ file: relative(ROOT, file), ...resolve(pkg, name) });
    }
  }
  return calls;
}
