/**
 * The status table, independent of DynamoDB's API: expiry filtering, failure wrapping and the shape
 * of the writes `start` makes. Subclasses only translate the three protected hooks into store calls
 * ({@link DynamoDbRequestStore}); tests and the simulator run that subclass against dynalite, so the
 * condition expressions are evaluated by a real DynamoDB API.
 *
 * The store never caches, because a PENDING item may be completed by the state machine at any moment
 * and a SUCCEEDED one may expire. Reads are strongly consistent unless the caller opts out (poll's
 * long poll, which reads repeatedly and only needs to see a completion soon, not at once).
 *
 * Every call can carry the invocation's {@link Deadline}: it is raced against the call and aborts it,
 * and a call that runs out of time becomes a {@link StoreTimeoutError} (STORE_TIMEOUT).
 */
import type { Clock } from "./clock";
import { type Deadline, isTimeout } from "./deadline";
import { ConnectAsyncError, RequestStoreError, StoreTimeoutError } from "./errors";
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
  /**
   * The execution of a SUCCEEDED item this put may replace (a per-contact result past its reuse window,
   * judged by `start` on its read); the put still fails if the item changed since. @default none
   */
  readonly replacesSucceededExecution?: string;
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

/** How one store call is bounded. */
export interface StoreCallOptions {
  /** The invocation's deadline; the call is abandoned at it. @default unbounded (the SDK's own timeouts) */
  readonly deadline?: Deadline;
}

/** Options of {@link RequestStore.get}. */
export interface StoreReadOptions extends StoreCallOptions {
  /** A strongly consistent read; eventually consistent reads cost half and may lag a write briefly. @default true */
  readonly consistentRead?: boolean;
}

/** What a read hook receives. */
export interface ReadHookOptions {
  /** Aborts the call at the deadline. */
  readonly signal?: AbortSignal;
  /** Whether the read must be strongly consistent. */
  readonly consistentRead: boolean;
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
  public async get(requestId: string, options: StoreReadOptions = {}): Promise<RequestRecord | undefined> {
    const consistentRead = options.consistentRead ?? true;
    const record = await this.guard(requestId, "read the item", options, (signal) => this._get(requestId, { signal, consistentRead }));
    return record === undefined || record.isExpired(this.clock()) ? undefined : record;
  }

  /**
   * Writes a PENDING item unless a live request holds the key.
   *
   * @throws RequestAlreadyExistsError with the winning item, when a live PENDING or SUCCEEDED item exists
   */
  public async putPending(request: PendingRequest, options: StoreCallOptions = {}): Promise<void> {
    const { replacesSucceededExecution, ...fields } = request;
    const record = new RequestRecord({ ...fields, status: RequestStatus.PENDING });
    await this.guard(request.requestId, "write the PENDING item", options, (signal) => this._put(record, signal, replacesSucceededExecution));
  }

  /**
   * Records the execution's ARN on the item it owns.
   *
   * @returns false when the item no longer belongs to the execution (nothing written)
   */
  public async recordExecutionArn(requestId: string, executionName: string, executionArn: string, options: StoreCallOptions = {}): Promise<boolean> {
    const update: RequestUpdate = { requestId, executionName, set: { executionArn } };
    return this.guard(requestId, "record the execution ARN", options, (signal) => this._update(update, signal));
  }

  /**
   * Marks the PENDING item of an execution FAILED, e.g. when StartExecution failed, so the next
   * `start` restarts at once instead of waiting for the lease to pass.
   *
   * @returns false when the item no longer is that execution's PENDING item (nothing written)
   */
  public async markFailed(requestId: string, executionName: string, failure: RequestFailure, options: StoreCallOptions = {}): Promise<boolean> {
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
    return this.guard(requestId, "mark the item FAILED", options, (signal) => this._update(update, signal));
  }

  /** Reads the item, expired or not. */
  protected abstract _get(requestId: string, options: ReadHookOptions): Promise<RequestRecord | undefined>;

  /**
   * Replaces the item with `record` if the key is absent, expired, FAILED, PENDING past its lease (all
   * judged at `this.clock()`), or SUCCEEDED by the execution `replacesSucceededExecution` names;
   * otherwise throws {@link RequestAlreadyExistsError}.
   */
  protected abstract _put(record: RequestRecord, signal?: AbortSignal, replacesSucceededExecution?: string): Promise<void>;

  /** Applies `update` if its conditions hold; returns whether it did. */
  protected abstract _update(update: RequestUpdate, signal?: AbortSignal): Promise<boolean>;

  /**
   * Runs a hook within the deadline; our own errors pass, a call out of time becomes a
   * StoreTimeoutError, anything else (SDK, network) a RequestStoreError.
   */
  private async guard<T>(requestId: string, operation: string, options: StoreCallOptions, hook: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return options.deadline === undefined ? await hook() : await options.deadline.run(hook);
    } catch (error) {
      if (error instanceof ConnectAsyncError) throw error;
      if (isTimeout(error)) throw new StoreTimeoutError(requestId, operation, { cause: error });
      throw new RequestStoreError(requestId, operation, { cause: error });
    }
  }
}
