/**
 * The operation bridge: everything that lets a contact flow start slow work and poll for its outcome.
 *
 *   Connect ──▶ start (Lambda) ──StartExecution──▶ state machine per operation ──▶ target Lambda(s)
 *      └─────▶ poll (Lambda) ──GetItem──▶ status table ◀──UpdateItem (SUCCEEDED/FAILED)──┘
 *
 * It creates the status table, one state machine (with role and log group) per operation, the `start`
 * and `poll` functions (with roles and log groups) and their Connect permission and association.
 * Props are validated in the constructor: every problem is reported at once, naming the operation or
 * prop and saying what to change.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { ConnectLambdaFunctionAssociation } from "@cdktf/provider-aws/lib/connect-lambda-function-association";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Fn, TerraformLocal, Token } from "cdktf";
import { Construct } from "constructs";
import type { OperationsConfig } from "../handlers/lib/operations-config";
import { StatusAttribute, TTL_ATTRIBUTE } from "../handlers/lib/status-item";
import { assumeRolePolicy, pollFunctionPolicy, ServicePrincipal, startFunctionPolicy, stateMachinePolicy } from "./iam-policies";
import { LoggedFunction, type ConnectInstanceWiring } from "./logged-function";
import { resolveOperation, runtimeConfigOf, validateOperations, WorkflowType, type OperationProps, type ResolvedOperation } from "./operation";
import { buildStateMachineDefinition } from "./state-machine-definition";

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
  /** Timeout in seconds; at most 8, the longest Connect waits for a synchronous Lambda. */
  readonly timeoutSeconds?: number;
}

/** The level of the state machines' execution logs. */
export type StateMachineLogLevel = "ALL" | "ERROR" | "FATAL" | "OFF";

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
  /** A customer managed KMS key for the table; the roles get the key permissions they need. @default the AWS managed key `alias/aws/dynamodb` */
  readonly kmsKeyArn?: string;
  /** Continuous backups of the table. @default false */
  readonly pointInTimeRecovery?: boolean;
  /** Refuse to delete the table. @default false */
  readonly deletionProtection?: boolean;
  /** The state machines' log level. @default "ERROR" */
  readonly logLevel?: StateMachineLogLevel;
  /** Log execution input and output (contact data: mind PII). @default false */
  readonly includeExecutionData?: boolean;
  /** The `start` function. @default 256 MB, 8 s */
  readonly startFunction?: BridgeFunctionOptions;
  /** The `poll` function. @default 256 MB, 5 s */
  readonly pollFunction?: BridgeFunctionOptions;
  /** Where the handler bundles are (`<dir>/<name>/index.js`). @default `dist/handlers` of this repository */
  readonly handlersDir?: string;
}

