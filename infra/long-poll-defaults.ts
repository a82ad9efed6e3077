/**
 * The long-poll function's defaults and the account rule its reserve must respect, as plain numbers:
 * the construct, the generic module and the simulator's demo world all read them from here, and the
 * simulator does so without loading cdktf.
 */

/** The long poll's default reserve: about 3 new waiting callers a second on 30 s rounds, with headroom. */
export const DEFAULT_LONG_POLL_RESERVED_CONCURRENCY = 100;
/** The long poll's default memory: it waits, it does not compute. */
export const DEFAULT_LONG_POLL_MEMORY_MB = 128;
/** The unreserved executions AWS always keeps in an account (reserved concurrency cannot go below it). */
export const AWS_MIN_UNRESERVED_CONCURRENCY = 100;
