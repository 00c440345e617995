/**
 * The AWS SDK commands a piece of runtime code sends, read from its source: every `new XCommand(`
 * whose class is imported from an `@aws-sdk/*` package, in the entry file and every project file
 * it imports. Derived, not listed, so a command added to a handler is checked without anyone
 * remembering to add it here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

export interface SdkCommand {
  /** `@aws-sdk/client-kinesis`, `@aws-sdk/lib-dynamodb`, … */
  readonly sdkPackage: string;
  /** `PutRecordsCommand` */
  readonly command: string;
  /** The project file that sends it, relative to `root`. */
  readonly file: string;
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function scanFile(file: string, root: string, seen: Set<string>, found: SdkCommand[]): void {
  if (seen.has(file)) return;
  seen.add(file);
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022);
  const commandPackage = new Map<string, string>();
  for (const statement of source.statements) {
    // Re-exports (`export * from "./read"`) bring their module's sends along.
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      const target = resolveImport(file, (statement.moduleSpecifier as ts.StringLiteral).text);
      if (target) scanFile(target, root, seen, found);
      continue;
    }
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    if (specifier.startsWith(".") || specifier.startsWith("/")) {
      const target = resolveImport(file, specifier);
      if (target) scanFile(target, root, seen, found);
      continue;
    }
    if (!specifier.startsWith("@aws-sdk/")) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        if (!element.isTypeOnly && element.name.text.endsWith("Command")) {
          commandPackage.set(element.name.text, specifier);
        }
      }
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const sdkPackage = commandPackage.get(node.expression.text);
      const relative = path.relative(root, file).split(path.sep).join("/");
      const command = node.expression.text;
      if (sdkPackage && !found.some((c) => c.command === command && c.file === relative)) {
        found.push({ sdkPackage, command, file: relative });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** Every SDK command the code reachable from `entry` sends. */
export function sdkCommandsOf(entry: string, root: string): SdkCommand[] {
  const found: SdkCommand[] = [];
  scanFile(path.resolve(root, entry), root, new Set(), found);
  return found;
}