/** The retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
const NAME_PREFIX = /^[A-Za-z0-9_-]{1,20}$/;
/** Connect gives a synchronous Lambda at most 8 s. */
const CONNECT_LAMBDA_TIMEOUT_SECONDS = 8;

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
  /** The state machines, by operation name. */
  readonly stateMachines: { readonly [operationName: string]: SfnStateMachine };
  /** Each operation's state machine with its role and log group, by operation name. */
  readonly operations: { readonly [operationName: string]: OperationStateMachine };
  /** The functions the Connect instance may invoke (start, poll), with their associations. */
  readonly connectFunctions: ReadonlyArray<LoggedFunction>;

  constructor(scope: Construct, id: string, props: ConnectAsyncBridgeProps) {
    super(scope, id);
    const workflowType = props.workflowType ?? WorkflowType.EXPRESS;
    const problems = validateBridgeProps(props, workflowType);
    if (problems.length > 0) throw new BridgePropsError(this.node.path, problems);

    const prefix = props.namePrefix ?? "connect-async";
    const logRetentionDays = props.logRetentionDays ?? 30;
    const account = this.accountOf(props.connectInstance.instanceArn);
    const instance: ConnectInstanceWiring = { ...props.connectInstance, account };

    // One item per request; DynamoDB deletes expired items lazily, readers also check expiresAt.
    this.table = new DynamodbTable(this, "table", {
      name: `${prefix}-status`,
      billingMode: "PAY_PER_REQUEST",
      hashKey: StatusAttribute.pk,
      attribute: [{ name: StatusAttribute.pk, type: "S" }],
      ttl: { enabled: true, attributeName: TTL_ATTRIBUTE },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      pointInTimeRecovery: { enabled: props.pointInTimeRecovery ?? false },
      deletionProtectionEnabled: props.deletionProtection ?? false,
      tags: props.tags,
    });

    const operations: { [name: string]: OperationStateMachine } = {};
    for (const operationProps of props.operations) {
      const operation = resolveOperation(operationProps);
      operations[operation.name] = this.createStateMachine(operation, { ...props, prefix, workflowType, logRetentionDays, account });
    }
    this.operations = operations;
    this.stateMachines = Object.fromEntries(Object.entries(operations).map(([name, { stateMachine }]) => [name, stateMachine]));

    const operationsConfig: OperationsConfig = Object.fromEntries(
      Object.values(operations).map(({ operation, stateMachine }) => [operation.name, runtimeConfigOf(operation, stateMachine.arn)]),
    );
    const environment = { TABLE_NAME: this.table.name, OPERATIONS: JSON.stringify(operationsConfig) };
    checkEnvironmentSize(this.node.path, environment.OPERATIONS);

    const start = new LoggedFunction(this, "start", {
      functionName: `${prefix}-start`,
      description: "connect-async: starts an operation for a contact flow, or answers from the status table",
      bundle: "start",
      handlersDir: props.handlersDir,
      memorySize: props.startFunction?.memorySize ?? 256,
      timeoutSeconds: props.startFunction?.timeoutSeconds ?? CONNECT_LAMBDA_TIMEOUT_SECONDS,
      environment: { ...environment, POWERTOOLS_SERVICE_NAME: `${prefix}-start` },
      policy: (logGroupArn) =>
        startFunctionPolicy({ tableArn: this.table.arn, stateMachineArns: Object.values(this.stateMachines).map((machine) => machine.arn), logGroupArn, tableKeyArn: props.kmsKeyArn }),
      logRetentionDays,
      tags: props.tags,
    });
    const poll = new LoggedFunction(this, "poll", {
      functionName: `${prefix}-poll`,
      description: "connect-async: reports the status of an operation to a contact flow",
      bundle: "poll",
      handlersDir: props.handlersDir,
      memorySize: props.pollFunction?.memorySize ?? 256,
      timeoutSeconds: props.pollFunction?.timeoutSeconds ?? 5,
      environment: { ...environment, POWERTOOLS_SERVICE_NAME: `${prefix}-poll` },
      policy: (logGroupArn) => pollFunctionPolicy({ tableArn: this.table.arn, logGroupArn, tableKeyArn: props.kmsKeyArn }),
      logRetentionDays,
      tags: props.tags,
    });
    start.allowConnect(instance);
    poll.allowConnect(instance);
    this.startFunction = start.function;
    this.pollFunction = poll.function;
    this.connectFunctions = [start, poll];
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
    const name = `${options.prefix}-${operation.name}`;

    // Express executions have no history API: these logs are the only record of a run.
    const logGroup = new CloudwatchLogGroup(scope, "log-group", {
      name: `/aws/vendedlogs/states/${name}`,
      retentionInDays: options.logRetentionDays,
      tags: options.tags,
    });
    const role = new IamRole(scope, "role", {
      name: `${options.prefix}-sm-${operation.name}`,
      assumeRolePolicy: JSON.stringify(assumeRolePolicy(ServicePrincipal.stepFunctions, options.account)),
      tags: options.tags,
    });
    const policy = new IamRolePolicy(scope, "policy", {
      name: "least-privilege",
      role: role.name,
      policy: JSON.stringify(stateMachinePolicy({ tableArn: this.table.arn, targetArns: operation.targets, tableKeyArn: options.kmsKeyArn })),
    });
    const stateMachine = new SfnStateMachine(scope, "state-machine", {
      name,
      type: options.workflowType,
      roleArn: role.arn,
      definition: JSON.stringify(buildStateMachineDefinition({ operation, tableName: this.table.name })),
      loggingConfiguration: {
        // The log group ARN attribute lacks the ":*" qualifier Step Functions requires.
        logDestination: `${logGroup.arn}:*`,
        level: options.logLevel ?? "ERROR",
        includeExecutionData: options.includeExecutionData ?? false,
      },
      tags: options.tags,
      dependsOn: [policy],
    });
    return { operation, stateMachine, role, logGroup };
  }
}


