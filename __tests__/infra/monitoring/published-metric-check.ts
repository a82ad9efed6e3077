/**
 * Whether a metric an alarm or widget reads is one somebody publishes: the handlers (names from
 * handlers/lib/metrics/metric-name.ts, under `[service]` or `[service, operation]`) or AWS
 * (aws-published-metrics.ts). Returns what is wrong, or undefined.
 */
import { ERROR_CODE_METRIC_PREFIX, MetricName } from "../../../handlers/lib/metrics/metric-name";
import { AsyncErrorCode } from "../../../handlers/lib/async-error-code";
import { AWS_PUBLISHED } from "./aws-published-metrics";

/** The handlers' dimension sets, as sorted key lists. */
const HANDLER_DIMENSION_SETS = [["service"], ["operation", "service"]].map((set) => set.join(","));

export function problemWithMetric(handlerNamespace: string, namespace: string, metricName: string, dimensionKeys: ReadonlyArray<string>): string | undefined {
  const keys = [...dimensionKeys].sort().join(",");
  if (namespace === handlerNamespace) {
    const known = (Object.values(MetricName) as string[]).includes(metricName) || Object.values(AsyncErrorCode).some((code) => metricName === `${ERROR_CODE_METRIC_PREFIX}${code}`);
    if (!known) return `${namespace} ${metricName}: the handlers publish no such metric`;
    if (!HANDLER_DIMENSION_SETS.includes(keys)) return `${namespace} ${metricName}: the handlers publish no dimension set [${keys}]`;
    return undefined;
  }
  const aws = AWS_PUBLISHED[namespace];
  if (aws === undefined) return `${namespace}: nobody publishes this namespace`;
  if (!aws.metrics.includes(metricName)) return `${namespace} ${metricName}: AWS publishes no such metric`;
  const unknown = dimensionKeys.filter((key) => !aws.dimensionKeys.includes(key));
  if (unknown.length > 0) return `${namespace} ${metricName}: AWS publishes no dimension ${unknown.join(", ")}`;
  return undefined;
}
