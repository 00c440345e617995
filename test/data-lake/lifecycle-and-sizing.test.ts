import { expect } from "chai";
import {
  DEV_MAX_EXPIRY_DAYS,
  athenaScanCutoffBytes,
  planEventsLifecycle,
  validateDataLakeArgs,
  validateLifecycle,
} from "../../components/data-lake";
import { GIB, WorkloadProfile } from "../../components/shared/workload";
import { TIER_PROFILES } from "../../stacks/tiers";

const workload = (over: Partial<WorkloadProfile> = {}): WorkloadProfile => ({
  ...TIER_PROFILES.prod.workload,
  ...over,
});

describe("data lake: events lifecycle (temperature spectrum)", () => {
  it("takes every step in prod when retention leaves room for each minimum storage", () => {
    expect(planEventsLifecycle("prod", 730)).to.deep.equal({
      transitions: [
        { days: 30, storageClass: "STANDARD_IA" },
        { days: 90, storageClass: "GLACIER_IR" },
        { days: 180, storageClass: "DEEP_ARCHIVE" },
      ],
      expirationDays: 730,
      noncurrentVersionExpireDays: 30,
      abortIncompleteUploadDays: 7,
    });
  });

  it("keeps Deep Archive at exactly its 180-day minimum before expiry", () => {
    expect(planEventsLifecycle("prod", 360).transitions.map((t) => t.days)).to.deep.equal([
      30, 90, 180,
    ]);
    expect(planEventsLifecycle("prod", 359).transitions.map((t) => t.storageClass)).to.deep.equal([
      "STANDARD_IA",
      "GLACIER_IR",
    ]);
  });

  it("drops the steps a shorter retention cannot pay for, never transitioning after expiry", () => {
    expect(planEventsLifecycle("prod", 179).transitions).to.deep.equal([
      { days: 30, storageClass: "STANDARD_IA" },
    ]);
    expect(planEventsLifecycle("prod", 60).transitions).to.deep.equal([
      { days: 30, storageClass: "STANDARD_IA" },
    ]);
    expect(planEventsLifecycle("prod", 59).transitions).to.deep.equal([]);
    expect(planEventsLifecycle("prod", 59).expirationDays).to.equal(59);
  });

  it("keeps no archive in dev and expires within a month", () => {
    expect(planEventsLifecycle("dev", 365)).to.deep.equal({
      transitions: [],
      expirationDays: DEV_MAX_EXPIRY_DAYS,
      noncurrentVersionExpireDays: 1,
      abortIncompleteUploadDays: 1,
    });
    expect(planEventsLifecycle("dev", 10).expirationDays).to.equal(10);
  });

  it("honours overrides, including Glacier Flexible Retrieval as the cold class", () => {
    const plan = planEventsLifecycle("prod", 400, {
      infrequentAccessAfterDays: 45,
      coldAfterDays: 120,
      coldStorageClass: "GLACIER",
      deepArchiveAfterDays: 210,
      noncurrentVersionExpireDays: 14,
      abortIncompleteUploadDays: 3,
    });
    expect(plan).to.deep.equal({
      transitions: [
        { days: 45, storageClass: "STANDARD_IA" },
        { days: 120, storageClass: "GLACIER" },
        { days: 210, storageClass: "DEEP_ARCHIVE" },
      ],
      expirationDays: 400,
      noncurrentVersionExpireDays: 14,
      abortIncompleteUploadDays: 3,
    });
  });

  it("rejects an explicit transition S3 refuses or that cannot fit before expiry", () => {
    expect(validateLifecycle("prod", 730, { infrequentAccessAfterDays: 20 })).to.deep.equal([
      "lifecycle.infrequentAccessAfterDays is 20; S3 requires at least 30 days in Standard before Standard-IA. Fix: set it to 30 or more.",
    ]);
    expect(
      validateLifecycle("prod", 730, { infrequentAccessAfterDays: 30, coldAfterDays: 45 }),
    ).to.deep.equal([
      "lifecycle.coldAfterDays is 45; it must be at least 60 (lifecycle.infrequentAccessAfterDays 30 + 30 days minimum storage in STANDARD_IA). Fix: raise it or lower lifecycle.infrequentAccessAfterDays.",
    ]);
    expect(validateLifecycle("prod", 200, { deepArchiveAfterDays: 100 })).to.deep.equal([
      "lifecycle.deepArchiveAfterDays is 100; objects expire after 200 days, before the 180-day minimum storage of DEEP_ARCHIVE (an early-deletion fee). Fix: set it to at most 20 or raise the expiry to 280.",
    ]);
    expect(
      validateLifecycle("prod", 730, { expireAfterDays: 0, coldAfterDays: 1.5 }),
    ).to.deep.equal([
      "lifecycle.coldAfterDays is 1.5; it must be a whole number of days ≥ 1.",
      "lifecycle.expireAfterDays is 0; it must be a whole number of days ≥ 1.",
    ]);
    expect(validateLifecycle("prod", 730, {})).to.deep.equal([]);
  });
});

describe("data lake: Athena scan cutoff", () => {
  it("allows a quarter of prod Parquet per query, rounded up to a GiB", () => {
    // 500 ev/s × 600 B × 86,400 s × 0.18 Parquet ratio × 92 days = 429.2 GB = 399.8 GiB.
    expect(athenaScanCutoffBytes("prod", workload())).to.equal(400 * GIB);
  });

  it("allows a week in dev, with a 1 GiB floor for tiny lakes", () => {
    expect(athenaScanCutoffBytes("dev", TIER_PROFILES.dev.workload)).to.equal(GIB);
    // 500 × 600 × 86,400 × 0.18 × 7 days = 32.7 GB = 30.4 GiB.
    expect(athenaScanCutoffBytes("dev", workload())).to.equal(31 * GIB);
  });

  it("caps one query at 1 TiB in prod and 100 GiB in dev", () => {
    const huge = workload({ avgEventsPerSecond: 20_000, peakEventsPerSecond: 30_000 });
    expect(athenaScanCutoffBytes("prod", huge)).to.equal(1024 * GIB);
    expect(athenaScanCutoffBytes("dev", huge)).to.equal(100 * GIB);
  });

  it("rejects an override below Athena's 10 MB minimum and bad results expiry, together", () => {
    expect(
      validateDataLakeArgs(
        { tier: "prod", athenaScanCutoffBytes: 1_000, athenaResultsExpireDays: 0 },
        workload(),
      ),
    ).to.deep.equal([
      "athenaScanCutoffBytes is 1000; Athena accepts whole numbers of bytes from 10000000 (10 MB). Fix: omit it to derive it from the workload, or raise it.",
      "athenaResultsExpireDays is 0; it must be a whole number of days ≥ 1.",
    ]);
  });
});