/**
 * Lambda allows 4 KB of environment variables per function. Estimate the deployed size of OPERATIONS
 * with each Terraform reference at the length of a long state-machine ARN.
 */
function checkEnvironmentSize(constructPath: string, operations: string): void {
  const LAMBDA_ENVIRONMENT_LIMIT = 4096;
  const RESERVED_FOR_OTHER_VARIABLES = 512;
  const estimated = operations.replace(/\$\{TfToken\[[^\]]+\]\}/g, "x".repeat(140)).length;
  if (estimated > LAMBDA_ENVIRONMENT_LIMIT - RESERVED_FOR_OTHER_VARIABLES) {
    throw new BridgePropsError(constructPath, [
      `operations: their settings take about ${estimated} bytes of the start and poll functions' 4 KB environment; split the operations over two bridges`,
    ]);
  }
}

function validateBridgeProps(props: ConnectAsyncBridgeProps, workflowType: WorkflowType): string[] {
  const problems: string[] = [];
  const isUnresolved = (value: string) => Token.isUnresolved(value);
  if (workflowType !== WorkflowType.EXPRESS && workflowType !== WorkflowType.STANDARD) {
    problems.push(`workflowType must be "EXPRESS" or "STANDARD", got "${String(workflowType)}"`);
  }
  problems.push(...validateOperations(props.operations, { workflowType, isUnresolved }));

  const prefix = props.namePrefix;
  if (prefix !== undefined && !isUnresolved(prefix) && !NAME_PREFIX.test(prefix)) {
    problems.push(`namePrefix "${prefix}" must match [A-Za-z0-9_-]{1,20} so that every derived name fits AWS limits; shorten or rename it`);
  }
  const { instanceId, instanceArn } = props.connectInstance;
  if (!isUnresolved(instanceArn) && !/^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/.test(instanceArn)) {
    problems.push(`connectInstance.instanceArn "${instanceArn}" is not a Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<id>)`);
  }
  if (!isUnresolved(instanceId) && !/^[0-9a-f-]{36}$/.test(instanceId)) {
    problems.push(`connectInstance.instanceId "${instanceId}" is not a Connect instance id (a UUID)`);
  }
  if (!isUnresolved(instanceId) && !isUnresolved(instanceArn) && !instanceArn.endsWith(`/${instanceId}`)) {
    problems.push(`connectInstance: instanceArn "${instanceArn}" does not belong to instanceId "${instanceId}"`);
  }
  const retention = props.logRetentionDays;
  if (retention !== undefined && !(LOG_RETENTION_DAYS as ReadonlyArray<number>).includes(retention)) {
    problems.push(`logRetentionDays ${retention} is not a value CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(", ")})`);
  }
  for (const [prop, options] of [["startFunction", props.startFunction] as const, ["pollFunction", props.pollFunction] as const]) {
    const timeout = options?.timeoutSeconds;
    if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1 || timeout > CONNECT_LAMBDA_TIMEOUT_SECONDS)) {
      problems.push(`${prop}.timeoutSeconds must be an integer from 1 to ${CONNECT_LAMBDA_TIMEOUT_SECONDS} (Connect waits at most 8 s), got ${timeout}`);
    }
    const memory = options?.memorySize;
    if (memory !== undefined && (!Number.isInteger(memory) || memory < 128 || memory > 10240)) {
      problems.push(`${prop}.memorySize must be an integer from 128 to 10240 MB, got ${memory}`);
    }
  }
  const fastPathMs = Math.max(0, ...props.operations.map((operation) => operation.fastPathMs ?? 0));
  const startTimeoutMs = (props.startFunction?.timeoutSeconds ?? CONNECT_LAMBDA_TIMEOUT_SECONDS) * 1000;
  if (fastPathMs >= startTimeoutMs - 1000) {
    problems.push(`an operation's fastPathMs (${fastPathMs}) leaves start less than 1 s of its ${startTimeoutMs / 1000} s timeout; lower fastPathMs`);
  }
  return problems;
}
