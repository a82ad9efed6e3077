/**
 * The metrics the handlers emitted during a run, read back from their Embedded Metric Format lines:
 * the simulator gives each function an {@link EmfMetricsSink} that writes here instead of stdout, so
 * what it reports is what CloudWatch would have extracted, not a second bookkeeping of the same events.
 */
import { EmfMetricsSink, type MetricsSink } from "../../handlers/lib/metrics/metrics-sink";

/** One EMF line, parsed. */
export interface EmfRecord {
  readonly namespace: string;
  /** The dimension sets, e.g. `[["service","operation"],["service"]]`. */
  readonly dimensionSets: ReadonlyArray<ReadonlyArray<string>>;
  /** Each dimension's value, by name. */
  readonly dimensions: { readonly [name: string]: string };
  /** Each metric's value and unit, by name. */
  readonly metrics: { readonly [name: string]: { readonly value: number; readonly unit: string } };
}

/** One metric's total over the run. */
export interface EmittedMetricCount {
  /** The metric name. */
  readonly name: string;
  /** How many invocations emitted it. */
  readonly count: number;
}

/** Collects the EMF lines of every function of a run. */
export class EmittedMetrics {
  /** Every line, in emission order. */
  public readonly records: EmfRecord[] = [];

  /** A sink for the function whose service name is `serviceName`. */
  public sink(serviceName: string, namespace?: string): MetricsSink {
    return new EmfMetricsSink({ serviceName, namespace, write: (line) => this.records.push(parseEmfLine(line)) });
  }

  /** Each metric's name and the number of invocations that emitted it, by name. */
  public counts(): EmittedMetricCount[] {
    const counts = new Map<string, number>();
    for (const record of this.records) for (const name of Object.keys(record.metrics)) counts.set(name, (counts.get(name) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, count]) => ({ name, count }));
  }
}

/**
 * Parses one EMF line (the CloudWatch specification: an `_aws` member declaring the namespace, the
 * dimension sets and the metrics, whose values sit at top level). Throws, naming what is missing,
 * when the line is not EMF that CloudWatch would accept.
 */
export function parseEmfLine(line: string): EmfRecord {
  const root = JSON.parse(line) as Record<string, unknown>;
  const aws = root._aws as { CloudWatchMetrics?: Array<{ Namespace?: unknown; Dimensions?: unknown; Metrics?: unknown }>; Timestamp?: unknown } | undefined;
  if (aws === undefined || typeof aws.Timestamp !== "number") throw new Error("not an EMF line: it needs an _aws object with a numeric Timestamp");
  const directive = aws.CloudWatchMetrics?.[0];
  if (aws.CloudWatchMetrics?.length !== 1 || directive === undefined || typeof directive.Namespace !== "string") {
    throw new Error("not an EMF line of one directive: _aws.CloudWatchMetrics must hold one object with a Namespace");
  }
  const dimensionSets = directive.Dimensions as string[][];
  const dimensions: Record<string, string> = {};
  for (const name of new Set(dimensionSets.flat())) {
    const value = root[name];
    if (typeof value !== "string") throw new Error(`EMF dimension "${name}" has no string value at top level`);
    dimensions[name] = value;
  }
  const metrics: Record<string, { value: number; unit: string }> = {};
  for (const { Name, Unit } of directive.Metrics as Array<{ Name: string; Unit: string }>) {
    const value = root[Name];
    if (typeof value !== "number") throw new Error(`EMF metric "${Name}" has no numeric value at top level`);
    metrics[Name] = { value, unit: Unit };
  }
  return { namespace: directive.Namespace, dimensionSets, dimensions, metrics };
}
