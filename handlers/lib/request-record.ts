/**
 * One status item as the handlers see it: typed fields with their units in the names, and a status
 * computed against a clock rather than only read, because DynamoDB deletes expired items lazily
 * (up to ~48 h late) and a PENDING item outlives the execution that died holding it.
 */
import { RequestStatus } from "./status-item";

/**
 * The status of a record at a given instant. Adds to the stored {@link RequestStatus}:
 * EXPIRED (past `expiresAt`: treated as absent) and LEASE_EXPIRED (PENDING past `leaseUntil`).
 */
export const RecordStatus = {
  ...RequestStatus,
  EXPIRED: "EXPIRED",
  LEASE_EXPIRED: "LEASE_EXPIRED",
} as const;
export type RecordStatus = (typeof RecordStatus)[keyof typeof RecordStatus];

/** The fields of a status item. */
export interface RequestRecordFields {
  /** The item's `pk`: `<operation>#<key>`. */
  readonly requestId: string;
  /** The stored status. */
  readonly status: RequestStatus;
  /** When `start` wrote the PENDING item, epoch ms (absent on items written by others). */
  readonly startedAtEpochMs?: number;
  /** Until when the PENDING item's execution may run, epoch ms; absent means no lease (stale). */
  readonly leaseUntilEpochMs?: number;
  /** The TTL: from this second on the item counts as absent; absent means it never expires. */
  readonly expiresAtEpochSeconds?: number;
  /** The name of the execution that owns the item. */
  readonly executionName?: string;
  /** The ARN of the execution that owns the item, once StartExecution answered. */
  readonly executionArn?: string;
  /** When the state machine wrote the outcome, epoch ms (stored as ISO text). */
  readonly completedAtEpochMs?: number;
  /** The target's output as JSON text (SUCCEEDED). */
  readonly resultJson?: string;
  /** The Step Functions error name (FAILED). */
  readonly errorCode?: string;
  /** The error cause (FAILED). */
  readonly errorMessage?: string;
}

/** A status item with its clock-dependent status. */
export class RequestRecord implements RequestRecordFields {
  public readonly requestId: string;
  public readonly status: RequestStatus;
  public readonly startedAtEpochMs?: number;
  public readonly leaseUntilEpochMs?: number;
  public readonly expiresAtEpochSeconds?: number;
  public readonly executionName?: string;
  public readonly executionArn?: string;
  public readonly completedAtEpochMs?: number;
  public readonly resultJson?: string;
  public readonly errorCode?: string;
  public readonly errorMessage?: string;

  public constructor(fields: RequestRecordFields) {
    this.requestId = fields.requestId;
    this.status = fields.status;
    this.startedAtEpochMs = fields.startedAtEpochMs;
    this.leaseUntilEpochMs = fields.leaseUntilEpochMs;
    this.expiresAtEpochSeconds = fields.expiresAtEpochSeconds;
    this.executionName = fields.executionName;
    this.executionArn = fields.executionArn;
    this.completedAtEpochMs = fields.completedAtEpochMs;
    this.resultJson = fields.resultJson;
    this.errorCode = fields.errorCode;
    this.errorMessage = fields.errorMessage;
  }

  /**
   * The status at `nowEpochMs`. Expiry wins over everything (an expired item is absent whatever it
   * says); a PENDING item is stale once `now` is past its lease.
   */
  public getStatus(nowEpochMs: number): RecordStatus {
    if (this.isExpired(nowEpochMs)) return RecordStatus.EXPIRED;
    const leaseUntilEpochMs = this.leaseUntilEpochMs ?? Number.NEGATIVE_INFINITY;
    if (this.status === RequestStatus.PENDING && nowEpochMs > leaseUntilEpochMs) return RecordStatus.LEASE_EXPIRED;
    return this.status;
  }

  /** Whether the TTL has passed: `expiresAt <= now`, compared in whole seconds as DynamoDB does. */
  public isExpired(nowEpochMs: number): boolean {
    return this.expiresAtEpochSeconds !== undefined && this.expiresAtEpochSeconds <= epochSeconds(nowEpochMs);
  }
}

/** Whole epoch seconds at an epoch-ms instant (the unit of the TTL attribute). */
export function epochSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}
