/**
 * The operation bridge: everything that lets a contact flow start slow work and poll for its outcome.
 *
 *   Connect ──▶ start (Lambda) ──StartExecution──▶ state machine per operation ──▶ target Lambda(s)
 *      └─────▶ poll (Lambda) ──GetItem──▶ status table ◀──UpdateItem (SUCCEEDED/FAILED)──┘
 *
 * It creates the status table, one state machine (with role and log group) per operation, the `start`,
 * `poll` and long-poll functions (with roles and log groups; the long poll with its own reserved
 * concurrency, see {@link LongPollOptions}) and their Connect permission and association, and
 * the Secrets Manager secret holding the request-id key (unless you bring your own).
 *
 * How the functions learn their configuration (environment, see {@link BridgeEnvironment}):
 * - the operations' settings travel in each zip as `operations.json` (`OPERATIONS_FILE`), so the 4 KB
 *   Lambda environment no longer caps their number; the file is known at synth, so it holds no state
 *   machine ARN: the handlers join `STATE_MACHINE_ARN_PREFIX` (`arn:<partition>:states:<region>:<account>:stateMachine:<prefix>-`,
 *   from Terraform) and the operation's name;
 * - `REQUEST_ID_KEY_SECRET_ARN` names the secret; only start and poll may read it, and the key never
 *   reaches an output, a log or the table (Terraform's state does hold a generated key: protect the
 *   state, or bring your own secret).
 *
 * Operating it (docs/operations.md): the functions publish metrics (EMF, namespace `metricsNamespace`),
 * and the bridge carries alarms, a dashboard and saved Logs Insights queries over them
 * ({@link BridgeMonitoring}), and X-Ray tracing when `tracing` is on.
 *
 * Props are validated in the constructor: every problem is reported at once, naming the operation or
 * prop and saying what to change.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { ConnectLambdaFunctionAssociation } from "@cdktf/provider-aws/lib/connect-lambda-function-association";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Annotations, Fn, TerraformLocal, Token } from "cdktf";
import { Construct } from "constructs";
import { assumeRolePolicy, pollFunctionPolicy, ServicePrincipal, startFunctionPolicy, stateMachinePolicy, withTracing } from "./iam-policies";
import { LoggedFunction, type ConnectInstanceWiring } from "./logged-function";
import { fileEntryOf, resolveOperation, validateOperations, WorkflowType, type OperationFileEntry, type OperationProps, type ResolvedOperation } from "./operation";
import { RequestIdKeySecret, type RequestIdKeyOptions } from "./request-id-key-secret";
import { AWS_MIN_UNRESERVED_CONCURRENCY } from "./long-poll-defaults";
import { buildStateMachineDefinition } from "./state-machine-definition";
// The settings the generic module shares (bridge-settings.ts): builders and names, then defaults and limits.
import { BridgeEnvironment, bridgeEnvironment, BridgeFunctions, bridgeFunctionBasics, BridgeNames, OPERATIONS_FILE_NAME, statusTableConfig, type StateMachineLogLevel } from "./bridge-settings";
import { CONNECT_ASYNC_LAMBDA_TIMEOUT_SECONDS, CONNECT_INSTANCE_ID_PATTERN, CONNECT_LAMBDA_TIMEOUT_SECONDS, DEFAULT_LOG_RETENTION_DAYS, DEFAULT_NAME_PREFIX } from "./bridge-settings";
import { DEFAULT_STATE_MACHINE_LOG_LEVEL, LAMBDA_MEMORY_MB, LOG_RETENTION_DAYS, NAME_PREFIX_PATTERN } from "./bridge-settings";
import { DEFAULT_METRICS_NAMESPACE } from "../handlers/lib/metrics/metric-name";
import { type BridgeAlarmsOptions, validateAlarmOptions } from "./monitoring/alarm-definitions";
import { BridgeMonitoring } from "./monitoring/bridge-monitoring";
import type { MonitoredFunction } from "./monitoring/monitored-bridge";

/** The Connect instance the bridge serves: values or Terraform references. */
export interface ConnectInstanceReference {
  /** The instance id (the UUID), e.g. `var.connect_instance_id`. */
  readonly instanceId: string;
  /** The instance ARN, e.g. from a `data "aws_connect_instance"` lookup. */
  readonly instanceArn: string;
}

