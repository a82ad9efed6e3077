/** Issue 16 §3's targets, checked on the event strategy at every point of figure 6. */
import { round } from "../stats";
import type { CrowdPoint } from "./point";

/** One target of issue 16 §3 at one point. */
export interface CrowdTarget {
  readonly target: string;
  readonly callers: number;
  readonly backendMs: number;
  readonly lambdaConcurrency: number;
  readonly value: number | null;
  readonly limit: number;
  readonly met: boolean;
}

/** The targets of issue 16 §3, checked on the event strategy at every point. */
export function crowdTargets(points: ReadonlyArray<CrowdPoint>): CrowdTarget[] {
  const targets: CrowdTarget[] = [];
  for (const event of points.filter((point) => point.pattern === "event")) {
    const at = { callers: event.callers, backendMs: event.backendMs, lambdaConcurrency: event.lambdaConcurrency };
    const check = (target: string, value: number | null, limit: number) => targets.push({ target, ...at, value, limit: round(limit, 3), met: value !== null && value <= limit });
    check("0 callers lost", event.lost, 0);
    check("peak concurrency ≤ the quota", event.peakConcurrency.total, event.lambdaConcurrency);
    check("lag p50 ≤ 1 s", event.lagMsP50, 1000);
    check("lag p99 ≤ 4 s", event.lagMsP99, 4000);
    check("quiet beyond Lambda p99 ≤ 2 s", event.quietMsP99, 2000);
    const seed = points.find((point) => point.pattern === "seed" && point.callers === event.callers && point.backendMs === event.backendMs && point.lambdaConcurrency === event.lambdaConcurrency);
    if (seed !== undefined && event.backendMs === 25_000) check("cost per call at 25 s ≤ 1.4× the seed's", round(event.costPerCallUsd / seed.costPerCallUsd, 3), 1.4);
  }
  return targets;
}

