/** Writes a log to a temporary lake with the real lake writer and runs the KPI SQL on it. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { BehaviourEvent } from "../../events";
import { LakeFormat, writeLake } from "../../events/lake";
import { KpiReport, computeKpis, lakeRange } from "../../cli/kpi/compute";
import { openLocalLake } from "../../cli/kpi/lake";
import type { DtRange } from "../../components/kpi-dashboard/queries";

const made: string[] = [];

export function tempDir(prefix = "kpi-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Call from `after()` in each suite that made temporary lakes. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function writeTempLake(
  events: readonly BehaviourEvent[],
  format: LakeFormat = "jsonl",
): Promise<string> {
  const dir = tempDir();
  await writeLake(dir, events, format);
  return dir;
}

export async function kpisOf(
  events: readonly BehaviourEvent[],
  range?: Partial<DtRange>,
  format: LakeFormat = "jsonl",
): Promise<KpiReport> {
  const lake = await openLocalLake(await writeTempLake(events, format));
  try {
    const own = await lakeRange(lake.connection);
    return await computeKpis(lake.connection, { ...own, ...range });
  } finally {
    lake.close();
  }
}
