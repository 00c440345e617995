/**
 * An error in what the user gave `npm run kpi`: printed as its message alone (no stack trace),
 * with a non-zero exit, because the fix is in the input and not in the code.
 */
export class KpiInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KpiInputError";
  }
}

/** "1 file", "2 files". */
export const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
