/**
 * Pure sizing of the speed layer from the workload profile, so nobody tunes Flink parallelism or
 * picks an engine by feel.
 */
import type { WorkloadProfile } from "../shared/workload";
import { STATE_BYTES_PER_EVENT, STATE_LIMIT_BYTES } from "./lambda/aggregate";

/**
 * Events per second one Flink subtask handles with room to catch up after a restart: the job is
 * JSON parsing plus small keyed window state, all in the JVM (no Python UDFs), which runs at
 * several thousand records per second per vCPU; half of that keeps a replay of a few minutes
 * from lagging for long.
 */
export const EVENTS_PER_SUBTASK = 2_500;
/** Managed Flink's default account limit is 64 KPUs per application; stay inside it. */
export const MAX_PARALLELISM = 64;

export interface FlinkSizing {
  readonly parallelism: number;
  readonly parallelismPerKpu: number;
  /** KPUs billed for the job (Managed Flink adds one for the application itself). */
  readonly kpus: number;
}

/**
 * Parallelism covers the peak without relying on autoscaling (which restarts the job); two
 * subtasks share a KPU when each runs under half its capacity at peak, halving the bill of a
 * lightly loaded job.
 */
export function flinkSizing(workload: WorkloadProfile): FlinkSizing {
  const parallelism = Math.min(
    MAX_PARALLELISM,
    Math.max(1, Math.ceil(workload.peakEventsPerSecond / EVENTS_PER_SUBTASK)),
  );
  const perSubtask = workload.peakEventsPerSecond / parallelism;
  const parallelismPerKpu = perSubtask <= EVENTS_PER_SUBTASK / 2 ? 2 : 1;
  return { parallelism, parallelismPerKpu, kpus: Math.ceil(parallelism / parallelismPerKpu) };
}

/**
 * Bytes the Lambda engine's window state needs at peak if one shard took all traffic for the
 * 60-second window (the dedupe ids dominate).
 */
export function lambdaPeakStateBytes(workload: WorkloadProfile): number {
  return workload.peakEventsPerSecond * 60 * STATE_BYTES_PER_EVENT;
}

/** Whether the Lambda engine's 1 MB window state holds a peak minute's event ids. */
export function lambdaStateFits(workload: WorkloadProfile): boolean {
  return lambdaPeakStateBytes(workload) <= STATE_LIMIT_BYTES;
}
