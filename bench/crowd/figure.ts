/**
 * Figure 6, a crowd on real quotas (issue 16 §3). The simulator runs crowds of callers, each with their
 * own request, arriving evenly over a minute, through
 *
 * - event: the demo flow as shipped (the event strategy) on EXPRESS;
 * - seed: the seed pattern (bench/baseline/seed-pattern-flow.ts) on STANDARD, its Loop count calibrated
 *   as in figure 4,
 *
 * on the same account: the bridge's functions get 100 or 1,000 concurrent executions (account
 * `lambdaConcurrency`), StartExecution and the table are held to their documented token buckets
 * (sim/aws/account-quotas.ts). The seed's poll is DescribeExecution in the original: the simulator
 * answers it from the table, and this figure replays the seed's poll times through DescribeExecution's
 * own bucket (300, refilled at 15 a second) to count the calls AWS would have throttled. Those polls
 * still answered here, so the seed's lags are a lower bound.
 *
 * Per point: outcome mix, callers lost (their work succeeded within the wait, yet they heard failure or
 * timeout), lag p50/p99 of the successes, quiet beyond Lambda p99, peak concurrency per function and
 * throttles, StartExecution and table pressure, cost per call (figure 5's prices), and the simulation's
 * own wall time. Each target of issue 16 §3 is reported as met or missed.
 *
 * Sizes: 100, 1,000 and 10,000 callers. A 10,000-caller point takes a few minutes of one core, so the
 * points run in a process each, as many at once as the machine has cores (process-pool.ts), largest
 * first, and come back in the figure's order.
 */
import os from "node:os";
import { calibrate } from "../caller-experience";
import type { CrowdPoint, CrowdPointSpec } from "./point";
import { runCrowdPoints } from "./process-pool";
import { crowdTargets, type CrowdTarget } from "./targets";

/** Options of {@link runCrowdBenchmark}. */
export interface CrowdOptions {
  /** Callers per point, arriving over {@link arrivalWindowMs}. @default [100, 1000, 10000] */
  readonly sizes?: ReadonlyArray<number>;
  /** Backend latencies (±4 %). @default [5000, 25000] */
  readonly backendsMs?: ReadonlyArray<number>;
  /** The bridge's concurrent executions to spare. @default [100, 1000] */
  readonly accounts?: ReadonlyArray<number>;
  /** @default one minute */
  readonly arrivalWindowMs?: number;
  /** Points simulated at once, each in a process of its own; 1 runs them in this process. @default the machine's cores */
  readonly processes?: number;
  readonly log?: (line: string) => void;
}

/** The figure's JSON. */
export interface CrowdResult {
  readonly sizes: ReadonlyArray<number>;
  readonly backendsMs: ReadonlyArray<number>;
  readonly accounts: ReadonlyArray<number>;
  readonly arrivalWindowMs: number;
  readonly seedLoopCount: number;
  readonly points: ReadonlyArray<CrowdPoint>;
  readonly targets: ReadonlyArray<CrowdTarget>;
}

/** Runs the figure. */
export async function runCrowdBenchmark(options: CrowdOptions = {}): Promise<CrowdResult> {
  const sizes = options.sizes ?? [100, 1000, 10_000];
  const backendsMs = options.backendsMs ?? [5000, 25_000];
  const accounts = options.accounts ?? [100, 1000];
  const arrivalWindowMs = options.arrivalWindowMs ?? 60_000;
  const log = options.log ?? (() => undefined);
  const { seedLoopCount } = await calibrate();
  const specs: CrowdPointSpec[] = sizes.flatMap((callers) =>
    backendsMs.flatMap((backendMs) => accounts.flatMap((lambdaConcurrency) => (["event", "seed"] as const).map((pattern) => ({ pattern, callers, backendMs, lambdaConcurrency, arrivalWindowMs, seedLoopCount })))),
  );
  // The largest first, so the last process to finish is not the one left with a 10,000-caller point.
  const order = specs.map((spec, index) => ({ spec, index })).sort((a, b) => b.spec.callers * b.spec.backendMs - a.spec.callers * a.spec.backendMs || a.index - b.index);
  const points: CrowdPoint[] = await runCrowdPoints(
    order.map(({ spec }) => spec),
    { processes: options.processes ?? os.availableParallelism(), onDone: (spec) => log(`crowd: ${spec.pattern}, ${spec.callers} callers, ${spec.backendMs} ms, ${spec.lambdaConcurrency} executions done`) },
  );
  const inFigureOrder = order.map(({ index }, position) => ({ index, point: points[position] })).sort((a, b) => a.index - b.index).map(({ point }) => point);
  return { sizes, backendsMs, accounts, arrivalWindowMs, seedLoopCount, points: inFigureOrder, targets: crowdTargets(inFigureOrder) };
}