/** Size of one of the bridge's own functions. */
export interface BridgeFunctionOptions {
  /** Memory in MB (more memory also means more CPU, hence faster cold starts). */
  readonly memorySize?: number;
  /**
   * Timeout in seconds. `start`: at most 8, the longest Connect waits for a synchronous Lambda. `poll`:
   * at most 60, the longest Connect waits for an asynchronous one (the event strategy's long poll);
   * invoked synchronously, poll still answers within the flow block's own limit.
   */
  readonly timeoutSeconds?: number;
}

/**
 * The event strategy's long-poll function: `poll`'s handler under its own name, with its own bounded
 * share of the account's concurrency.
 *
 * Sizing (DESIGN.md, "A crowd on real quotas"): each waiting caller holds one execution for its whole
 * round, so by Little's law the executions held ≈ peak new waiting callers per second × seconds held
 * per round (the round is `comfortEverySeconds` on voice, up to 57 s on chat, or the wait if shorter).
 * Reserve that with headroom: `reservedConcurrency ≈ ceil(1.2 × arrivals/s × round seconds)`; e.g.
 * 3 callers a second on 30 s rounds hold 90, so 108. When the share is used up the asynchronous invoke is
 * throttled and that round falls back to hold audio and a synchronous poll (from the unreserved pool), so
 * callers still get their answer, at the cost of more invocations; `start`, `poll` and your own backends
 * are never starved by waiting callers. What the reserve may not take: `start` holds an execution for its
 * fast path plus some 200 ms, so leave it `1.2 × arrivals/s × (fastPathMs + 200 ms)` (at least 20) of what
 * the account spares; when that does not fit, lower `fastPathMs` (bench/crowd/point.ts sizes its points so).
 */
export interface LongPollOptions {
  /**
   * Concurrent executions reserved for (and capping) the long poll. Reserved concurrency is taken from the
   * account's pool, and AWS keeps 100 unreserved: give `accountConcurrency` to have synth check that.
   * @default 100
   */
  readonly reservedConcurrency?: number;
  /** Memory in MB. The long poll mostly sleeps between reads and is billed for its whole wait, so the least memory. @default 128 */
  readonly memorySize?: number;
  /** Timeout in seconds, at most 60 (Connect's asynchronous limit); the long poll ends a margin before it. @default 60 */
  readonly timeoutSeconds?: number;
}

// Re-exported: the construct's public defaults (their own file so the simulator can read them without cdktf).
export { AWS_MIN_UNRESERVED_CONCURRENCY, DEFAULT_LONG_POLL_MEMORY_MB, DEFAULT_LONG_POLL_RESERVED_CONCURRENCY } from "./long-poll-defaults";

// Re-exported: the settings the construct shares with the generic module (bridge-settings.ts), under the names it always had.
export { BridgeEnvironment, DEFAULT_POLL_TIMEOUT_SECONDS, LOG_RETENTION_DAYS, OPERATIONS_FILE_NAME, type StateMachineLogLevel } from "./bridge-settings";

/** The contents of `operations.json`: each operation's entry, by name. */
export type OperationsFile = { readonly [operationName: string]: OperationFileEntry };

