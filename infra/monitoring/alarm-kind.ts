/**
 * The bridge's alarms: what each watches, its defaults (chosen for a contact centre, where a caller
 * hearing "sorry" is worth waking someone for), what callers heard when it fires, and the runbook
 * section that says what to do (docs/operations.md, shipped in the package).
 */

/** The alarms, by the name of their setting. */
export const AlarmKind = {
  executionsFailed: "executionsFailed",
  executionsTimedOut: "executionsTimedOut",
  executionsThrottled: "executionsThrottled",
  lambdaErrors: "lambdaErrors",
  lambdaThrottles: "lambdaThrottles",
  concurrencyNearReserve: "concurrencyNearReserve",
  callerFailureShare: "callerFailureShare",
  configurationErrors: "configurationErrors",
  outcomeNotRecorded: "outcomeNotRecorded",
  tableThrottles: "tableThrottles",
} as const;
export type AlarmKind = (typeof AlarmKind)[keyof typeof AlarmKind];

/** How one alarm fires. */
export interface AlarmTuning {
  /**
   * The threshold, compared with `>=`: a count per period, except `callerFailureShare` and
   * `concurrencyNearReserve`, which take a percentage.
   */
  readonly threshold?: number;
  /** The period, seconds (60 or a multiple of it). */
  readonly periodSeconds?: number;
  /** How many consecutive periods must breach. */
  readonly evaluationPeriods?: number;
}

/** What each alarm is, for its description and the runbook. */
export interface AlarmKindInfo {
  /** The alarm name's suffix (`<prefix>-<suffix>[-<subject>]`). */
  readonly nameSuffix: string;
  /** One line: what the alarm watches. */
  readonly watches: string;
  /** What callers heard while it fired. */
  readonly callersHeard: string;
  /** The runbook section, a heading anchor in docs/operations.md. */
  readonly runbookAnchor: string;
  /** The defaults. */
  readonly defaults: Required<AlarmTuning>;
}

/** The runbook's path in the connect-async package (it ships in `files`). */
export const RUNBOOK_PATH = "docs/operations.md";

/**
 * With fewer start calls than this in a period, `callerFailureShare` reads 0: one failure among three
 * callers at night is 33 % and not an incident; `configurationErrors` and `lambdaErrors` still fire.
 */
export const MIN_CALLS_FOR_SHARE = 20;

export const ALARM_KINDS: { readonly [kind in AlarmKind]: AlarmKindInfo } = {
  executionsFailed: {
    nameSuffix: "executions-failed",
    watches: "Step Functions executions that failed (AWS/States ExecutionsFailed): not even the fallback write recorded the outcome",
    callersHeard: "hold music until their wait ran out, then the timeout branch (or LEASE_EXPIRED on the failure branch)",
    runbookAnchor: "executions-failed",
    defaults: { threshold: 1, periodSeconds: 300, evaluationPeriods: 1 },
  },
  executionsTimedOut: {
    nameSuffix: "executions-timed-out",
    watches: "Step Functions executions that ran past their timeout (AWS/States ExecutionsTimedOut)",
    callersHeard: "hold music, then the failure branch (LEASE_EXPIRED) or the timeout branch",
    runbookAnchor: "executions-timed-out",
    defaults: { threshold: 1, periodSeconds: 300, evaluationPeriods: 1 },
  },
  executionsThrottled: {
    nameSuffix: "executions-throttled",
    watches: "StartExecution calls refused for the account's rate (AWS/States ExecutionThrottled)",
    callersHeard: "the failure branch at once (EXECUTION_START_FAILED from start)",
    runbookAnchor: "executions-throttled",
    defaults: { threshold: 1, periodSeconds: 300, evaluationPeriods: 1 },
  },
  lambdaErrors: {
    nameSuffix: "lambda-errors",
    watches: "function errors of a function Connect invokes (AWS/Lambda Errors); the handlers never throw, so this is a crash, a timeout or memory",
    callersHeard: "the flow block's Error branch: the failure branch for start, another loop turn for poll",
    runbookAnchor: "lambda-errors",
    defaults: { threshold: 1, periodSeconds: 300, evaluationPeriods: 1 },
  },
  lambdaThrottles: {
    nameSuffix: "lambda-throttles",
    watches: "invocations of a function Connect invokes refused for lack of concurrency (AWS/Lambda Throttles)",
    callersHeard: "the flow block's Error branch: the failure branch for start, another loop turn for poll",
    runbookAnchor: "lambda-throttles",
    defaults: { threshold: 1, periodSeconds: 300, evaluationPeriods: 1 },
  },
  concurrencyNearReserve: {
    nameSuffix: "concurrency-near-reserve",
    watches: "a function with reserved concurrency running at or above this percentage of its reserve (AWS/Lambda ConcurrentExecutions, Maximum)",
    callersHeard: "nothing yet; at the reserve, new waits are throttled and callers hear an extra loop turn",
    runbookAnchor: "concurrency-near-reserve",
    defaults: { threshold: 80, periodSeconds: 60, evaluationPeriods: 3 },
  },
  callerFailureShare: {
    nameSuffix: "caller-failure-share",
    watches: `the percentage of start calls whose caller was sent down the failure branch (FailureBranch / start Calls, with at least ${MIN_CALLS_FOR_SHARE} calls in the period)`,
    callersHeard: "the flow's failure branch",
    runbookAnchor: "caller-failure-share",
    defaults: { threshold: 5, periodSeconds: 300, evaluationPeriods: 2 },
  },
  configurationErrors: {
    nameSuffix: "configuration-errors",
    watches: "answers with asyncErrorCode CONFIGURATION or REQUEST_ID_KEY_UNAVAILABLE (ConfigurationError + RequestIdKeyError)",
    callersHeard: "the failure branch on every call until it is fixed",
    runbookAnchor: "configuration-errors",
    defaults: { threshold: 1, periodSeconds: 60, evaluationPeriods: 1 },
  },
  outcomeNotRecorded: {
    nameSuffix: "outcome-not-recorded",
    watches: "FAILED answers whose outcome the state machine could not record as it was: STORE_WRITE_FAILED, RESULT_TOO_LARGE, OUTPUT_NOT_OBJECT (OutcomeNotRecorded)",
    callersHeard: "the failure branch, although the work may have succeeded",
    runbookAnchor: "outcome-not-recorded",
    defaults: { threshold: 1, periodSeconds: 300, evaluationPeriods: 1 },
  },
  tableThrottles: {
    nameSuffix: "table-throttles",
    watches: "reads and writes of the status table refused for capacity (AWS/DynamoDB ReadThrottleEvents + WriteThrottleEvents)",
    callersHeard: "mostly nothing (one retry absorbs it); beyond that STORE_UNAVAILABLE: the failure branch from start, a loop turn from poll",
    runbookAnchor: "table-throttles",
    defaults: { threshold: 1, periodSeconds: 300, evaluationPeriods: 1 },
  },
};

/** An alarm's description: what it watches, what callers heard, where the runbook is. Under CloudWatch's 1,024 characters. */
export function alarmDescription(kind: AlarmKind, subject?: string): string {
  const info = ALARM_KINDS[kind];
  const about = subject === undefined ? "" : ` (${subject})`;
  return `connect-async${about}: ${info.watches}. Callers heard: ${info.callersHeard}. Runbook: ${RUNBOOK_PATH}#${info.runbookAnchor} in the connect-async package (node_modules/connect-async/${RUNBOOK_PATH}).`;
}
