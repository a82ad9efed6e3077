/**
 * The bridge's CloudWatch dashboard as a plain object (pure: the same bridge gives the same JSON,
 * byte for byte): calls, outcomes, callers' wait p50/p99, throttles, concurrency, the long poll, and
 * each operation's health. Per-operation series come from `SEARCH` over the handlers' `[service,
 * operation]` metrics and the bridge's state machines, so an operation added later shows up without a
 * new dashboard, and the generic module, whose operations are a variable, renders the same body.
 */
import { ERROR_CODE_METRIC_PREFIX, MetricDimension, MetricName } from "../../handlers/lib/metrics/metric-name";
import { AwsMetric, type AwsMetricKind } from "./aws-metrics";
import type { MonitoredBridge, MonitoredFunction } from "./monitored-bridge";

/** One entry of a widget's `metrics`: `[namespace, name, dimension, value, …, options]`, or an expression. */
export type DashboardMetric = ReadonlyArray<string | { readonly [key: string]: string | number | boolean }>;

/** A widget (the subset of CloudWatch's dashboard body used). */
export interface DashboardWidget {
  readonly type: "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: { readonly [key: string]: unknown };
}

/** The dashboard body. */
export interface DashboardBody {
  readonly widgets: ReadonlyArray<DashboardWidget>;
}

const WIDTH = 8;
const HEIGHT = 6;
/** The period of every series, seconds: fine enough to see a burst of callers. */
const PERIOD = 60;

/**
 * The body of the bridge's dashboard. It lists no alarms (their states are in the CloudWatch console
 * under the prefix): a list of alarms would depend on the operations, and the body is the same for
 * any set of operations, which the generic module relies on.
 */