/** Props of {@link ConnectAsyncBridge}. */
export interface ConnectAsyncBridgeProps {
  /** The Connect instance whose flows call `start` and `poll`. */
  readonly connectInstance: ConnectInstanceReference;
  /** The operations; names must be unique. */
  readonly operations: ReadonlyArray<OperationProps>;
  /**
   * Prefix of every resource name, `[A-Za-z0-9_-]{1,20}` (names such as `<prefix>-sm-<operation>` must
   * fit IAM's 64 characters). A Terraform reference is accepted and checked by Terraform instead.
   * @default "connect-async"
   */
  readonly namePrefix?: string;
  /** Tags of every resource that takes tags. @default none */
  readonly tags?: { readonly [key: string]: string };
  /** The state machine type. @default "EXPRESS" */
  readonly workflowType?: WorkflowType;
  /** Retention of every log group, in days (a value CloudWatch Logs accepts). @default 30 */
  readonly logRetentionDays?: number;
  /**
   * A customer managed KMS key (its ARN) for every log group of the bridge: the functions' and the
   * state machines' (execution logs may hold contact data when `includeExecutionData` is on).
   *
   * CloudWatch Logs encrypts with the key itself, so no role of the bridge needs a grant, but the key
   * policy must allow the service principal `logs.<region>.amazonaws.com` `kms:Encrypt*`,
   * `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*` and `kms:Describe*`, conditioned on
   * `kms:EncryptionContext:aws:logs:arn` being `arn:<partition>:logs:<region>:<account>:log-group:*`
   * (or the bridge's groups); otherwise creating the log groups fails. Readers of the logs need
   * `kms:Decrypt` on the key.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   * @default CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
  /** A customer managed KMS key for the table; the roles get the key permissions they need. @default the AWS managed key `alias/aws/dynamodb` */
  readonly kmsKeyArn?: string;
  /**
   * Continuous backups of the table. Off by default: the table holds only short-lived state (calls in
   * flight, cached results within their TTL) that the next call recomputes; turn it on if your
   * policies require backups of every table (see docs/production.md).
   * @default false
   */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Refuse to delete the table. Off by default so `cdktf destroy` of a trial stack works; turn it on in
   * production, where deleting or replacing the table breaks every call in flight (docs/production.md).
   * @default false
   */
  readonly deletionProtection?: boolean;
  /** The secret holding the key request ids are derived with. @default a new secret with a generated key */
  readonly requestIdKey?: RequestIdKeyOptions;
  /** The state machines' log level. @default "ERROR" */
  readonly logLevel?: StateMachineLogLevel;
  /** Log execution input and output (contact data: mind PII). @default false */
  readonly includeExecutionData?: boolean;
  /** The `start` function. @default 256 MB, 8 s */
  readonly startFunction?: BridgeFunctionOptions;
  /** The `poll` function, invoked synchronously (the loop strategy, the event strategy's fallback turns); unreserved. @default 256 MB, 60 s */
  readonly pollFunction?: BridgeFunctionOptions;
  /** The long-poll function the event strategy invokes asynchronously, with its own reserved share (see {@link LongPollOptions}). @default 100 reserved, 128 MB, 60 s */
  readonly longPoll?: LongPollOptions;
  /**
   * The account's concurrent executions in this Region (its Lambda quota, 1,000 by default, less on new
   * accounts). When given, synth warns if the long poll's reserve would leave fewer than the 100
   * unreserved executions AWS keeps (AWS would then refuse the deployment).
   * @default unknown: no check
   */
  readonly accountConcurrency?: number;
  /** Where the handler bundles are (`<dir>/<name>/index.js`). @default `dist/handlers` of this repository */
  readonly handlersDir?: string;
  /**
   * The CloudWatch namespace of the functions' metrics (docs/operations.md lists them).
   * @default "ConnectAsync"
   */
  readonly metricsNamespace?: string;
  /**
   * The alarms: each can be tuned (`{ threshold, periodSeconds, evaluationPeriods }`) or turned off
   * (`false`); `alarmActions` (e.g. SNS topic ARNs) are notified when any of them fires or recovers.
   * @default every alarm on, with the defaults in docs/operations.md, and no actions
   */
  readonly alarms?: BridgeAlarmsOptions;
  /** A CloudWatch dashboard (named after `namePrefix`). @default true */
  readonly dashboard?: boolean;
  /** Saved Logs Insights queries: one contact across every log group, the slowest calls, errors by code. @default true */
  readonly savedQueries?: boolean;
  /**
   * X-Ray tracing: active tracing on the functions and tracing on the state machines, with the roles'
   * permission to write traces. Costs per trace recorded (see the README).
   * @default false
   */
  readonly tracing?: boolean;
}

