/**
 * Everything an operator of a bridge looks at: its alarms, its dashboard and its saved Logs Insights
 * queries, over the metrics the handlers publish (handlers/lib/metrics/) and those AWS publishes.
 */
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { Construct } from "constructs";
import type { BridgeAlarmsOptions } from "./alarm-definitions";
import { BridgeAlarms } from "./bridge-alarms";
import { dashboardBody } from "./dashboard-body";
import type { MonitoredBridge } from "./monitored-bridge";
import { savedQueries } from "./saved-queries";

/** What to create. */
export interface BridgeMonitoringOptions {
  /** The alarms. @default every alarm with its defaults (docs/operations.md), no actions */
  readonly alarms?: BridgeAlarmsOptions;
  /** A CloudWatch dashboard named after the prefix. @default true */
  readonly dashboard?: boolean;
  /** Saved Logs Insights queries (one contact, slowest calls, errors by code). @default true */
  readonly savedQueries?: boolean;
}

/** Props of {@link BridgeMonitoring}. */
export interface BridgeMonitoringProps extends BridgeMonitoringOptions {
  /** What to watch. */
  readonly bridge: MonitoredBridge;
  /** Tags of the alarms (dashboards and queries take none). @default none */
  readonly tags?: { readonly [key: string]: string };
}

/** Alarms, dashboard and saved queries of one bridge. */
export class BridgeMonitoring extends Construct {
  readonly alarms: BridgeAlarms;
  readonly dashboard?: CloudwatchDashboard;
  readonly queries: ReadonlyArray<CloudwatchQueryDefinition>;

  constructor(scope: Construct, id: string, props: BridgeMonitoringProps) {
    super(scope, id);
    this.alarms = new BridgeAlarms(this, "alarms", { bridge: props.bridge, options: props.alarms, tags: props.tags });
    if (props.dashboard !== false) {
      this.dashboard = new CloudwatchDashboard(this, "dashboard", { dashboardName: props.bridge.namePrefix, dashboardBody: JSON.stringify(dashboardBody(props.bridge)) });
    }
    this.queries =
      props.savedQueries === false
        ? []
        : savedQueries(props.bridge).map((query) => new CloudwatchQueryDefinition(this, `query-${query.id}`, { name: query.name, logGroupNames: [...query.logGroupNames], queryString: query.queryString }));
  }
}
