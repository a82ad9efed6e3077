/**
 * The status item: the one DynamoDB item per request that the `start` and `poll` Lambdas and the
 * state machine share (DESIGN.md, "Status item"). This file is the single source of its attribute
 * names and of the execution input, so the handlers (which read and create items) and the
 * state-machine definition in infra/ (which completes them) cannot drift apart.
 *
 * Two deliberate details the DESIGN table leaves open:
 * - JSONPath state machines have no clock, so the state machine cannot compute epoch numbers. `start`
 *   therefore computes the result's `expiresAt` up front and passes it in the execution input, and the
 *   state machine records completion as `completedAt` in ISO-8601 text (`$$.State.EnteredTime`), which
 *   readers convert to epoch milliseconds.
 * - Each completion write is conditional on `executionName`, so an execution that lost its lease and
 *   was superseded cannot overwrite the newer execution's item.
 */

/** The status values stored in the `status` attribute. */
export const RequestStatus = {
  PENDING: "PENDING",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
} as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

/** DynamoDB attribute names of the status item. */
export const StatusAttribute = {
  /** S, partition key: `<operation>#<key>`. */
  pk: "pk",
  /** S: one of {@link RequestStatus}. */
  status: "status",
  /** N: epoch milliseconds when `start` created the PENDING item. */
  startedAt: "startedAt",
  /** S: ISO-8601 time at which the state machine wrote the outcome. */
  completedAt: "completedAt",
  /** N: epoch milliseconds; a PENDING item past it is stale (its execution died). */
  leaseUntil: "leaseUntil",
  /** S: the target's output as JSON text (SUCCEEDED only). */
  result: "result",
  /** S: the Step Functions error name (FAILED only). */
  errorCode: "errorCode",
  /** S: the error cause (FAILED only); readers cut it to {@link MAX_ERROR_MESSAGE_BYTES}. */
  errorMessage: "errorMessage",
  /** S: the name of the execution that owns the item; completion writes are conditional on it. */
  executionName: "executionName",
  /** S: the ARN of the execution that owns the item, once StartExecution has answered. */
  executionArn: "executionArn",
  /** N: epoch SECONDS (the TTL attribute); readers treat `expiresAt <= now` as absent. */
  expiresAt: "expiresAt",
} as const;

/** The name of the table's TTL attribute (epoch seconds). */
export const TTL_ATTRIBUTE = StatusAttribute.expiresAt;

/** The error cause kept for a flow designer, in bytes. */
export const MAX_ERROR_MESSAGE_BYTES = 1024;

/**
 * The input of every execution. `event` is the Connect event exactly as `start` received it, so a
 * wrapped (drop-in) Lambda receives what it always received.
 */
export interface ExecutionInput {
  /** The item's `pk`, also returned to the flow as `asyncRequestId`. */
  readonly requestId: string;
  /** The operation name. */
  readonly operation: string;
  /** The Connect event as received by `start`. */
  readonly event: unknown;
  /** Epoch seconds at which the outcome stops being served (the cache TTL, computed by `start`). */
  readonly expiresAt: number;
}
