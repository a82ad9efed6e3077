/**
 * The bridge's function and table settings, in one place: the construct (connect-async-bridge.ts, with
 * logged-function.ts) and the generic module writer (generic-module/generic-bridge.ts) both read them, so
 * a bridge built in TypeScript and one built from tfvars get the same runtime, sizes, names, environment,
 * log retention and table. Plain values and pure functions: no cdktf at run time (the table config's
 * type is erased), so tools that do not synthesize can read them too.
 *
 * The long poll's defaults and the account rule its reserve respects have their own file,
 * long-poll-defaults.ts, which the simulator reads; they are gathered here with the rest.
 */
import type { DynamodbTableConfig } from "@cdktf/provider-aws/lib/dynamodb-table";
import { MAX_ASYNC_LAMBDA_SECONDS, MAX_SYNC_LAMBDA_SECONDS } from "../flows/validation/lambda-rules";
import { StatusAttribute, TTL_ATTRIBUTE } from "../handlers/lib/status-item";
import { DEFAULT_LONG_POLL_MEMORY_MB, DEFAULT_LONG_POLL_RESERVED_CONCURRENCY } from "./long-poll-defaults";

/** The Lambda runtime every function of this project uses. */
export const LAMBDA_RUNTIME = "nodejs22.x";
/** The Lambda architecture every function of this project uses. */
export const LAMBDA_ARCHITECTURE = "arm64";
/** The entry Lambda runs in every zip (the bundle's `index.js` exports `handler`). */
export const LAMBDA_HANDLER = "index.handler";
/** Lambda's memory limits in MB, inclusive. */
export const LAMBDA_MEMORY_MB = { min: 128, max: 10240 } as const;
/** A function's memory when nothing else is said: enough CPU for a quick cold start. */
export const DEFAULT_FUNCTION_MEMORY_MB = 256;

/** The prefix of every resource name when none is given. */
export const DEFAULT_NAME_PREFIX = "connect-async";
/** What a name prefix must match, so that names such as `<prefix>-sm-<operation>` fit IAM's 64 characters. */
export const NAME_PREFIX_PATTERN = /^[A-Za-z0-9_-]{1,20}$/;
/** What a Connect instance id (a UUID) looks like. */
export const CONNECT_INSTANCE_ID_PATTERN = /^[0-9a-f-]{36}$/;

/** The retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** Retention of every log group of the bridge when none is given, in days. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;

/** The level of the state machines' execution logs. */
export type StateMachineLogLevel = "ALL" | "ERROR" | "FATAL" | "OFF";
/** The state machines' log level when none is given: failures only, no contact data. */
export const DEFAULT_STATE_MACHINE_LOG_LEVEL: StateMachineLogLevel = "ERROR";

/** Connect gives a synchronous Lambda at most 8 s. */
export const CONNECT_LAMBDA_TIMEOUT_SECONDS = MAX_SYNC_LAMBDA_SECONDS;
/** Connect gives an asynchronous Lambda at most 60 s (the event strategy invokes poll that way). */
export const CONNECT_ASYNC_LAMBDA_TIMEOUT_SECONDS = MAX_ASYNC_LAMBDA_SECONDS;
/** poll's default timeout: the whole asynchronous limit, which its long poll fills less a margin. */
export const DEFAULT_POLL_TIMEOUT_SECONDS = CONNECT_ASYNC_LAMBDA_TIMEOUT_SECONDS;

/** One of the functions Connect invokes, as both writers create it. */
export interface BridgeFunctionSettings {
  /** The construct id, and the function name's suffix (`<prefix>-<id>`). */
  readonly id: string;
  /** The handler bundle it runs (`dist/handlers/<bundle>/index.js`), hence the contract it serves. */
  readonly bundle: "start" | "poll";
  /** The description shown in the console. */
  readonly description: string;
  /** Memory in MB when none is given. */
  readonly memorySize: number;
  /** Timeout in seconds when none is given. */
  readonly timeoutSeconds: number;
  /** Concurrent executions reserved for it when none is given. @default none: the account's unreserved pool */
  readonly reservedConcurrency?: number;
}

/** The functions Connect invokes and their defaults. */
export const BridgeFunctions = {
  start: {
    id: "start",
    bundle: "start",
    description: "connect-async: starts an operation for a contact flow, or answers from the status table",
    memorySize: DEFAULT_FUNCTION_MEMORY_MB,
    timeoutSeconds: CONNECT_LAMBDA_TIMEOUT_SECONDS,
  },
  poll: {
    id: "poll",
    bundle: "poll",
    description: "connect-async: reports the status of an operation to a contact flow",
    memorySize: DEFAULT_FUNCTION_MEMORY_MB,
    timeoutSeconds: DEFAULT_POLL_TIMEOUT_SECONDS,
  },
  /** poll's handler under its own name, with its own reserve (ConnectAsyncBridge's `longPoll`). */
  longPoll: {
    id: "long-poll",
    bundle: "poll",
    description: "connect-async: waits for an operation's outcome for the event strategy (asynchronous long poll, reserved concurrency)",
    memorySize: DEFAULT_LONG_POLL_MEMORY_MB,
    timeoutSeconds: DEFAULT_POLL_TIMEOUT_SECONDS,
    reservedConcurrency: DEFAULT_LONG_POLL_RESERVED_CONCURRENCY,
  },
} as const satisfies { readonly [key: string]: BridgeFunctionSettings };