/** One operation's state machine and what it owns. */
export interface OperationStateMachine {
  readonly operation: ResolvedOperation;
  readonly stateMachine: SfnStateMachine;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
}

/** Thrown when the props are invalid; `problems` lists every one. */
export class BridgePropsError extends Error {
  constructor(
    readonly constructPath: string,
    readonly problems: ReadonlyArray<string>,
  ) {
    super(`ConnectAsyncBridge ${constructPath}: invalid props:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "BridgePropsError";
  }
}

/** The status table, state machines, functions and Connect wiring for a set of operations. */
export class ConnectAsyncBridge extends Construct {
  /** The status table. */
  readonly table: DynamodbTable;
  /** The function flows call to start an operation. */
  readonly startFunction: LambdaFunction;
  /** The function flows call to poll for the outcome. */
  readonly pollFunction: LambdaFunction;
  /** The poll function's timeout in seconds: the longest an asynchronous long poll can run. */
  readonly pollTimeoutSeconds: number;
  /** The function the event strategy invokes asynchronously (pass its ARN as the macro's `longPollFunctionArn`). */
  readonly longPollFunction: LambdaFunction;
  /** The long-poll function's timeout in seconds. */
  readonly longPollTimeoutSeconds: number;
  /** The long-poll function's reserved concurrency. */
  readonly longPollReservedConcurrency: number;
  /** The state machines, by operation name. */
  readonly stateMachines: { readonly [operationName: string]: SfnStateMachine };
  /** Each operation's state machine with its role and log group, by operation name. */
  readonly operations: { readonly [operationName: string]: OperationStateMachine };
  /** The functions the Connect instance may invoke (start, poll, long poll), with their associations. */
  readonly connectFunctions: ReadonlyArray<LoggedFunction>;
  /** The secret holding the request-id key (created here, or the one you gave). */
  readonly requestIdKey: RequestIdKeySecret;
  /** `arn:<partition>:states:<region>:<account>:stateMachine:<namePrefix>-`: an operation's ARN less its name. */
  readonly stateMachineArnPrefix: string;
  /** The contents of the `operations.json` shipped in the start and poll zips. */
  readonly operationsFile: OperationsFile;
  /** The alarms, dashboard and saved queries. */
  readonly monitoring: BridgeMonitoring;

  constructor(scope: Construct, id: string, props: ConnectAsyncBridgeProps) {
    super(scope, id);
    const workflowType = props.workflowType ?? WorkflowType.EXPRESS;
    const problems = validateBridgeProps(props, workflowType);
    if (problems.length > 0) throw new BridgePropsError(this.node.path, problems);

    const prefix = props.namePrefix ?? DEFAULT_NAME_PREFIX;
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    const instance: ConnectInstanceWiring = { ...props.connectInstance, account: this.accountOf(props.connectInstance.instanceArn) };
    // Where the bridge is deployed (the provider's account and Region, which may differ from the
    // instance's): state machine ARNs are built from these and their names, so a role's trust can name
    // its state machine without a dependency cycle, and the zips need no ARN.
    const partition = new DataAwsPartition(this, "partition").partition;
    const region = new DataAwsRegion(this, "region").region;
    const metricsNamespace = props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    this.stateMachineArnPrefix = BridgeNames.stateMachineArnPrefix({ partition, region, account, prefix });

    // One item per request; DynamoDB deletes expired items lazily, readers also check expiresAt.
    this.table = new DynamodbTable(
      this,
      "table",
      statusTableConfig({ prefix, kmsKeyArn: props.kmsKeyArn, pointInTimeRecovery: props.pointInTimeRecovery ?? false, deletionProtection: props.deletionProtection ?? false, tags: props.tags }),
    );

    const operations: { [name: string]: OperationStateMachine } = {};
    for (const operationProps of props.operations) {
      const operation = resolveOperation(operationProps);
      operations[operation.name] = this.createStateMachine(operation, { ...props, prefix, workflowType, logRetentionDays, account });
    }
    this.operations = operations;
    this.stateMachines = Object.fromEntries(Object.entries(operations).map(([name, { stateMachine }]) => [name, stateMachine]));

    this.requestIdKey = new RequestIdKeySecret(this, "request-id-key", { ...props.requestIdKey, namePrefix: prefix, tags: props.tags });
    this.operationsFile = Object.fromEntries(Object.values(operations).map(({ operation }) => [operation.name, fileEntryOf(operation)]));
    const files = { [OPERATIONS_FILE_NAME]: JSON.stringify(this.operationsFile) };
    const environment = bridgeEnvironment({
      tableName: this.table.name,
      operationsSource: [BridgeEnvironment.operationsFile, OPERATIONS_FILE_NAME],
      stateMachineArnPrefix: this.stateMachineArnPrefix,
      requestIdKeySecretArn: this.requestIdKey.secretArn,
      metricsNamespace,
    });
    const shared = { handlersDir: props.handlersDir, files, logRetentionDays, logKmsKeyArn: props.logKmsKeyArn, tags: props.tags, dependsOn: this.requestIdKey.dependables, tracing: props.tracing };

    const fns = BridgeFunctions;
    const start = new LoggedFunction(this, fns.start.id, {
      ...shared,
      ...bridgeFunctionBasics(prefix, fns.start, environment),
      memorySize: props.startFunction?.memorySize ?? fns.start.memorySize,
      timeoutSeconds: props.startFunction?.timeoutSeconds ?? fns.start.timeoutSeconds,
      policy: (logGroupArn) =>
        startFunctionPolicy({
          tableArn: this.table.arn,
          stateMachineArns: Object.values(this.stateMachines).map((machine) => machine.arn),
          logGroupArn,
          tableKeyArn: props.kmsKeyArn,
          requestIdKey: this.requestIdKey.grant,
        }),
    });
    this.pollTimeoutSeconds = props.pollFunction?.timeoutSeconds ?? fns.poll.timeoutSeconds;
    const poll = new LoggedFunction(this, fns.poll.id, {
      ...shared,
      ...bridgeFunctionBasics(prefix, fns.poll, environment),
      memorySize: props.pollFunction?.memorySize ?? fns.poll.memorySize,
      timeoutSeconds: this.pollTimeoutSeconds,
      policy: (logGroupArn) => pollFunctionPolicy({ tableArn: this.table.arn, logGroupArn, tableKeyArn: props.kmsKeyArn, requestIdKey: this.requestIdKey.grant }),
    });
    // The same handler under its own name: its reserve bounds what waiting callers take from the account.
    this.longPollTimeoutSeconds = props.longPoll?.timeoutSeconds ?? fns.longPoll.timeoutSeconds;
    this.longPollReservedConcurrency = props.longPoll?.reservedConcurrency ?? fns.longPoll.reservedConcurrency;
    const longPoll = new LoggedFunction(this, fns.longPoll.id, {
      ...shared,
      ...bridgeFunctionBasics(prefix, fns.longPoll, environment),
      sharedBundle: poll.bundle,
      memorySize: props.longPoll?.memorySize ?? fns.longPoll.memorySize,
      timeoutSeconds: this.longPollTimeoutSeconds,
      reservedConcurrentExecutions: this.longPollReservedConcurrency,
      policy: (logGroupArn) => pollFunctionPolicy({ tableArn: this.table.arn, logGroupArn, tableKeyArn: props.kmsKeyArn, requestIdKey: this.requestIdKey.grant }),
    });
    const accountConcurrency = props.accountConcurrency;
    if (accountConcurrency !== undefined && accountConcurrency - this.longPollReservedConcurrency < AWS_MIN_UNRESERVED_CONCURRENCY) {
      Annotations.of(this).addWarning(
        `longPoll.reservedConcurrency ${this.longPollReservedConcurrency} would leave ${accountConcurrency - this.longPollReservedConcurrency} of the account's ${accountConcurrency} concurrent executions unreserved, ` +
          `fewer than the ${AWS_MIN_UNRESERVED_CONCURRENCY} AWS keeps, so Lambda would refuse the deployment (and start, poll and your backends would share what is left); ` +
          `lower it to at most ${Math.max(0, accountConcurrency - AWS_MIN_UNRESERVED_CONCURRENCY)} or raise the account's quota (accountConcurrency)`,
      );
    }
    start.allowConnect(instance);
    poll.allowConnect(instance);
    longPoll.allowConnect(instance);
    this.startFunction = start.function;
    this.pollFunction = poll.function;
    this.longPollFunction = longPoll.function;
    this.connectFunctions = [start, poll, longPoll];

