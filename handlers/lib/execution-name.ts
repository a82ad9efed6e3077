/**
 * Execution names. Completion writes are conditional on the name, so it must differ between two
 * executions of one request (it includes the start time) and be the same for the same inputs
 * (tests and the simulator replay). Step Functions allows at most 80 characters; we keep to
 * `[A-Za-z0-9_-]`, a subset of what it allows, which also keeps CloudWatch metrics readable.
 */
import { createHash } from "node:crypto";

/** The Step Functions limit. */
export const MAX_EXECUTION_NAME_LENGTH = 80;

/** Hex digits of the request id's SHA-256 kept when the readable form is too long (96 bits). */
const DIGEST_LENGTH = 24;

/**
 * `<request id with # and other disallowed characters as _>-<startedAt epoch ms>`, or, when that is
 * longer than 80 characters, `<operation>_<24 hex of SHA-256(request id)>-<startedAt>`.
 */
export function executionNameFor(requestId: string, operationName: string, startedAtEpochMs: number): string {
  const suffix = `-${Math.trunc(startedAtEpochMs)}`;
  const readable = requestId.replace(/[^A-Za-z0-9_-]/g, "_");
  if (readable.length + suffix.length <= MAX_EXECUTION_NAME_LENGTH) return readable + suffix;
  const digest = createHash("sha256").update(requestId, "utf8").digest("hex").slice(0, DIGEST_LENGTH);
  const prefix = operationName.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, MAX_EXECUTION_NAME_LENGTH - suffix.length - DIGEST_LENGTH - 1);
  return `${prefix}_${digest}${suffix}`;
}