/** The environment variables the bridge gives `start` and `poll` (the handlers' side of the contract). */
export const BridgeEnvironment = {
  /** The status table's name. */
  tableName: "TABLE_NAME",
  /** The operations file inside the zip, relative to the function's root. */
  operationsFile: "OPERATIONS_FILE",
  /** `arn:<partition>:states:<region>:<account>:stateMachine:<namePrefix>-`; append the operation name. */
  stateMachineArnPrefix: "STATE_MACHINE_ARN_PREFIX",
  /** The Secrets Manager secret holding the request-id key. */
  requestIdKeySecretArn: "REQUEST_ID_KEY_SECRET_ARN",
  /** The log's service name, and the `service` dimension of the metrics (Powertools). */
  serviceName: "POWERTOOLS_SERVICE_NAME",
  /** The metrics' CloudWatch namespace (Powertools). */
  metricsNamespace: "POWERTOOLS_METRICS_NAMESPACE",
} as const;

/** The operations file's name in the start and poll zips. */
export const OPERATIONS_FILE_NAME = "operations.json";

/** What {@link bridgeEnvironment} needs: values or Terraform references. */
export interface BridgeEnvironmentValues {
  readonly tableName: string;
  /** Where the handlers find the operations: a variable name and its value (the construct's file, the module's table). */
  readonly operationsSource: readonly [name: string, value: string];
  readonly stateMachineArnPrefix: string;
  readonly requestIdKeySecretArn: string;
  readonly metricsNamespace: string;
}

/** The environment every bridge function shares; {@link bridgeFunctionBasics} adds each one's service name. */
export function bridgeEnvironment(values: BridgeEnvironmentValues): { readonly [name: string]: string } {
  return {
    [BridgeEnvironment.tableName]: values.tableName,
    [values.operationsSource[0]]: values.operationsSource[1],
    [BridgeEnvironment.stateMachineArnPrefix]: values.stateMachineArnPrefix,
    [BridgeEnvironment.requestIdKeySecretArn]: values.requestIdKeySecretArn,
    [BridgeEnvironment.metricsNamespace]: values.metricsNamespace,
  };
}

/** What every writer gives a bridge function from its settings (the rest, size and policy, is the writer's). */
export interface BridgeFunctionBasics {
  readonly functionName: string;
  readonly description: string;
  readonly bundle: string;
  /** The shared environment, with the function's name as its logs' and metrics' service. */
  readonly environment: { readonly [name: string]: string };
}

/** A bridge function's name, description, bundle and environment, from the prefix and the shared environment. */
export function bridgeFunctionBasics(prefix: string, fn: BridgeFunctionSettings, environment: { readonly [name: string]: string }): BridgeFunctionBasics {
  const functionName = BridgeNames.function(prefix, fn);
  return { functionName, description: fn.description, bundle: fn.bundle, environment: { ...environment, [BridgeEnvironment.serviceName]: functionName } };
}

/** What {@link statusTableConfig} needs: values or Terraform references. */
export interface StatusTableOptions {
  readonly prefix: string;
  /** A customer managed key; undefined: the AWS managed key. */
  readonly kmsKeyArn?: string;
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  readonly tags?: { readonly [key: string]: string };
}

/**
 * The status table (DESIGN.md, "Status item"): one item per request, keyed by `pk`, on demand, with TTL
 * on `expiresAt`. DynamoDB deletes expired items lazily; readers also check `expiresAt`.
 */
export function statusTableConfig(options: StatusTableOptions): DynamodbTableConfig {
  return {
    name: `${options.prefix}-status`,
    billingMode: "PAY_PER_REQUEST",
    hashKey: StatusAttribute.pk,
    attribute: [{ name: StatusAttribute.pk, type: "S" }],
    ttl: { enabled: true, attributeName: TTL_ATTRIBUTE },
    serverSideEncryption: { enabled: true, kmsKeyArn: options.kmsKeyArn },
    pointInTimeRecovery: { enabled: options.pointInTimeRecovery },
    deletionProtectionEnabled: options.deletionProtection,
    tags: options.tags,
  };
}

/** Where an account's state machines are: what {@link BridgeNames.stateMachineArnPrefix} joins. */
export interface StateMachineArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly prefix: string;
}

/** The names the bridge gives its resources, from the prefix; parts may be Terraform references (`${each.key}`). */
export const BridgeNames = {
  /** `<prefix>-<id>`: a function, its role, and its logs' and metrics' service. */
  function: (prefix: string, fn: BridgeFunctionSettings): string => `${prefix}-${fn.id}`,
  /** `<prefix>-<operation>`: an operation's state machine. */
  stateMachine: (prefix: string, operationName: string): string => `${prefix}-${operationName}`,
  /** `<prefix>-sm-<operation>`: its role. */
  stateMachineRole: (prefix: string, operationName: string): string => `${prefix}-sm-${operationName}`,
  /** A state machine's log group; the `/aws/vendedlogs/` path keeps CloudWatch Logs' resource policy small. */
  stateMachineLogGroup: (machineName: string): string => `/aws/vendedlogs/states/${machineName}`,
  /**
   * `arn:<partition>:states:<region>:<account>:stateMachine:<prefix>-`: an operation's state machine ARN
   * less its name. Built from names, not from the resources, so a role's trust can name its state machine
   * without a dependency cycle, and the zips need no ARN.
   */
  stateMachineArnPrefix: (parts: StateMachineArnParts): string => `arn:${parts.partition}:states:${parts.region}:${parts.account}:stateMachine:${parts.prefix}-`,
} as const;
