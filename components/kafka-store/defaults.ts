/**
 * KafkaStore's tier defaults, kept in the component's folder so a program composing it needs no
 * stack settings.
 */
import type { Tier } from "../shared/workload";

export interface KafkaStoreTierDefaults {
  /** 24 h is enough for a dev replay; prod keeps a week to replay after an incident, like Kinesis. */
  readonly retentionHours: number;
  /**
   * Each interface endpoint bills per Availability Zone, so dev spans the two MSK Serverless
   * needs at least; prod spans three to ride out the loss of one zone with two left.
   */
  readonly availabilityZones: number;
}

export const KAFKA_STORE_TIER_DEFAULTS: Readonly<Record<Tier, KafkaStoreTierDefaults>> = {
  dev: { retentionHours: 24, availabilityZones: 2 },
  prod: { retentionHours: 168, availabilityZones: 3 },
};
