/**
 * The metrics the handlers publish (CloudWatch Embedded Metric Format, through Powertools Metrics), in
 * one place: the handlers emit them from here, and the alarms, the dashboard and the tests read the
 * same names, so a renamed metric cannot leave an alarm watching nothing.
 *
 * Every metric goes out under two dimension sets: `[service]` (the function, e.g. `<prefix>-start`)
 * and, once the operation is known, `[service, operation]`. Nothing else is a dimension: no ContactId,
 * no request id, no parameter value, so the metric count stays bounded by functions × operations.
 */
import { AsyncErrorCode } from "../async-error-code";

/** The namespace when none is configured (`POWERTOOLS_METRICS_NAMESPACE`, or the bridge's `metricsNamespace`). */
export const DEFAULT_METRICS_NAMESPACE = "ConnectAsync";

/** The dimension names the handlers use; `service` is Powertools' own. */
export const MetricDimension = {
  /** The function's service name (`POWERTOOLS_SERVICE_NAME`; the bridge sets the function name). */
  service: "service",
  /** The operation, once the request names one that is configured. */
  operation: "operation",
} as const;
export type MetricDimension = (typeof MetricDimension)[keyof typeof MetricDimension];

/** The CloudWatch units used. */
export const HandlerMetricUnit = {
  Count: "Count",
  Milliseconds: "Milliseconds",
} as const;
export type HandlerMetricUnit = (typeof HandlerMetricUnit)[keyof typeof HandlerMetricUnit];

/** The metrics of fixed name. */
export const MetricName = {
  /** Every invocation. On `start`, one per caller's wait (plus Connect's retries). */
  Calls: "Calls",
  /** Answers by `asyncStatus`. */
  Succeeded: "Succeeded",
  Pending: "Pending",
  Failed: "Failed",
  Error: "Error",
  /** `start`: answered from a fresh SUCCEEDED item; nothing started. */
  CacheHit: "CacheHit",
  /** `start`: joined a live execution (another caller's, or Connect's retry). */
  Joined: "Joined",
  /** `start`: started a new execution. */
  Fresh: "Fresh",
  /** `start`: started an execution and answered its outcome on the fast path, so the flow needs no loop. */
  FastPath: "FastPath",
  /** Answers that send the caller down the flow's failure branch: `start` FAILED or ERROR, `poll` FAILED (a poll ERROR goes round the loop again). */
  FailureBranch: "FailureBranch",
  /** ms from the start of the caller's wait to the answer that ends it (SUCCEEDED, FAILED; ERROR on `start`). */
  TimeToOutcome: "TimeToOutcome",
  /** ms `poll` spent watching the item before answering (its synchronous or asynchronous long poll). */
  LongPollDuration: "LongPollDuration",
  /** The first invocation of a fresh execution environment. */
  ColdStart: "ColdStart",
  /** `asyncErrorCode=CONFIGURATION`: the function is misconfigured; every call fails until fixed. */
  ConfigurationError: "ConfigurationError",
  /** `asyncErrorCode=REQUEST_ID_KEY_UNAVAILABLE`: the request-id key's secret could not be read. */
  RequestIdKeyError: "RequestIdKeyError",
  /** A FAILED answer whose code says the state machine could not store the outcome as it was ({@link OUTCOME_NOT_RECORDED_CODES}). */
  OutcomeNotRecorded: "OutcomeNotRecorded",
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** The unit of each fixed-name metric. */
export const METRIC_UNITS: { readonly [name in MetricName]: HandlerMetricUnit } = {
  Calls: "Count",
  Succeeded: "Count",
  Pending: "Count",
  Failed: "Count",
  Error: "Count",
  CacheHit: "Count",
  Joined: "Count",
  Fresh: "Count",
  FastPath: "Count",
  FailureBranch: "Count",
  TimeToOutcome: "Milliseconds",
  LongPollDuration: "Milliseconds",
  ColdStart: "Count",
  ConfigurationError: "Count",
  RequestIdKeyError: "Count",
  OutcomeNotRecorded: "Count",
};

/**
 * The codes the state machine writes when it cannot record the outcome as it is (its fallback writes,
 * infra/state-machine-definition.ts), and `poll`'s own refusal of a result too large for Connect: the
 * work may have succeeded, but the caller hears failure.
 */
export const OUTCOME_NOT_RECORDED_CODES: ReadonlyArray<string> = [AsyncErrorCode.STORE_WRITE_FAILED, AsyncErrorCode.RESULT_TOO_LARGE, AsyncErrorCode.OUTPUT_NOT_OBJECT];

/** The prefix of the per-code count: `ErrorCode.<asyncErrorCode>`, one per FAILED or ERROR answer. */
export const ERROR_CODE_METRIC_PREFIX = "ErrorCode.";

/** What an unbounded error name (one the target threw) is counted as, so the metric count stays bounded. */
export const OTHER_ERROR_CODE = "TargetError";

/**
 * The per-code metric name. Our own codes and AWS's error families (`States.*`, `Lambda.*`) keep their
 * name; any other (an error name the target chose) is counted as {@link OTHER_ERROR_CODE}.
 */
export function errorCodeMetricName(errorCode: string): string {
  const known = (Object.values(AsyncErrorCode) as string[]).includes(errorCode) || /^(States|Lambda)\.[A-Za-z]{1,64}$/.test(errorCode);
  return `${ERROR_CODE_METRIC_PREFIX}${known ? errorCode : OTHER_ERROR_CODE}`;
}
