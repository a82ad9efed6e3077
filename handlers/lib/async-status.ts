/**
 * The `asyncStatus` values of a start/poll answer. The first three mirror the item's
 * {@link RequestStatus}; ERROR means the call itself could not be served (bad input, configuration,
 * or an unavailable dependency) and carries an {@link AsyncErrorCode}.
 */
export const AsyncStatus = {
  SUCCEEDED: "SUCCEEDED",
  PENDING: "PENDING",
  FAILED: "FAILED",
  ERROR: "ERROR",
} as const;
export type AsyncStatus = (typeof AsyncStatus)[keyof typeof AsyncStatus];