    // Last, so it watches every function Connect invokes, whichever were added above.
    this.monitoring = new BridgeMonitoring(this, "monitoring", {
      bridge: {
        namePrefix: prefix,
        metricsNamespace,
        region,
        functions: this.connectFunctions.map(monitoredFunction),
        stateMachines: Object.values(operations).map(({ operation, stateMachine, logGroup }) => ({ operationName: operation.name, arn: stateMachine.arn, logGroupName: logGroup.name })),
        tableName: this.table.name,
      },
      alarms: props.alarms,
      dashboard: props.dashboard,
      savedQueries: props.savedQueries,
      tags: props.tags,
    });
  }

  /** The associations of the functions flows may invoke; a contact flow must be created after them. */
  get lambdaAssociations(): ReadonlyArray<ConnectLambdaFunctionAssociation> {
    return this.connectFunctions.flatMap((fn) => (fn.connectAssociation ? [fn.connectAssociation] : []));
  }

  /** The ARNs of the functions associated with the instance (what a flow may invoke). */
  get associatedFunctionArns(): ReadonlyArray<string> {
    return this.connectFunctions.map((fn) => fn.function.arn);
  }

  /**
   * The account of the instance ARN (its fifth field). For a Terraform reference, a local value: an
   * expression with quotes inside the JSON policy strings would make them unreadable before apply.
   */
  private accountOf(arn: string): string {
    if (!Token.isUnresolved(arn)) return arn.split(":")[4] ?? "";
    return new TerraformLocal(this, "connect-account", Fn.element(Fn.split(":", arn), 4)).asString;
  }

  private createStateMachine(
    operation: ResolvedOperation,
    options: ConnectAsyncBridgeProps & { prefix: string; workflowType: WorkflowType; logRetentionDays: number; account: string },
  ): OperationStateMachine {
    const scope = new Construct(this, `operation-${operation.name}`);
    const name = BridgeNames.stateMachine(options.prefix, operation.name);
    const arn = `${this.stateMachineArnPrefix}${operation.name}`;

    // Express executions have no history API: these logs are the only record of a run.
    const logGroup = new CloudwatchLogGroup(scope, "log-group", {
      name: BridgeNames.stateMachineLogGroup(name),
      retentionInDays: options.logRetentionDays,
      kmsKeyId: options.logKmsKeyArn,
      tags: options.tags,
    });
    // Step Functions may assume the role only for this state machine (and its versions and aliases)
    // in this account. Its ARN is built from its name: referencing the resource would be a cycle.
    const role = new IamRole(scope, "role", {
      name: BridgeNames.stateMachineRole(options.prefix, operation.name),
      assumeRolePolicy: JSON.stringify(assumeRolePolicy(ServicePrincipal.stepFunctions, { account: options.account, arns: [arn, `${arn}:*`] })),
      tags: options.tags,
    });
    const policy = new IamRolePolicy(scope, "policy", {
      name: "least-privilege",
      role: role.name,
      policy: JSON.stringify(withTracing(stateMachinePolicy({ tableArn: this.table.arn, targetArns: operation.targets, tableKeyArn: options.kmsKeyArn }), options.tracing)),
    });
    const stateMachine = new SfnStateMachine(scope, "state-machine", {
      name,
      type: options.workflowType,
      roleArn: role.arn,
      definition: JSON.stringify(buildStateMachineDefinition({ operation, tableName: this.table.name })),
      loggingConfiguration: {
        // The log group ARN attribute lacks the ":*" qualifier Step Functions requires.
        logDestination: `${logGroup.arn}:*`,
        level: options.logLevel ?? DEFAULT_STATE_MACHINE_LOG_LEVEL,
        includeExecutionData: options.includeExecutionData ?? false,
      },
      tracingConfiguration: { enabled: options.tracing ?? false },
      tags: options.tags,
      dependsOn: [policy],
    });
    return { operation, stateMachine, role, logGroup };
  }
}

