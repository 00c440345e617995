/**
 * The fenced blocks of a Markdown file and the check each one declares in the HTML comment on the
 * line above its fence (invisible on GitHub):
 *
 *   <!-- check: run -->                  every command in the block runs and exits 0
 *   <!-- check: file NAME [source=PATH] [plan=STACK] --> the block is written to NAME in the
 *       scratch project; with source=, it is exactly PATH, which tsc checks; with plan=, it is
 *       planned offline as a program against STACK and must exit 0
 *   <!-- check: output [exit=N] COMMAND --> the block is exactly what COMMAND prints
 *   <!-- check: output-head COMMAND -->   the block is exactly the first lines COMMAND prints
 *   <!-- check: skip REASON -->           not run, for the reason given (a cloud account, a diagram)
 *
 * A block without a check fails the suite, so no example escapes it.
 */
import * as fs from "node:fs";

export type BlockCheck =
  | { readonly kind: "run" }
  | {
      readonly kind: "file";
      readonly name: string;
      readonly source?: string;
      readonly plan?: string;
    }
  | {
      readonly kind: "output";
      readonly command: string;
      readonly exit: number;
      readonly head: boolean;
    }
  | { readonly kind: "skip"; readonly reason: string };

export interface FencedBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly text: string;
  readonly check?: BlockCheck;
}

function parseCheck(comment: string): BlockCheck | undefined {
  const match = /^<!--\s*check:\s*(\S+)\s*(.*?)\s*-->$/.exec(comment.trim());
  if (!match) return undefined;
  const [, kind, rest] = match;
  switch (kind) {
    case "run":
      return { kind: "run" };
    case "file": {
      const [name, ...flags] = rest.split(/\s+/);
      const flag = (key: string) =>
        flags.find((f) => f.startsWith(`${key}=`))?.slice(key.length + 1);
      const source = flag("source");
      const plan = flag("plan");
      return { kind: "file", name, ...(source ? { source } : {}), ...(plan ? { plan } : {}) };
    }
    case "output":
    case "output-head": {
      const exit = /^exit=(\d+)\s+/.exec(rest);
      return {
        kind: "output",
        head: kind === "output-head",
        exit: exit ? Number(exit[1]) : 0,
        command: exit ? rest.slice(exit[0].length) : rest,
      };
    }
    case "skip":
      return rest ? { kind: "skip", reason: rest } : undefined;
    default:
      return undefined;
  }
}

export function fencedBlocks(file: string): FencedBlock[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.indexOf("```", i + 1);
    if (end < 0) throw new Error(`${file}:${i + 1}: fence never closed`);
    const check = i > 0 ? parseCheck(lines[i - 1]) : undefined;
    blocks.push({
      file,
      line: i + 1,
      lang: open[1],
      text: lines.slice(i + 1, end).join("\n"),
      ...(check ? { check } : {}),
    });
    i = end;
  }
  return blocks;
}

/** The commands of a shell block: comments dropped, `a && b` split, blank lines skipped. */
export function shellCommands(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .flatMap((line) => line.split(/\s+&&\s+/));
}

/** Splits a command line into words, honouring single and double quotes. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const m of command.matchAll(pattern)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}
