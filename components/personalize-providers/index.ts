/**
 * Amazon Personalize resources as Pulumi dynamic providers (@pulumi/aws has none), with the
 * schema builders and validator the datasets are checked against before deploy.
 */
export * from "./dataset-group";
export * from "./schema";
export * from "./schema-builders";
export * from "./schema-validation";
export * from "./dataset";
export * from "./event-tracker";
export * from "./filter";
export * from "./metric-attribution";
export * from "./solution";
export * from "./solution-args";
export * from "./metrics";
export { personalizeName } from "./resource-args";
export type { PersonalizeTargetArgs } from "./resource-args";
export type { ProviderTarget } from "./client";
export { ResourceInitError } from "./errors";
export { DEFAULT_WAIT, DEFAULT_WAIT_POLICY, WaitTimeoutError } from "./waiter";
export type { Clock, WaitOptions, WaitPolicy } from "./waiter";