/**
 * A function Connect invokes, as the monitoring sees it: its metrics' `service` is the
 * `POWERTOOLS_SERVICE_NAME` it was given (else its name), its contract follows its bundle.
 */
function monitoredFunction(fn: LoggedFunction): MonitoredFunction {
  const functionName = fn.function.functionName;
  return {
    id: fn.node.id,
    functionName,
    serviceName: fn.function.environmentInput?.variables?.[BridgeEnvironment.serviceName] ?? functionName,
    contract: fn.bundleName === "start" ? "start" : "poll",
    reservedConcurrency: fn.function.reservedConcurrentExecutionsInput,
    logGroupName: fn.logGroup.name,
  };
}

function validateBridgeProps(props: ConnectAsyncBridgeProps, workflowType: WorkflowType): string[] {
  const problems: string[] = [];
  const isUnresolved = (value: string) => Token.isUnresolved(value);
  if (workflowType !== WorkflowType.EXPRESS && workflowType !== WorkflowType.STANDARD) {
    problems.push(`workflowType must be "EXPRESS" or "STANDARD", got "${String(workflowType)}"`);
  }
  problems.push(...validateOperations(props.operations, { workflowType, isUnresolved }));
  problems.push(...validateAlarmOptions(props.alarms));

  const prefix = props.namePrefix;
  if (prefix !== undefined && !isUnresolved(prefix) && !NAME_PREFIX_PATTERN.test(prefix)) {
    problems.push(`namePrefix "${prefix}" must match [A-Za-z0-9_-]{1,20} so that every derived name fits AWS limits; shorten or rename it`);
  }
  const { instanceId, instanceArn } = props.connectInstance;
  if (!isUnresolved(instanceArn) && !/^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/.test(instanceArn)) {
    problems.push(`connectInstance.instanceArn "${instanceArn}" is not a Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<id>)`);
  }
  if (!isUnresolved(instanceId) && !CONNECT_INSTANCE_ID_PATTERN.test(instanceId)) {
    problems.push(`connectInstance.instanceId "${instanceId}" is not a Connect instance id (a UUID)`);
  }
  if (!isUnresolved(instanceId) && !isUnresolved(instanceArn) && !instanceArn.endsWith(`/${instanceId}`)) {
    problems.push(`connectInstance: instanceArn "${instanceArn}" does not belong to instanceId "${instanceId}"`);
  }
  const retention = props.logRetentionDays;
  if (retention !== undefined && !(LOG_RETENTION_DAYS as ReadonlyArray<number>).includes(retention)) {
    problems.push(`logRetentionDays ${retention} is not a value CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(", ")})`);
  }
  const timeoutLimits = [
    ["startFunction", props.startFunction, CONNECT_LAMBDA_TIMEOUT_SECONDS, "Connect waits at most 8 s for a synchronous Lambda"],
    ["pollFunction", props.pollFunction, CONNECT_ASYNC_LAMBDA_TIMEOUT_SECONDS, "Connect waits at most 60 s for an asynchronous Lambda, the event strategy's long poll"],
  ] as const;
  for (const [prop, options, limit, reason] of timeoutLimits) {
    const timeout = options?.timeoutSeconds;
    if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1 || timeout > limit)) {
      problems.push(`${prop}.timeoutSeconds must be an integer from 1 to ${limit} (${reason}), got ${timeout}`);
    }
    const memory = options?.memorySize;
    if (memory !== undefined && (!Number.isInteger(memory) || memory < LAMBDA_MEMORY_MB.min || memory > LAMBDA_MEMORY_MB.max)) {
      problems.push(`${prop}.memorySize must be an integer from ${LAMBDA_MEMORY_MB.min} to ${LAMBDA_MEMORY_MB.max} MB, got ${memory}`);
    }
  }
  const longPoll = props.longPoll;
  if (longPoll?.timeoutSeconds !== undefined && (!Number.isInteger(longPoll.timeoutSeconds) || longPoll.timeoutSeconds < 10 || longPoll.timeoutSeconds > CONNECT_ASYNC_LAMBDA_TIMEOUT_SECONDS)) {
    problems.push(`longPoll.timeoutSeconds must be an integer from 10 to ${CONNECT_ASYNC_LAMBDA_TIMEOUT_SECONDS} (a round is at least 5 s plus margins, and Connect waits at most 60 s for an asynchronous Lambda), got ${longPoll.timeoutSeconds}`);
  }
  if (longPoll?.memorySize !== undefined && (!Number.isInteger(longPoll.memorySize) || longPoll.memorySize < LAMBDA_MEMORY_MB.min || longPoll.memorySize > LAMBDA_MEMORY_MB.max)) {
    problems.push(`longPoll.memorySize must be an integer from ${LAMBDA_MEMORY_MB.min} to ${LAMBDA_MEMORY_MB.max} MB, got ${longPoll.memorySize}`);
  }
  const reserved = longPoll?.reservedConcurrency;
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 1)) {
    problems.push(`longPoll.reservedConcurrency must be a positive integer (about 1.2 × peak waiting callers a second × seconds per round), got ${reserved}`);
  }
  const account = props.accountConcurrency;
  if (account !== undefined && (!Number.isInteger(account) || account < AWS_MIN_UNRESERVED_CONCURRENCY)) {
    problems.push(`accountConcurrency must be the account's Lambda concurrency quota, an integer of at least ${AWS_MIN_UNRESERVED_CONCURRENCY} (AWS keeps 100 unreserved), got ${account}`);
  }
  const recoveryWindow = props.requestIdKey?.recoveryWindowInDays;
  if (recoveryWindow !== undefined && !(recoveryWindow === 0 || (Number.isInteger(recoveryWindow) && recoveryWindow >= 7 && recoveryWindow <= 30))) {
    problems.push(`requestIdKey.recoveryWindowInDays must be 0 (delete at once) or an integer from 7 to 30, as Secrets Manager requires, got ${recoveryWindow}`);
  }
  if (props.requestIdKey?.secretArn !== undefined && props.requestIdKey.recoveryWindowInDays !== undefined) {
    problems.push("requestIdKey: recoveryWindowInDays applies to a secret the bridge creates; leave it out when you give secretArn");
  }
  const fastPathMs = Math.max(0, ...props.operations.map((operation) => operation.fastPathMs ?? 0));
  const startTimeoutMs = (props.startFunction?.timeoutSeconds ?? CONNECT_LAMBDA_TIMEOUT_SECONDS) * 1000;
  if (fastPathMs >= startTimeoutMs - 1000) {
    problems.push(`an operation's fastPathMs (${fastPathMs}) leaves start less than 1 s of its ${startTimeoutMs / 1000} s timeout; lower fastPathMs`);
  }
  return problems;
}
