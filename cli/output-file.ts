/**
 * Output files of the commands: checked before any work (so `--json <directory>` fails in a
 * second, not after a whole plan) and written atomically, all or nothing: each file is written
 * beside its target and renamed into place only once every file of the command has been written.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** A problem with an output path the user gave, reported with exit status 2. */
export class OutputPathError extends Error {
  override name = "OutputPathError";
}

/** Throws `OutputPathError` when `file` (given as `flag`) cannot be written as a file. */
export function checkOutputPath(flag: string, file: string): void {
  const target = path.resolve(file);
  if (file === "" || file.endsWith(path.sep) || file.endsWith("/")) {
    throw new OutputPathError(
      `${flag} ${JSON.stringify(file)} is not a file name. Fix: e.g. ${flag} out/result.json`,
    );
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    throw new OutputPathError(
      `${flag} ${file} is a directory. Fix: name a file in it, e.g. ${flag} ${path.join(file, `result${extensionOf(flag)}`)}`,
    );
  }
  // The nearest existing ancestor must be a directory we may write to.
  let dir = path.dirname(target);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  if (!fs.statSync(dir).isDirectory()) {
    throw new OutputPathError(`${flag} ${file}: ${dir} is a file, not a directory`);
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new OutputPathError(`${flag} ${file}: the directory ${dir} is not writable`);
  }
}

function extensionOf(flag: string): string {
  return flag === "--html" ? ".html" : ".json";
}

/** Writes every file or none: temporaries first, then renames; temporaries removed on failure. */
export function writeFilesAtomically(files: readonly { file: string; text: string }[]): void {
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const { file, text } of files) {
      const target = path.resolve(file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
      staged.push({ temp, target });
      fs.writeFileSync(temp, text);
    }
  } catch (error) {
    for (const { temp } of staged) fs.rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, target } of staged) fs.renameSync(temp, target);
}
