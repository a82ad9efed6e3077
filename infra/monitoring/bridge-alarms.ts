/**
 * The bridge's alarms as `aws_cloudwatch_metric_alarm` resources, one per definition of
 * alarm-definitions.ts. Every alarm treats missing data as not breaching: a quiet night is not an
 * incident, and the handlers publish nothing when nobody calls.
 */
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { type AlarmDefinition, alarmDefinitions, type BridgeAlarmsOptions, type MetricStat } from "./alarm-definitions";
import type { MonitoredBridge } from "./monitored-bridge";

/** Props of {@link BridgeAlarms}. */
export interface BridgeAlarmsProps {
  /** What to watch. */
  readonly bridge: MonitoredBridge;
  /** The alarms' settings. @default every alarm, with its defaults, no actions */
  readonly options?: BridgeAlarmsOptions;
  /** Tags of every alarm. @default none */
  readonly tags?: { readonly [key: string]: string };
}

/** The alarms of one bridge. */
export class BridgeAlarms extends Construct {
  /** What was created, in definition order. */
  readonly definitions: ReadonlyArray<AlarmDefinition>;
  /** The alarms, by definition id. */
  readonly alarms: { readonly [id: string]: CloudwatchMetricAlarm };

  constructor(scope: Construct, id: string, props: BridgeAlarmsProps) {
    super(scope, id);
    this.definitions = alarmDefinitions(props.bridge, props.options);
    const actions = [...(props.options?.alarmActions ?? [])];
    this.alarms = Object.fromEntries(this.definitions.map((definition) => [definition.id, new CloudwatchMetricAlarm(this, definition.id, alarmConfig(definition, actions, props.tags))]));
  }
}

/**
 * One alarm's arguments. `actions` are notified on alarm and on recovery (an empty list: the alarm
 * shows in the console only).
 */
export function alarmConfig(definition: AlarmDefinition, actions: string[], tags?: { readonly [key: string]: string }): CloudwatchMetricAlarmConfig {
  return {
    alarmName: definition.alarmName,
    alarmDescription: definition.description,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: definition.threshold,
    evaluationPeriods: definition.evaluationPeriods,
    treatMissingData: "notBreaching",
    alarmActions: actions,
    okActions: actions,
    ...renderMetric(definition),
    tags,
  };
}

function renderMetric(definition: AlarmDefinition) {
  const { metric, periodSeconds } = definition;
  if (!("expression" in metric)) {
    return { namespace: metric.namespace, metricName: metric.metricName, dimensions: { ...metric.dimensions }, statistic: metric.stat, period: periodSeconds };
  }
  const query = (id: string, stat: MetricStat) => ({
    id,
    returnData: false,
    metric: { namespace: stat.namespace, metricName: stat.metricName, dimensions: { ...stat.dimensions }, stat: stat.stat, period: periodSeconds },
  });
  return {
    metricQuery: [{ id: "e0", expression: metric.expression, label: metric.label, returnData: true }, ...Object.entries(metric.metrics).map(([id, stat]) => query(id, stat))],
  };
}
