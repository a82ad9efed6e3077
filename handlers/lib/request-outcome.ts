/**
 * What a start or poll call concluded, before it is rendered for Connect: the four answers of the
 * contract, and how a stored record maps onto them.
 */
import { AsyncErrorCode } from "./async-error-code";
import { AsyncStatus } from "./async-status";
import { RecordStatus, type RequestRecord } from "./request-record";

/** The work finished and produced `resultJson`. */
export interface SucceededOutcome {
  readonly status: typeof AsyncStatus.SUCCEEDED;
  /** The target's output as JSON text, as stored on the item. */
  readonly resultJson: string | undefined;
}

/** The work is running. */
export interface PendingOutcome {
  readonly status: typeof AsyncStatus.PENDING;
  /** How long since the item was started, ms (poll reports it; start does not). */
  readonly elapsedMs?: number;
}

/** The work failed (FAILED) or the call could not be served (ERROR). */
export interface ErrorOutcome {
  readonly status: typeof AsyncStatus.FAILED | typeof AsyncStatus.ERROR;
  /** An {@link AsyncErrorCode}, or for FAILED the error name stored by the state machine. */
  readonly errorCode: string;
  /** What happened, for a flow designer reading the logs. */
  readonly errorMessage: string;
}

/** Any conclusion. */
export type RequestOutcome = SucceededOutcome | PendingOutcome | ErrorOutcome;

/** The PENDING conclusion without an elapsed time. */
export const PENDING_OUTCOME: PendingOutcome = { status: AsyncStatus.PENDING };

/** A FAILED conclusion. */
export function failedOutcome(errorCode: string, errorMessage: string): ErrorOutcome {
  return { status: AsyncStatus.FAILED, errorCode, errorMessage };
}

/** An ERROR conclusion. */
export function errorOutcome(errorCode: AsyncErrorCode, errorMessage: string): ErrorOutcome {
  return { status: AsyncStatus.ERROR, errorCode, errorMessage };
}

/**
 * What a (possibly absent) record says at `nowEpochMs`, as `poll` reports it: absent or expired is
 * NOT_FOUND, PENDING past its lease is LEASE_EXPIRED. A PENDING outcome's elapsed time counts from
 * `waitStartedAtEpochMs` when given (the caller's own wait), else from the request's start.
 */
export function outcomeOfRecord(record: RequestRecord | undefined, nowEpochMs: number, waitStartedAtEpochMs?: number): RequestOutcome {
  const status = record?.getStatus(nowEpochMs) ?? RecordStatus.EXPIRED;
  switch (status) {
    case RecordStatus.SUCCEEDED:
      return { status: AsyncStatus.SUCCEEDED, resultJson: record?.resultJson };
    case RecordStatus.PENDING: {
      const startedAt = waitStartedAtEpochMs ?? record?.startedAtEpochMs;
      return startedAt === undefined ? PENDING_OUTCOME : { status: AsyncStatus.PENDING, elapsedMs: Math.max(0, nowEpochMs - startedAt) };
    }
    case RecordStatus.FAILED:
      return failedOutcome(record?.errorCode || AsyncErrorCode.UNKNOWN_FAILURE, record?.errorMessage ?? "the execution failed without a cause");
    case RecordStatus.LEASE_EXPIRED:
      return failedOutcome(AsyncErrorCode.LEASE_EXPIRED, "the execution did not finish within its lease (timeoutSeconds plus a margin); call start again to restart it");
    case RecordStatus.EXPIRED:
      return failedOutcome(AsyncErrorCode.NOT_FOUND, "no live request has this asyncRequestId: it was never started, or its result's retention has passed; call start again");
  }
}
