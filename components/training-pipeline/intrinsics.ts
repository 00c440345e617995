/**
 * Amazon States Language intrinsic-function text. String literals inside an intrinsic are
 * single-quoted and `'`, `{`, `}` and `\` must be escaped with a backslash; getting that wrong
 * only shows at run time in the cloud, so every literal the builder emits goes through here.
 */

/** Escapes text for use inside a single-quoted intrinsic string literal. */
export function escapeIntrinsic(text: string): string {
  return text.replace(/[\\'{}]/g, (c) => `\\${c}`);
}

/**
 * `States.Format` over template pieces: literal text is escaped, and each `{}` between pieces is
 * filled by the matching argument (a JSONPath or a nested intrinsic).
 */
export function format(pieces: readonly string[], args: readonly string[]): string {
  if (pieces.length !== args.length + 1) {
    throw new Error(
      `format needs one more piece than arguments, got ${pieces.length} and ${args.length}`,
    );
  }
  const template = pieces.map(escapeIntrinsic).join("{}");
  return `States.Format('${template}'${args.map((a) => `, ${a}`).join("")})`;
}

/** A JSONPath or nested intrinsic that `fmt` passes as an argument (anything else is literal text). */
export class Ref {
  constructor(readonly expression: string) {}
}
export const ref = (expression: string) => new Ref(expression);

/**
 * Tagged-template form: fmt`Run ${ref("$$.Execution.Name")} of ${name}` →
 * States.Format('Run {} of <name, escaped>', $$.Execution.Name).
 */
export function fmt(strings: TemplateStringsArray, ...values: (Ref | string | number)[]): string {
  const pieces = [strings[0]];
  const args: string[] = [];
  values.forEach((value, i) => {
    if (value instanceof Ref) {
      args.push(value.expression);
      pieces.push(strings[i + 1]);
    } else {
      pieces[pieces.length - 1] += String(value) + strings[i + 1];
    }
  });
  return format(pieces, args);
}
