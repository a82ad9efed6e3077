/**
 * Where an invocation's metrics go. Production publishes them as one CloudWatch Embedded Metric Format
 * line per invocation through Powertools Metrics: a write to stdout, no network call, which CloudWatch
 * Logs turns into metrics after the fact, so publishing adds microseconds, not a round trip, to the
 * caller's wait. Tests and the simulator pass `write` to read the same lines.
 */
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { InvocationLogger } from "../invocation-logger";
import type { MetricValue } from "./invocation-metrics";
import { DEFAULT_METRICS_NAMESPACE, METRIC_UNITS, MetricDimension, MetricName } from "./metric-name";

/** One invocation's metrics. */
export interface InvocationMetrics {
  /** The operation, once known; it becomes the `operation` dimension. */
  readonly operation?: string;
  /** The values, from metricsOfInvocation. */
  readonly values: ReadonlyArray<MetricValue>;
}

/** Receives each invocation's metrics; must not throw (the handler ignores it if it does). */
export interface MetricsSink {
  publish(metrics: InvocationMetrics): void;
}

/** Options of {@link EmfMetricsSink}. */
export interface EmfMetricsSinkOptions {
  /** The `service` dimension: the function (the bridge sets `POWERTOOLS_SERVICE_NAME` to its name). */
  readonly serviceName: string;
  /** The CloudWatch namespace. @default DEFAULT_METRICS_NAMESPACE */
  readonly namespace?: string;
  /** Receives each EMF line (JSON, no newline). @default a write to stdout, as Lambda's log capture expects */
  readonly write?: (line: string) => void;
  /** Receives Powertools' warnings (e.g. a dimension it refused). @default dropped */
  readonly logger?: InvocationLogger;
}

/** Powertools' store, with its disabled flag (`POWERTOOLS_METRICS_DISABLED`) readable. */
class EmfBuffer extends Metrics {
  public get off(): boolean {
    return this.isDisabled();
  }
}

/** Publishes each invocation as one EMF line; the first carries `ColdStart`. */
export class EmfMetricsSink implements MetricsSink {
  private readonly metrics: EmfBuffer;
  private readonly write: (line: string) => void;
  private coldStart = true;

  public constructor(options: EmfMetricsSinkOptions) {
    const logger = options.logger;
    this.metrics = new EmfBuffer({
      namespace: options.namespace || DEFAULT_METRICS_NAMESPACE,
      serviceName: options.serviceName,
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message: unknown) => logger?.warn("metrics", { detail: String(message) }),
        error: (message: unknown) => logger?.error("metrics", { detail: String(message) }),
      },
    });
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  public publish({ operation, values }: InvocationMetrics): void {
    const { metrics } = this;
    if (metrics.off) return;
    try {
      if (this.coldStart) metrics.addMetric(MetricName.ColdStart, METRIC_UNITS.ColdStart, 1);
      this.coldStart = false;
      for (const { name, unit, value } of values) metrics.addMetric(name, unit, value);
      if (operation !== undefined) {
        // Two dimension sets: [service, operation] for the operation's own figures, and [service]
        // alone (an empty set plus the default `service`) for the function's totals, which the
        // alarms watch without having to list the operations.
        metrics.addDimension(MetricDimension.operation, operation);
        metrics.addDimensions({});
      }
      this.write(JSON.stringify(metrics.serializeMetrics()));
    } finally {
      metrics.clearMetrics();
      metrics.clearDimensions();
    }
  }
}

/**
 * The production sink of one handler: `POWERTOOLS_METRICS_NAMESPACE` (else {@link DEFAULT_METRICS_NAMESPACE})
 * and `POWERTOOLS_SERVICE_NAME` (else `connect-async-<handler>`, as the logger names it).
 */
export function createEmfMetricsSink(handlerName: string, env: NodeJS.ProcessEnv = process.env, logger?: InvocationLogger): MetricsSink {
  return new EmfMetricsSink({ serviceName: env.POWERTOOLS_SERVICE_NAME || `connect-async-${handlerName}`, namespace: env.POWERTOOLS_METRICS_NAMESPACE, logger });
}
