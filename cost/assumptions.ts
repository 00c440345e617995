/**
 * What the model assumes where the program and the workload say nothing: each figure is stated
 * here once, named in the basis of every line that uses it, and overridable per call. Change an
 * assumption here and every line that depends on it follows.
 */
import { HOURS_PER_MONTH } from "../components/shared/workload";

export interface CostAssumptions {
  /** Share of events Firehose cannot convert, kept under failed/. */
  readonly failedShare: number;
  /** Days of events a typical Athena query reads (KPI jobs read a day; dashboards read tables). */
  readonly typicalQueryScanDays: number;
  /** Share of the Parquet columns a typical query reads (Parquet is columnar). */
  readonly typicalQueryColumnShare: number;
  /** S3 GET requests Athena makes per Parquet object it reads (footer + column chunks). */
  readonly athenaGetsPerObject: number;
  /** Bytes of one Athena result file. */
  readonly resultBytesPerQuery: number;
  /** GB held by a bucket no workload writes to (artifacts, access logs). */
  readonly otherBucketGb: number;
  /** Lambda duration: a fixed part per invocation plus a part per record of a batch. */
  readonly lambdaBaseMs: number;
  readonly lambdaPerRecordMs: number;
  /** Invocations and duration of a function with no stream, Firehose or URL trigger. */
  readonly unlinkedLambdaInvocations: number;
  readonly unlinkedLambdaMs: number;
  /** Log bytes per Lambda invocation (START/END/REPORT plus a JSON line or two). */
  readonly logBytesPerInvocation: number;
  /** Log bytes per state transition of a workflow logging ALL with execution data. */
  readonly logBytesPerTransition: number;
  /** GB a month written to a log group nothing in the plan is known to feed. */
  readonly otherLogGroupGb: number;
  /** KMS requests per key per month (data-key caching keeps them low). */
  readonly kmsRequestsPerKey: number;
  readonly snsPublishesPerTopic: number;
  readonly sqsRequestsPerQueue: number;
  /** Items the real-time view writes per minute (channel rows, their index copies, top-N ranks). */
  readonly viewWritesPerMinute: number;
  /** Shards an on-demand stream starts with; they carry the reads of its consumers. */
  readonly onDemandShards: number;
  /** Personalize training hours for a run: fixed part plus a part per million interactions. */
  readonly trainingHoursBase: number;
  readonly trainingHoursPerMillionInteractions: number;
  /** Bytes of one exported interaction row (CSV). */
  readonly interactionCsvBytes: number;
  /**
   * Rows and bytes of the items and users catalogues each training run imports in full (the
   * workload profile counts events, not a catalogue).
   */
  readonly catalogueItems: number;
  readonly catalogueUsers: number;
  readonly catalogueCsvBytes: number;
  /** Minutes a campaign takes to deploy, polled once a minute. */
  readonly campaignDeployMinutes: number;
  /** KPI serving API requests a day (dashboards refreshing, the real-time widget redrawing). */
  readonly kpiApiRequestsPerDay: number;
  /** Distinct (channels, range) questions a day: what the cache cannot answer once per period. */
  readonly kpiApiDistinctQuestionsPerDay: number;
  readonly kpiApiChannelsPerRequest: number;
  readonly quicksightAuthors: number;
  readonly quicksightReaders: number;
  /** Share of the workload's events that reach the stream through the HTTP collector. */
  readonly collectorEventsShare: number;
  /** Events per collector request (the browser client's default batch). */
  readonly collectorEventsPerRequest: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  failedShare: 0.001,
  typicalQueryScanDays: 1,
  typicalQueryColumnShare: 0.5,
  athenaGetsPerObject: 2,
  resultBytesPerQuery: 1024 * 1024,
  otherBucketGb: 1,
  lambdaBaseMs: 100,
  lambdaPerRecordMs: 0.2,
  unlinkedLambdaInvocations: 1000,
  unlinkedLambdaMs: 1000,
  logBytesPerInvocation: 400,
  logBytesPerTransition: 1000,
  otherLogGroupGb: 0.1,
  kmsRequestsPerKey: 50_000,
  snsPublishesPerTopic: 1000,
  sqsRequestsPerQueue: 10_000,
  viewWritesPerMinute: 30,
  onDemandShards: 4,
  trainingHoursBase: 2,
  trainingHoursPerMillionInteractions: 0.01,
  interactionCsvBytes: 100,
  catalogueItems: 100_000,
  catalogueUsers: 1_000_000,
  catalogueCsvBytes: 60,
  campaignDeployMinutes: 15,
  // Four screens refreshing a minute apart through a 12-hour day.
  kpiApiRequestsPerDay: 2880,
  kpiApiDistinctQuestionsPerDay: 20,
  kpiApiChannelsPerRequest: 5,
  quicksightAuthors: 2,
  quicksightReaders: 20,
  // Most behaviour events come from browsers and apps; servers log the rest (impressions).
  collectorEventsShare: 0.8,
  collectorEventsPerRequest: 10,
};

/** A month is 730 hours, as on every AWS pricing page. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
export const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;
/** AWS bills storage and transfer in binary gigabytes. */
export const GB = 1024 ** 3;
export const TB = 1024 ** 4;
