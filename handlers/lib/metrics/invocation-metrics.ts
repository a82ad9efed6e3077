/**
 * What one invocation counts for, as a pure function of how it ended: the answer's status and code,
 * the path `start` took, and the times the handler measured. Kept apart from the publishing (EMF,
 * metrics-sink.ts) so the rules can be read, and tested, as a table.
 */
import { AsyncErrorCode } from "../async-error-code";
import { AsyncStatus } from "../async-status";
import { errorCodeMetricName, type HandlerMetricUnit, METRIC_UNITS, MetricName, OUTCOME_NOT_RECORDED_CODES } from "./metric-name";

/** Which contract the function serves; an extra long-poll function serves `poll`'s. */
export type HandlerKind = "start" | "poll";

/** How one invocation ended. */
export interface InvocationSummary {
  /** The handler's contract. */
  readonly handler: HandlerKind;
  /** The answer's `asyncStatus`. */
  readonly status: AsyncStatus;
  /** The answer's `asyncErrorCode` (FAILED, ERROR). */
  readonly errorCode?: string;
  /** `start`: the path it took (StartPath in start-request.ts), when it got that far. */
  readonly startPath?: string;
  /** ms from the start of the caller's wait to this answer. */
  readonly timeToOutcomeMs: number;
  /** ms `poll` watched the item for, when it waited. */
  readonly longPollMs?: number;
}

/** One metric value. */
export interface MetricValue {
  readonly name: string;
  readonly unit: HandlerMetricUnit;
  readonly value: number;
}

/** The `start` paths (start-request.ts StartPath) and the metric each counts for. */
const START_PATH_METRICS: { readonly [path: string]: MetricName } = { CACHE_HIT: MetricName.CacheHit, JOINED: MetricName.Joined, STARTED: MetricName.Fresh };

const STATUS_METRICS: { readonly [status in AsyncStatus]: MetricName } = {
  SUCCEEDED: MetricName.Succeeded,
  PENDING: MetricName.Pending,
  FAILED: MetricName.Failed,
  ERROR: MetricName.Error,
};

/** The metrics of one invocation, in a fixed order. */
export function metricsOfInvocation(summary: InvocationSummary): MetricValue[] {
  const names: MetricName[] = [MetricName.Calls, STATUS_METRICS[summary.status]];
  const values: MetricValue[] = [];
  const { status, errorCode } = summary;
  const pathMetric = summary.startPath === undefined ? undefined : START_PATH_METRICS[summary.startPath];
  if (summary.handler === "start" && pathMetric !== undefined) names.push(pathMetric);
  // Started and already answered with the outcome: the flow skips its loop entirely.
  if (pathMetric === MetricName.Fresh && (status === AsyncStatus.SUCCEEDED || status === AsyncStatus.FAILED)) names.push(MetricName.FastPath);
  if (endsWait(summary)) {
    if (status !== AsyncStatus.SUCCEEDED) names.push(MetricName.FailureBranch);
    values.push({ name: MetricName.TimeToOutcome, unit: METRIC_UNITS.TimeToOutcome, value: Math.max(0, summary.timeToOutcomeMs) });
  }
  if (errorCode === AsyncErrorCode.CONFIGURATION) names.push(MetricName.ConfigurationError);
  if (errorCode === AsyncErrorCode.REQUEST_ID_KEY_UNAVAILABLE) names.push(MetricName.RequestIdKeyError);
  if (status === AsyncStatus.FAILED && errorCode !== undefined && OUTCOME_NOT_RECORDED_CODES.includes(errorCode)) names.push(MetricName.OutcomeNotRecorded);
  if (summary.longPollMs !== undefined) values.push({ name: MetricName.LongPollDuration, unit: METRIC_UNITS.LongPollDuration, value: Math.max(0, summary.longPollMs) });
  const counts = names.map((name): MetricValue => ({ name, unit: METRIC_UNITS[name], value: 1 }));
  const code = errorCode !== undefined && (status === AsyncStatus.FAILED || status === AsyncStatus.ERROR) ? [{ name: errorCodeMetricName(errorCode), unit: METRIC_UNITS.Calls, value: 1 }] : [];
  return [...counts, ...code, ...values];
}

/**
 * Whether this answer ends the caller's wait: any answer of `start` but PENDING, and a SUCCEEDED or
 * FAILED `poll` (the async macro sends a poll ERROR round the loop again).
 */
function endsWait({ handler, status }: InvocationSummary): boolean {
  if (status === AsyncStatus.PENDING) return false;
  return handler === "start" || status !== AsyncStatus.ERROR;
}
