/**
 * What the monitoring watches, as plain values (or Terraform references): the bridge's functions, its
 * state machines and its table. The construct and the generic module describe themselves this way, so
 * both get the same alarms, dashboard and queries.
 */
import type { HandlerKind } from "../../handlers/lib/metrics/invocation-metrics";

/** A function Connect invokes. */
export interface MonitoredFunction {
  /** A short, stable id for resource ids and alarm names: `start`, `poll`, `long-poll`. */
  readonly id: string;
  /** The function's name (the `FunctionName` dimension of AWS/Lambda). */
  readonly functionName: string;
  /** The `service` dimension of its own metrics (its `POWERTOOLS_SERVICE_NAME`). */
  readonly serviceName: string;
  /** Which contract it serves, hence which of its answers end a caller's wait. */
  readonly contract: HandlerKind;
  /** Its reserved concurrency, when it has one (the `concurrencyNearReserve` alarm compares with it). */
  readonly reservedConcurrency?: number;
  /** Its log group's name. */
  readonly logGroupName: string;
}

/** An operation's state machine. */
export interface MonitoredStateMachine {
  /** The operation's name (an alarm name's suffix). */
  readonly operationName: string;
  /** The state machine's ARN (the `StateMachineArn` dimension of AWS/States). */
  readonly arn: string;
  /** Its execution log group's name. */
  readonly logGroupName: string;
}

/** A bridge, as the monitoring sees it. */
export interface MonitoredBridge {
  /** The bridge's name prefix; alarm, dashboard and query names start with it. */
  readonly namePrefix: string;
  /** The namespace of the handlers' metrics. */
  readonly metricsNamespace: string;
  /** The Region (the dashboard's widgets need it). */
  readonly region: string;
  /** The functions Connect invokes (start, poll, and any other, e.g. a long-poll function). */
  readonly functions: ReadonlyArray<MonitoredFunction>;
  /** One per operation. */
  readonly stateMachines: ReadonlyArray<MonitoredStateMachine>;
  /** The status table's name. */
  readonly tableName: string;
}
