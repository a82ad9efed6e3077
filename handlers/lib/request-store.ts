/**
 * The status table, independent of DynamoDB's API: expiry filtering, failure wrapping and the shape
 * of the writes `start` makes. Subclasses only translate the three protected hooks into store calls
 * ({@link DynamoDbRequestStore}); tests and the simulator run that subclass against dynalite, so the
 * condition expressions are evaluated by a real DynamoDB API.
 *
 * The store never caches: every read is strongly consistent, because a PENDING item may be
 * completed by the state machine at any moment and a SUCCEEDED one may expire.
 */
import type { Clock } from "./clock";
import { ConnectAsyncError, RequestStoreError } from "./errors";
import { RequestRecord } from "./request-record";
import { MAX_ERROR_MESSAGE_BYTES, RequestStatus, type StatusAttribute } from "./status-item";
import { truncateUtf8 } from "./truncate-utf8";

/** The item `start` writes before it starts an execution. */
export interface PendingRequest {
  /** The item's `pk`. */
  readonly requestId: string;
  /** The name of the execution about to start; completion writes are conditional on it. */
  readonly executionName: string;
  /** Now, epoch ms. */
  readonly startedAtEpochMs: number;
  /** Until when the execution may run before the item counts as stale, epoch ms. */
  readonly leaseUntilEpochMs: number;
  /** The TTL, epoch seconds. */
  readonly expiresAtEpochSeconds: number;
}

/** A failure recorded on an item. */
export interface RequestFailure {
  /** The error name (an {@link AsyncErrorCode} or a Step Functions error name). */
  readonly errorCode: string;
  /** The cause; the store cuts it to {@link MAX_ERROR_MESSAGE_BYTES}. */
  readonly errorMessage: string;
}

/** A partial update that applies only while the item still belongs to one execution. */
export interface RequestUpdate {
  /** The item's `pk`. */
  readonly requestId: string;
  /** The update is dropped unless the item's `executionName` is this one. */
  readonly executionName: string;
  /** The update is dropped unless the item has this status. @default any status */
  readonly expectedStatus?: RequestStatus;
  /** The attributes to set, by attribute name (see {@link StatusAttribute}). */
  readonly set: {
    readonly status?: RequestStatus;
    readonly executionArn?: string;
    readonly errorCode?: string;
    readonly errorMessage?: string;
    /** ISO-8601, as the state machine writes it. */
    readonly completedAt?: string;
  };
}

/** Options common to every store. */
export interface RequestStoreOptions {
  /** The clock that decides expiry and staleness; give the one the handlers use. */
  readonly clock: Clock;
}

/** The status table. */
export abstract class RequestStore {
  /** The clock that decides expiry and staleness. */
  protected readonly clock: Clock;

  protected constructor(options: RequestStoreOptions) {
    this.clock = options.clock;
  }

  /** The live item for `requestId`, or `undefined` when there is none or it has expired. */
  public async get(requestId: string): Promise<RequestRecord | undefined> {
    const record = await this.guard(requestId, "read the item", () => this._get(requestId));
    return record === undefined || record.isExpired(this.clock()) ? undefined : record;
  }

  /**
   * Writes a PENDING item unless a live request holds the key.
   *
   * @throws RequestAlreadyExistsError with the winning item, when a live PENDING or SUCCEEDED item exists
   */
  public async putPending(request: PendingRequest): Promise<void> {
    const record = new RequestRecord({ ...request, status: RequestStatus.PENDING });
    await this.guard(request.requestId, "write the PENDING item", () => this._put(record));
  }

  /**
   * Records the execution's ARN on the item it owns.
   *
   * @returns false when the item no longer belongs to the execution (nothing written)
   */
  public async recordExecutionArn(requestId: string, executionName: string, executionArn: string): Promise<boolean> {
    const update: RequestUpdate = { requestId, executionName, set: { executionArn } };
    return this.guard(requestId, "record the execution ARN", () => this._update(update));
  }

  /**
   * Marks the PENDING item of an execution FAILED, e.g. when StartExecution failed, so the next
   * `start` restarts at once instead of waiting for the lease to pass.
   *
   * @returns false when the item no longer is that execution's PENDING item (nothing written)
   */
  public async markFailed(requestId: string, executionName: string, failure: RequestFailure): Promise<boolean> {
    const update: RequestUpdate = {
      requestId,
      executionName,
      expectedStatus: RequestStatus.PENDING,
      set: {
        status: RequestStatus.FAILED,
        errorCode: failure.errorCode,
        errorMessage: truncateUtf8(failure.errorMessage, MAX_ERROR_MESSAGE_BYTES),
        completedAt: new Date(this.clock()).toISOString(),
      },
    };
    return this.guard(requestId, "mark the item FAILED", () => this._update(update));
  }

  /** Reads the item with a strongly consistent read, expired or not. */
  protected abstract _get(requestId: string): Promise<RequestRecord | undefined>;

  /**
   * Replaces the item with `record` if the key is absent, expired, FAILED, or PENDING past its lease
   * (all judged at `this.clock()`); otherwise throws {@link RequestAlreadyExistsError}.
   */
  protected abstract _put(record: RequestRecord): Promise<void>;

  /** Applies `update` if its conditions hold; returns whether it did. */
  protected abstract _update(update: RequestUpdate): Promise<boolean>;

  /** Runs a hook; our own errors pass, anything else (SDK, network) becomes a RequestStoreError. */
  private async guard<T>(requestId: string, operation: string, hook: () => Promise<T>): Promise<T> {
    try {
      return await hook();
    } catch (error) {
      if (error instanceof ConnectAsyncError) throw error;
      throw new RequestStoreError(requestId, operation, { cause: error });
    }
  }
}
