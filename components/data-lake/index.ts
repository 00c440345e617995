/**
 * DataLake: its class, args and settings, and the pure lifecycle and sizing functions it is built from.
 */
export { resolveLakeArgs, validateDataLakeArgs } from "./args";
export type { DataLakeArgs, ResolvedLakeArgs } from "./args";
export { FIREHOSE_ERROR_OUTPUT_TYPES } from "./catalog";
export { DATA_LAKE_TYPE, DataLake, lakeKeyStatements } from "./data-lake";
export { DEV_MAX_EXPIRY_DAYS, planEventsLifecycle, validateLifecycle } from "./lifecycle";
export { athenaScanCutoffBytes } from "./sizing";
// The lake's own grants to Personalize, for programs that compose their own lake.
export { lakeBucketPolicyStatements, lakeKeyPolicyStatement } from "./personalize-access";
