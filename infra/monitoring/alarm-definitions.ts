/**
 * The bridge's alarms as plain definitions (pure: a monitored bridge and the settings in, a list out),
 * which bridge-alarms.ts turns into `aws_cloudwatch_metric_alarm` resources. Handler metrics are read
 * under their `[service]` dimension set, so no alarm has to list the operations; sums over several
 * functions are metric math over each function's series.
 */
import { Fn, Op, Token } from "cdktf";
import { MetricDimension, MetricName } from "../../handlers/lib/metrics/metric-name";
import { ALARM_KINDS, AlarmKind, type AlarmTuning, alarmDescription, MIN_CALLS_FOR_SHARE } from "./alarm-kind";
import { AwsMetric, type AwsMetricKind } from "./aws-metrics";
import type { MonitoredBridge } from "./monitored-bridge";

/** A metric and the statistic an alarm reads. */
export interface MetricStat {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: { readonly [name: string]: string };
  readonly stat: string;
}

/** One alarm. */
export interface AlarmDefinition {
  readonly kind: AlarmKind;
  /** A short, stable id among the bridge's alarms (the resource id). */
  readonly id: string;
  readonly alarmName: string;
  readonly description: string;
  /** The threshold in the metric's own unit (a percentage of the reserve is turned into executions). */
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** What it reads: one metric, or an expression over several (ids `m0`, `m1`, …). */
  readonly metric: MetricStat | { readonly expression: string; readonly label: string; readonly metrics: { readonly [id: string]: MetricStat } };
}

/** Settings of the alarms; each alarm can be tuned, or turned off with `false`. */
export interface BridgeAlarmsOptions {
  /** Turn every alarm off. @default true */
  readonly enabled?: boolean;
  /** SNS topic ARNs (or any alarm action) notified when any alarm fires. @default none: the alarms show in the console only */
  readonly alarmActions?: ReadonlyArray<string>;
  /** Per state machine: executions failed. @default ≥ 1 in 5 min */
  readonly executionsFailed?: AlarmTuning | false;
  /** Per state machine: executions timed out. @default ≥ 1 in 5 min */
  readonly executionsTimedOut?: AlarmTuning | false;
  /** Per state machine: StartExecution throttled. @default ≥ 1 in 5 min */
  readonly executionsThrottled?: AlarmTuning | false;
  /** Per function Connect invokes: function errors. @default ≥ 1 in 5 min */
  readonly lambdaErrors?: AlarmTuning | false;
  /** Per function Connect invokes: throttles. @default ≥ 1 in 5 min */
  readonly lambdaThrottles?: AlarmTuning | false;
  /** Per function with reserved concurrency: concurrency at this percentage of the reserve. @default ≥ 80 % for 3 min */
  readonly concurrencyNearReserve?: AlarmTuning | false;
  /** Percentage of callers sent down the failure branch. @default ≥ 5 % for 2 periods of 5 min, with at least 20 calls */
  readonly callerFailureShare?: AlarmTuning | false;
  /** Configuration or request-id key errors. @default ≥ 1 in 1 min */
  readonly configurationErrors?: AlarmTuning | false;
  /** Outcomes the state machine could not record. @default ≥ 1 in 5 min */
  readonly outcomeNotRecorded?: AlarmTuning | false;
  /** Status table throttling. @default ≥ 1 in 5 min */
  readonly tableThrottles?: AlarmTuning | false;
}

