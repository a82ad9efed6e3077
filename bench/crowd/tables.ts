/** Figure 6's tables: every point, then the targets met and missed. */
import { type BenchTable, fmt } from "../table";
import type { CrowdResult } from "./figure";
import type { CrowdPoint } from "./point";

const outcomeMix = (point: CrowdPoint) =>
  Object.entries(point.outcomes)
    .map(([outcome, count]) => `${outcome} ${count}`)
    .join(", ");
const lag = (value: number | null) => (value === null ? "—" : fmt.s(value));
const peaks = (point: CrowdPoint) =>
  Object.entries(point.peakConcurrency)
    .map(([name, count]) => `${name.replace(/^connect-async-/, "")} ${count}`)
    .join(", ");
const throttles = (point: CrowdPoint) =>
  Object.entries(point.throttles)
    .map(([name, count]) => `${name.replace(/^connect-async-/, "")} ${count}`)
    .join(", ") || "none";

/** The figure's tables. */
export function crowdTables(result: CrowdResult): BenchTable[] {
  const rows = result.points.map((point) => [
    String(point.callers),
    fmt.s(point.backendMs),
    String(point.lambdaConcurrency),
    point.pattern,
    outcomeMix(point),
    String(point.lost),
    `${lag(point.lagMsP50)} / ${lag(point.lagMsP99)}`,
    fmt.s(point.quietMsP99),
    peaks(point),
    throttles(point),
    point.pattern === "seed"
      ? `${point.stepFunctions.startsThrottled} / ${point.stepFunctions.describeExecutionThrottled} of ${point.stepFunctions.describeExecutionCalls}`
      : `${point.stepFunctions.startsThrottled} / —`,
    `${point.dynamodb.reads} (${point.dynamodb.readRequestUnits} RRU) / ${point.dynamodb.writes} / ${point.dynamodb.throttled}`,
    `$${(point.costPerCallUsd * 1e6).toFixed(2)}`,
    fmt.s(point.wallMs),
  ]);
  const met = result.targets.filter((target) => target.met).length;
  return [
    {
      title: `Figure 6: a crowd on real quotas (callers arriving over ${fmt.s(result.arrivalWindowMs)}; each its own request)`,
      columns: ["callers", "backend", "quota", "pattern", "outcomes", "lost", "lag p50 / p99", "quiet p99", "peak concurrency", "throttles", "SFN starts thr. / Describe thr.", "table reads (billed units) / writes / throttled", "$ per M calls", "sim wall"],
      rows,
      notes: [
        "quota: concurrent executions the bridge's functions share (account.lambdaConcurrency); targets unlimited.",
        "seed: DescribeExecution calls replayed through its bucket (300, +15/s); the throttled ones were answered in the simulation, so its lags are a lower bound.",
        "$ per M calls: figure 5's prices (event on EXPRESS, seed on STANDARD; Connect's own charges excluded).",
      ],
    },
    {
      title: `Figure 6b: issue 16's targets for the event strategy (${met} of ${result.targets.length} met)`,
      columns: ["target", "callers", "backend", "quota", "value", "limit", "met"],
      rows: result.targets.map((target) => [target.target, String(target.callers), fmt.s(target.backendMs), String(target.lambdaConcurrency), target.value === null ? "—" : String(target.value), String(target.limit), target.met ? "met" : "MISSED"]),
    },
  ];
}
