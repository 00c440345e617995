/**
 * StreamIngestion's tier defaults that the program's stack profiles also read (`stacks/tiers.ts`),
 * in a file of their own so reading them loads nothing else.
 */
import type { Tier } from "../shared/workload";

/** Kinesis retention: 24 h is the free minimum; prod keeps a week to replay after an incident. */
export const DEFAULT_RETENTION_HOURS: Readonly<Record<Tier, number>> = { dev: 24, prod: 168 };