/** Every alarm of the bridge under `options`. */
export function alarmDefinitions(bridge: MonitoredBridge, options: BridgeAlarmsOptions = {}): AlarmDefinition[] {
  if (options.enabled === false) return [];
  const definitions: AlarmDefinition[] = [];
  const add = (kind: AlarmKind, subject: { id: string; label: string } | undefined, metric: AlarmDefinition["metric"], thresholdOf: (threshold: number) => number = (t) => t) => {
    const setting = options[kind];
    if (setting === false) return;
    const tuning = { ...ALARM_KINDS[kind].defaults, ...setting };
    const suffix = ALARM_KINDS[kind].nameSuffix;
    definitions.push({
      kind,
      id: subject === undefined ? suffix : `${suffix}-${subject.id}`,
      alarmName: `${bridge.namePrefix}-${suffix}${subject === undefined ? "" : `-${subject.id}`}`,
      description: alarmDescription(kind, subject?.label),
      threshold: thresholdOf(tuning.threshold),
      periodSeconds: tuning.periodSeconds,
      evaluationPeriods: tuning.evaluationPeriods,
      metric,
    });
  };
  const aws = (kind: AwsMetricKind, value: string, stat = "Sum"): MetricStat => ({ namespace: kind.namespace, metricName: kind.metricName, dimensions: { [kind.dimension]: value }, stat });
  const own = (metricName: MetricName, serviceName: string): MetricStat => ({ namespace: bridge.metricsNamespace, metricName, dimensions: { [MetricDimension.service]: serviceName }, stat: "Sum" });
  const sumOverFunctions = (metricNames: ReadonlyArray<MetricName>, label: string) => {
    const metrics: { [id: string]: MetricStat } = {};
    for (const fn of bridge.functions) for (const name of metricNames) metrics[`m${Object.keys(metrics).length}`] = own(name, fn.serviceName);
    return { expression: Object.keys(metrics).map((id) => `FILL(${id}, 0)`).join(" + "), label, metrics };
  };

  for (const machine of bridge.stateMachines) {
    const subject = { id: machine.operationName, label: `operation ${machine.operationName}` };
    add(AlarmKind.executionsFailed, subject, aws(AwsMetric.statesExecutionsFailed, machine.arn));
    add(AlarmKind.executionsTimedOut, subject, aws(AwsMetric.statesExecutionsTimedOut, machine.arn));
    add(AlarmKind.executionsThrottled, subject, aws(AwsMetric.statesExecutionThrottled, machine.arn));
  }
  for (const fn of bridge.functions) {
    const subject = { id: fn.id, label: `function ${fn.id}` };
    add(AlarmKind.lambdaErrors, subject, aws(AwsMetric.lambdaErrors, fn.functionName));
    add(AlarmKind.lambdaThrottles, subject, aws(AwsMetric.lambdaThrottles, fn.functionName));
    const reserve = fn.reservedConcurrency;
    if (reserve !== undefined && (Token.isUnresolved(reserve) || reserve > 0)) {
      // The alarm compares executions, so the percentage becomes a count of the reserve (at least 1).
      // A reserve or percentage only known at plan (the generic module's variables) becomes that sum in Terraform.
      const count = (percent: number) =>
        Token.isUnresolved(reserve) || Token.isUnresolved(percent) ? Token.asNumber(Fn.max([1, Fn.ceil(Op.div(Op.mul(reserve, percent), 100))])) : Math.max(1, Math.ceil((reserve * percent) / 100));
      add(AlarmKind.concurrencyNearReserve, subject, aws(AwsMetric.lambdaConcurrentExecutions, fn.functionName, "Maximum"), count);
    }
  }
  const starts = bridge.functions.filter((fn) => fn.contract === "start");
  if (starts.length > 0) {
    const failures = sumOverFunctions([MetricName.FailureBranch], "FailureBranch");
    const calls: { [id: string]: MetricStat } = Object.fromEntries(starts.map((fn, index) => [`c${index}`, own(MetricName.Calls, fn.serviceName)]));
    const callsSum = Object.keys(calls).map((id) => `FILL(${id}, 0)`).join(" + ");
    add(AlarmKind.callerFailureShare, undefined, {
      // Below MIN_CALLS_FOR_SHARE start calls the share reads 0: too few callers for a percentage to mean an incident.
      expression: `IF((${callsSum}) >= ${MIN_CALLS_FOR_SHARE}, 100 * (${failures.expression}) / (${callsSum}), 0)`,
      label: "% of callers sent down the failure branch",
      metrics: { ...failures.metrics, ...calls },
    });
  }
  add(AlarmKind.configurationErrors, undefined, sumOverFunctions([MetricName.ConfigurationError, MetricName.RequestIdKeyError], "configuration and request-id key errors"));
  add(AlarmKind.outcomeNotRecorded, undefined, sumOverFunctions([MetricName.OutcomeNotRecorded], "outcomes not recorded"));
  add(AlarmKind.tableThrottles, { id: "status", label: "status table" }, {
    expression: "FILL(m0, 0) + FILL(m1, 0)",
    label: "status table throttle events",
    metrics: { m0: aws(AwsMetric.dynamodbReadThrottleEvents, bridge.tableName), m1: aws(AwsMetric.dynamodbWriteThrottleEvents, bridge.tableName) },
  });
  return definitions;
}

/** Problems with the settings, each saying what to change; empty when they are usable. */
export function validateAlarmOptions(options: BridgeAlarmsOptions | undefined): string[] {
  if (options === undefined) return [];
  const problems: string[] = [];
  const isNumber = (value: number) => !Token.isUnresolved(value);
  for (const kind of Object.values(AlarmKind)) {
    const setting = options[kind];
    if (setting === undefined || setting === false) continue;
    const { threshold, periodSeconds, evaluationPeriods } = setting;
    const percent = kind === AlarmKind.callerFailureShare || kind === AlarmKind.concurrencyNearReserve;
    if (threshold !== undefined && isNumber(threshold) && !(Number.isFinite(threshold) && threshold > 0 && (!percent || threshold <= 100))) {
      problems.push(`alarms.${kind}.threshold must be a number above 0${percent ? " and at most 100 (a percentage)" : ""}, got ${threshold}`);
    }
    if (periodSeconds !== undefined && isNumber(periodSeconds) && !(Number.isInteger(periodSeconds) && periodSeconds >= 60 && periodSeconds % 60 === 0)) {
      problems.push(`alarms.${kind}.periodSeconds must be a multiple of 60 (the handlers' metrics are standard resolution), got ${periodSeconds}`);
    }
    if (evaluationPeriods !== undefined && isNumber(evaluationPeriods) && !(Number.isInteger(evaluationPeriods) && evaluationPeriods >= 1)) {
      problems.push(`alarms.${kind}.evaluationPeriods must be a whole number of at least 1, got ${evaluationPeriods}`);
    }
  }
  const known = new Set<string>([...Object.values(AlarmKind), "enabled", "alarmActions"]);
  for (const key of Object.keys(options)) if (!known.has(key)) problems.push(`alarms.${key} is not an alarm setting; use one of ${[...known].join(", ")}`);
  for (const action of options.alarmActions ?? []) {
    if (!Token.isUnresolved(action) && !action.startsWith("arn:")) problems.push(`alarms.alarmActions: "${action}" is not an ARN (e.g. arn:aws:sns:<region>:<account>:<topic>)`);
  }
  return problems;
}
