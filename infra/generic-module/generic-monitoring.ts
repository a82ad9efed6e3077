/**
 * The generic module's monitoring: the construct's alarms, dashboard and saved queries (infra/monitoring/),
 * rendered with Terraform references, the operations' alarms `for_each` over `local.operations`, and
 * every alarm switchable by variable (`alarms_enabled`, `alarms_disabled`). Tracing is switched by
 * `tracing_enabled`: the functions' and state machines' settings, and one extra role policy per role.
 */
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { ref, type TerraformElement, TerraformStack, TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import type { HandlerKind } from "../../handlers/lib/metrics/invocation-metrics";
import { DEFAULT_METRICS_NAMESPACE } from "../../handlers/lib/metrics/metric-name";
import { tracingStatement } from "../iam-policies";
import type { LoggedFunction } from "../logged-function";
import { alarmDefinitions, type BridgeAlarmsOptions } from "../monitoring/alarm-definitions";
import { ALARM_KINDS, AlarmKind } from "../monitoring/alarm-kind";
import { alarmConfig } from "../monitoring/bridge-alarms";
import { dashboardBody } from "../monitoring/dashboard-body";
import type { MonitoredBridge, MonitoredFunction } from "../monitoring/monitored-bridge";
import { savedQueries } from "../monitoring/saved-queries";
import { renderHcl } from "./hcl-expression";

/** The monitoring variables' names. */
export const MonitoringVariable = {
  alarmActions: "alarm_actions",
  alarmsEnabled: "alarms_enabled",
  alarmsDisabled: "alarms_disabled",
  alarmThresholds: "alarm_thresholds",
  metricsNamespace: "metrics_namespace",
  tracingEnabled: "tracing_enabled",
} as const;

/** An alarm's name in the module's variables: `callerFailureShare` → `caller_failure_share`. */
export const snakeCase = (kind: AlarmKind): string => kind.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** What the monitoring needs from the module. */
export interface GenericMonitoringProps {
  readonly prefix: string;
  readonly region: string;
  readonly tableName: string;
  /**
   * The functions Connect invokes, each with a short id (`start`, `poll`, …) and the contract it serves;
   * a function added here (e.g. a long poll) gets its alarms, dashboard lines and query coverage.
   */
  readonly functions: ReadonlyArray<{ readonly id: string; readonly fn: LoggedFunction; readonly contract: HandlerKind }>;
  /** The per-operation state machine resource (`for_each` over the operations). */
  readonly stateMachine: SfnStateMachine;
  /** `local.<operations>`. */
  readonly operationsRef: string;
  /** The per-operation log groups' resource address (`aws_cloudwatch_log_group.operation`). */
  readonly stateMachineLogGroupsRef: string;
  /** The per-operation state machine roles' resource address (`aws_iam_role.operation`). */
  readonly stateMachineRolesRef: string;
  /** Gives an element its readable address. */
  readonly named: <T extends TerraformElement>(element: T, logicalId: string) => T;
  readonly variable: (name: string, config: ConstructorParameters<typeof TerraformVariable>[2]) => TerraformVariable;
}

/** Declares the monitoring variables; call before the functions are built, which need the namespace. */
export function monitoringVariables(variable: GenericMonitoringProps["variable"]): { readonly metricsNamespace: string; readonly tracingEnabled: string } {
  const kinds = Object.values(AlarmKind);
  variable(MonitoringVariable.alarmActions, { type: "list(string)", default: [], description: "ARNs notified when any alarm fires or recovers (e.g. SNS topics). Empty: the alarms show in the console only." });
  variable(MonitoringVariable.alarmsEnabled, { type: "bool", default: true, description: "Whether to create the alarms (docs/operations.md in the connect-async package)." });
  variable(MonitoringVariable.alarmsDisabled, {
    type: "list(string)",
    default: [],
    description: `Alarms to leave out, by name: ${kinds.map(snakeCase).join(", ")}.`,
    validation: [
      {
        condition: `\${alltrue([for name in var.${MonitoringVariable.alarmsDisabled} : contains(${renderHcl(kinds.map(snakeCase))}, name)])}`,
        errorMessage: `alarms_disabled may name only these alarms: ${kinds.map(snakeCase).join(", ")}.`,
      },
    ],
  });
  const optional = kinds.map((kind) => `${snakeCase(kind)} = optional(number, ${ALARM_KINDS[kind].defaults.threshold})`).join(", ");
  variable(MonitoringVariable.alarmThresholds, {
    type: `object({ ${optional} })`,
    default: {},
    description: "Alarm thresholds, each compared with >=: counts per period, except caller_failure_share and concurrency_near_reserve (percentages). Defaults in docs/operations.md.",
  });
  variable(MonitoringVariable.metricsNamespace, { type: "string", default: DEFAULT_METRICS_NAMESPACE, description: "The CloudWatch namespace of the functions' metrics." });
  variable(MonitoringVariable.tracingEnabled, { type: "bool", default: false, description: "X-Ray tracing of the functions and state machines (charged per trace recorded)." });
  return { metricsNamespace: `\${var.${MonitoringVariable.metricsNamespace}}`, tracingEnabled: `var.${MonitoringVariable.tracingEnabled}` };
}

/** The alarms, dashboard, queries and tracing switches of the module. */
export class GenericMonitoring extends Construct {
  constructor(scope: Construct, id: string, props: GenericMonitoringProps) {
    super(scope, id);
    const { named } = props;
    const monitored = ({ id, fn, contract }: GenericMonitoringProps["functions"][number]): MonitoredFunction => ({
      id,
      functionName: fn.function.functionName,
      // The module sets each function's POWERTOOLS_SERVICE_NAME to `<prefix>-<id>`.
      serviceName: `${props.prefix}-${id}`,
      contract,
      // A reserve (the long poll's variable) gets the near-reserve alarm and the dashboard's line, as in the construct.
      reservedConcurrency: fn.function.reservedConcurrentExecutionsInput,
      logGroupName: fn.logGroup.name,
    });
    // One stand-in state machine: its alarms become one resource each, `for_each` over the operations.
    const bridge: MonitoredBridge = {
      namePrefix: props.prefix,
      metricsNamespace: `\${var.${MonitoringVariable.metricsNamespace}}`,
      region: props.region,
      functions: props.functions.map(monitored),
      stateMachines: [{ operationName: "${each.key}", arn: `\${${props.stateMachine.terraformResourceType}.${props.stateMachine.friendlyUniqueId}[each.key].arn}`, logGroupName: "" }],
      tableName: props.tableName,
    };
    const thresholds: BridgeAlarmsOptions = Object.fromEntries(
      // A reference, not a "${…}" string, so that arithmetic on it (the near-reserve count) renders as plain HCL.
      Object.values(AlarmKind).map((kind) => [kind, { threshold: Token.asNumber(ref(`var.${MonitoringVariable.alarmThresholds}.${snakeCase(kind)}`, TerraformStack.of(this))) }]),
    );
    const enabled = (kind: AlarmKind) => `var.${MonitoringVariable.alarmsEnabled} && !contains(var.${MonitoringVariable.alarmsDisabled}, "${snakeCase(kind)}")`;
    for (const definition of alarmDefinitions(bridge, thresholds)) {
      const perOperation = definition.id.endsWith("${each.key}");
      const logicalId = `alarm_${definition.id.replace("-${each.key}", "").replace(/-/g, "_")}`;
      const alarm = named(new CloudwatchMetricAlarm(this, logicalId, alarmConfig(definition, [], undefined)), logicalId);
      alarm.addOverride("alarm_actions", `\${var.${MonitoringVariable.alarmActions}}`);
      alarm.addOverride("ok_actions", `\${var.${MonitoringVariable.alarmActions}}`);
      alarm.addOverride("tags", "${var.tags}");
      alarm.addOverride("for_each", `\${${enabled(definition.kind)} ? ${perOperation ? props.operationsRef : `{ ${definition.id.replace(/-/g, "_")} = true }`} : {}}`);
    }

    named(new CloudwatchDashboard(this, "dashboard", { dashboardName: props.prefix, dashboardBody: JSON.stringify(dashboardBody(bridge)) }), "this");
    for (const query of savedQueries({ ...bridge, stateMachines: [] })) {
      const definition = named(new CloudwatchQueryDefinition(this, query.id, { name: query.name, logGroupNames: [...query.logGroupNames], queryString: query.queryString }), query.id.replace(/-/g, "_"));
      if (query.id === "one-contact") {
        const functionGroups = props.functions.map(({ fn }) => `${fn.logGroup.terraformResourceType}.${fn.logGroup.friendlyUniqueId}.name`);
        definition.addOverride("log_group_names", `\${flatten([[${functionGroups.join(", ")}], [for group in ${props.stateMachineLogGroupsRef} : group.name]])}`);
      }
    }

    // Tracing: the settings follow the variable; the permission is one more policy per role, only when on.
    const tracing = `var.${MonitoringVariable.tracingEnabled}`;
    for (const { id: key, fn } of props.functions) {
      const logicalKey = key.replace(/-/g, "_");
      fn.function.addOverride("tracing_config", { mode: `\${${tracing} ? "Active" : "PassThrough"}` });
      const policy = named(new IamRolePolicy(this, `tracing-${key}`, { name: "tracing", role: fn.role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [tracingStatement()] }) }), `tracing_${logicalKey}`);
      policy.addOverride("for_each", `\${${tracing} ? { ${logicalKey} = true } : {}}`);
    }
    props.stateMachine.addOverride("tracing_configuration", { enabled: `\${${tracing}}` });
    const machinePolicy = named(
      new IamRolePolicy(this, "tracing-operation", { name: "tracing", role: `\${${props.stateMachineRolesRef}[each.key].name}`, policy: JSON.stringify({ Version: "2012-10-17", Statement: [tracingStatement()] }) }),
      "tracing_operation",
    );
    machinePolicy.addOverride("for_each", `\${${tracing} ? ${props.operationsRef} : {}}`);
  }
}
