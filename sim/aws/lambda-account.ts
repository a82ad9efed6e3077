/**
 * The account's Lambda concurrency, as a crowd meets it (reference aws-terraform-facts.md §C,
 * "Concurrency"): every running invocation holds one concurrent execution until its handler returns.
 *
 * - The bridge's own functions (start, poll, a long-poll function: whatever the flow invokes that runs
 *   the real handlers) draw on `lambdaConcurrency` together. A function with reserved concurrency has a
 *   pool of its own, which is also its ceiling; the others share what is left unreserved.
 * - The operations' targets draw on their own share (`backend.concurrency`, unlimited by default): their
 *   owners size it, and the bridge's callers must not eat into it.
 * - An invocation beyond its pool is refused at once (TooManyRequestsException, HTTP 429), as Lambda
 *   does; nothing queues.
 * - Other Lambdas a flow calls (stubs) are not counted: they are the user's, sized by the user.
 *
 * Concurrency and throttles are keyed by function name (from the ARN), so a third bridge function is
 * just another entry.
 */
import { SimulationInputError } from "../simulation-input-error";

/** The key the operations' targets are reported under. */
export const TARGETS_KEY = "targets";

/** AWS's default concurrent executions per account and Region. */
export const DEFAULT_LAMBDA_CONCURRENCY = 1000;

/** Options of {@link LambdaAccount}. */
export interface LambdaAccountOptions {
  /** Concurrent executions the bridge's functions share. @default {@link DEFAULT_LAMBDA_CONCURRENCY} */
  readonly lambdaConcurrency?: number;
  /** Reserved concurrency by function name; each such function gets a pool of its own. @default none */
  readonly reserved?: { readonly [functionName: string]: number };
  /** Concurrent executions the operations' targets share. @default no limit */
  readonly targetsConcurrency?: number;
}

/** A held concurrent execution; `release` gives it back (once). */
export type ConcurrencyLease = () => void;

class Pool {
  inUse = 0;
  constructor(readonly limit: number) {}
}

/** The account's pools, with the peak each function reached and the throttles it met. */
export class LambdaAccount {
  private readonly unreserved: Pool;
  private readonly reservedPools = new Map<string, Pool>();
  private readonly targets: Pool;
  private readonly running = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  private readonly throttleCounts = new Map<string, number>();
  private bridgeRunning = 0;
  private bridgePeak = 0;

  constructor(options: LambdaAccountOptions = {}) {
    const total = options.lambdaConcurrency ?? DEFAULT_LAMBDA_CONCURRENCY;
    const reserved = Object.entries(options.reserved ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const problems: string[] = [];
    for (const [name, count] of reserved) {
      if (!Number.isInteger(count) || count < 0) problems.push(`the reserved concurrency of ${name} is ${count}; give a whole number ≥ 0`);
    }
    const reservedTotal = reserved.reduce((sum, [, count]) => sum + count, 0);
    const listed = reserved.map(([name, count]) => `${name} ${count}`).join(", ");
    if (reservedTotal > total) {
      problems.push(`the bridge's functions reserve ${reservedTotal} concurrent executions (${listed}), more than the account's ${total} (account.lambdaConcurrency); raise it or reserve less`);
    } else if (reserved.length > 0 && reservedTotal === total) {
      // start is never reserved: with nothing left unreserved every caller would fail at start, which AWS
      // itself would have refused at deployment (it keeps 100 executions unreserved).
      problems.push(
        `the bridge's functions reserve all ${total} concurrent executions of account.lambdaConcurrency (${listed}), leaving none for start and the synchronous poll; reserve less (the README's sizing rule leaves start its share) or raise it`,
      );
    }
    if (problems.length > 0) throw new SimulationInputError(problems);
    for (const [name, count] of reserved) this.reservedPools.set(name, new Pool(count));
    this.unreserved = new Pool(total - reservedTotal);
    this.targets = new Pool(options.targetsConcurrency ?? Infinity);
  }

  /** Starts an invocation of one of the bridge's functions: its lease, or undefined when throttled. */
  acquire(functionName: string): ConcurrencyLease | undefined {
    const pool = this.reservedPools.get(functionName) ?? this.unreserved;
    return this.take(pool, functionName, true);
  }

  /** Starts an invocation of an operation's target: its lease, or undefined when throttled. */
  acquireTarget(): ConcurrencyLease | undefined {
    return this.take(this.targets, TARGETS_KEY, false);
  }

  /** The most concurrent executions seen: `total` (the bridge's functions together), each function, `targets`. */
  peakConcurrency(): { readonly total: number; readonly targets: number; readonly [key: string]: number } {
    const byName = Object.fromEntries([...this.peaks.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return { total: this.bridgePeak, ...byName, [TARGETS_KEY]: this.peaks.get(TARGETS_KEY) ?? 0 };
  }

  /** Invocations refused, by function name (and `targets`); functions never throttled are left out. */
  throttles(): { readonly [key: string]: number } {
    return Object.fromEntries([...this.throttleCounts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  private take(pool: Pool, key: string, bridge: boolean): ConcurrencyLease | undefined {
    if (pool.inUse >= pool.limit) {
      this.throttleCounts.set(key, (this.throttleCounts.get(key) ?? 0) + 1);
      return undefined;
    }
    pool.inUse += 1;
    const running = (this.running.get(key) ?? 0) + 1;
    this.running.set(key, running);
    this.peaks.set(key, Math.max(this.peaks.get(key) ?? 0, running));
    if (bridge) {
      this.bridgeRunning += 1;
      this.bridgePeak = Math.max(this.bridgePeak, this.bridgeRunning);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      pool.inUse -= 1;
      this.running.set(key, this.running.get(key)! - 1);
      if (bridge) this.bridgeRunning -= 1;
    };
  }
}