export function dashboardBody(bridge: MonitoredBridge): DashboardBody {
  const ns = bridge.metricsNamespace;
  const own = (fn: MonitoredFunction, name: MetricName, options: { [key: string]: string | number }): DashboardMetric => [ns, name, MetricDimension.service, fn.serviceName, { label: `${fn.id} ${name}`, ...options }];
  const aws = (kind: AwsMetricKind, value: string, label: string, stat = "Sum"): DashboardMetric => [kind.namespace, kind.metricName, kind.dimension, value, { label, stat }];
  let searches = 0;
  const search = (query: string, stat: string, label: string): DashboardMetric => [{ expression: `SEARCH('${query}', '${stat}', ${PERIOD})`, id: `s${searches++}`, label }];
  const perOperation = (fn: MonitoredFunction, name: string, stat: string) =>
    search(`{${ns},${MetricDimension.operation},${MetricDimension.service}} MetricName="${name}" ${MetricDimension.service}="${fn.serviceName}"`, stat, `${fn.id} ${name}`);
  const machines = (kind: AwsMetricKind) => search(`{${kind.namespace},${kind.dimension}} MetricName="${kind.metricName}" "stateMachine:${bridge.namePrefix}-"`, "Sum", kind.metricName);
  const starts = bridge.functions.filter((fn) => fn.contract === "start");
  const polls = bridge.functions.filter((fn) => fn.contract === "poll");
  // Callers: start calls. Ended waits: TimeToOutcome's sample count (it is published exactly on the
  // answers that end a wait). What is left took the timeout branch or hung up, which no handler sees.
  const hidden = (fn: MonitoredFunction, name: MetricName, stat: string, id: string): DashboardMetric => [ns, name, MetricDimension.service, fn.serviceName, { stat, id, visible: false }];
  const calls = starts.map((fn, index) => hidden(fn, MetricName.Calls, "Sum", `calls${index}`));
  const ended = bridge.functions.map((fn, index) => hidden(fn, MetricName.TimeToOutcome, "SampleCount", `ended${index}`));
  const failed = bridge.functions.map((fn, index) => hidden(fn, MetricName.FailureBranch, "Sum", `failed${index}`));
  const sum = (ids: ReadonlyArray<string>) => ids.map((id) => `FILL(${id}, 0)`).join(" + ");
  const callsSum = sum(starts.map((_, index) => `calls${index}`));
  const endedSum = sum(bridge.functions.map((_, index) => `ended${index}`));
  const failedSum = sum(bridge.functions.map((_, index) => `failed${index}`));

  const graphs: Array<{ title: string; metrics: DashboardMetric[]; stat?: string; annotations?: object }> = [
    { title: "Calls per operation (start)", metrics: starts.map((fn) => perOperation(fn, MetricName.Calls, "Sum")) },
    {
      title: "Answers",
      metrics: bridge.functions.flatMap((fn) => [MetricName.Succeeded, MetricName.Pending, MetricName.Failed, MetricName.Error].map((name) => own(fn, name, { stat: "Sum" }))),
    },
    {
      title: "Callers' wait to outcome, p50 and p99 (ms)",
      metrics: bridge.functions.flatMap((fn) => [own(fn, MetricName.TimeToOutcome, { stat: "p50" }), own(fn, MetricName.TimeToOutcome, { stat: "p99" })]),
    },
    {
      title: "Throttles",
      metrics: [
        ...bridge.functions.map((fn) => aws(AwsMetric.lambdaThrottles, fn.functionName, `${fn.id} Lambda throttles`)),
        aws(AwsMetric.dynamodbReadThrottleEvents, bridge.tableName, "table read throttles"),
        aws(AwsMetric.dynamodbWriteThrottleEvents, bridge.tableName, "table write throttles"),
        machines(AwsMetric.statesExecutionThrottled),
      ],
    },
    {
      title: "Concurrent executions (max)",
      metrics: bridge.functions.map((fn) => aws(AwsMetric.lambdaConcurrentExecutions, fn.functionName, fn.id, "Maximum")),
      annotations: {
        horizontal: bridge.functions.flatMap((fn) => (typeof fn.reservedConcurrency === "number" ? [{ label: `${fn.id} reserve`, value: fn.reservedConcurrency }] : [])),
      },
    },
    {
      title: "Long poll duration, p50 and max (ms)",
      metrics: polls.flatMap((fn) => [own(fn, MetricName.LongPollDuration, { stat: "p50" }), own(fn, MetricName.LongPollDuration, { stat: "Maximum" })]),
    },
    {
      title: "Callers: % failure branch, % no outcome seen (timeout or hang-up)",
      metrics: [
        ...calls,
        ...ended,
        ...failed,
        [{ expression: `IF((${callsSum}) > 0, 100 * (${failedSum}) / (${callsSum}), 0)`, id: "failureShare", label: "% failure branch" }],
        [{ expression: `IF((${callsSum}) > 0, 100 * IF((${callsSum}) - (${endedSum}) > 0, (${callsSum}) - (${endedSum}), 0) / (${callsSum}), 0)`, id: "noOutcomeShare", label: "% no outcome seen" }],
      ],
    },
    { title: "Failure branch per operation", metrics: bridge.functions.map((fn) => perOperation(fn, MetricName.FailureBranch, "Sum")) },
    {
      title: "Executions started, failed, timed out",
      metrics: [machines(AwsMetric.statesExecutionsStarted), machines(AwsMetric.statesExecutionsFailed), machines(AwsMetric.statesExecutionsTimedOut)],
    },
    {
      title: "How start answered per operation",
      metrics: starts.flatMap((fn) => [MetricName.Fresh, MetricName.Joined, MetricName.CacheHit, MetricName.FastPath].map((name) => perOperation(fn, name, "Sum"))),
    },
    {
      title: "Errors by code",
      metrics: bridge.functions.map((fn) =>
        search(`{${ns},${MetricDimension.service}} ${MetricDimension.service}="${fn.serviceName}" ${ERROR_CODE_METRIC_PREFIX.replace(/\.$/, "")}`, "Sum", `${fn.id} by code`),
      ),
    },
    {
      title: "Configuration, request-id key, unrecorded outcomes, cold starts",
      metrics: bridge.functions.flatMap((fn) => [MetricName.ConfigurationError, MetricName.RequestIdKeyError, MetricName.OutcomeNotRecorded, MetricName.ColdStart].map((name) => own(fn, name, { stat: "Sum" }))),
    },
    {
      title: "Errors of the functions Connect invokes",
      metrics: bridge.functions.flatMap((fn) => [aws(AwsMetric.lambdaErrors, fn.functionName, `${fn.id} errors`), aws(AwsMetric.lambdaInvocations, fn.functionName, `${fn.id} invocations`)]),
    },
  ];
  const widgets: DashboardWidget[] = graphs.map((graph, index) => ({
    type: "metric",
    x: (index % 3) * WIDTH,
    y: Math.floor(index / 3) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title: graph.title,
      region: bridge.region,
      view: "timeSeries",
      stacked: false,
      period: PERIOD,
      metrics: graph.metrics,
      ...(graph.annotations === undefined ? {} : { annotations: graph.annotations }),
    },
  }));
  return { widgets };
}
