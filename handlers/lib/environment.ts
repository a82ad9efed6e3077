/**
 * The handlers' edge: dependencies built from environment variables once per cold start. A bad
 * configuration does not crash the import (Connect would only see a Lambda error); instead every call
 * answers ERROR with `asyncErrorCode=CONFIGURATION` and the log says what to fix.
 *
 * Environment:
 * - `TABLE_NAME`: the status table.
 * - `OPERATIONS_FILE` (a path; relative to `LAMBDA_TASK_ROOT`, else the bundle's folder) or `OPERATIONS`
 *   (the JSON itself): the operations, see operations-config.ts and operations-source.ts;
 *   `STATE_MACHINE_ARN_PREFIX` completes entries without a `stateMachineArn`. With `OPERATIONS_SOURCE=table`
 *   (the generic Terraform module) the operations are config items in the status table instead, see
 *   table-operations-source.ts.
 * - `REQUEST_ID_KEY_SECRET_ARN` (the bridge sets it) or `REQUEST_ID_KEY` (tests, local runs): the
 *   request-id key, see request-id-key.ts. Without either, every call answers CONFIGURATION.
 * - `CONNECT_TIME_LIMIT_MS`, optional: how long Connect waits for this function when it invokes it
 *   synchronously (the block's time limit), 1000-8000; the handler answers a margin before it.
 *   Defaults: 4000 for start, 3000 for poll, the async macro's block limits.
 * - `POWERTOOLS_METRICS_NAMESPACE`, optional: the metrics' namespace (default `ConnectAsync`);
 *   `POWERTOOLS_SERVICE_NAME` is their `service` dimension, see metrics/metric-name.ts.
 * SDK clients take the default config plus timeouts (aws-clients.ts), so `AWS_ENDPOINT_URL_DYNAMODB`,
 * `AWS_ENDPOINT_URL_SFN`, `AWS_ENDPOINT_URL_SECRETS_MANAGER` and the runtime's region apply.
 */
import { createDynamoDbClient, createSecretsManagerClient } from "./aws-clients";
import { type Sleep, systemClock, timerSleep } from "./clock";
import { MAX_CONNECT_LIMIT_MS } from "./deadline";
import { DynamoDbRequestStore } from "./dynamodb-request-store";
import { parseConnectRequest } from "./connect-request";
import { ConfigurationError, describeCause } from "./errors";
import type { PollDependencies } from "./handler-dependencies";
import { answer, type ConnectHandler } from "./invocation";
import { createPowertoolsLogger, type InvocationLogger } from "./invocation-logger";
import { createEmfMetricsSink, type MetricsSink } from "./metrics/metrics-sink";
import { readOperationsConfig } from "./operations-source";
import { emptyOperationsMap, OperationsSourceVariable, TableOperationsSource, tableOperationsLoader } from "./table-operations-source";
import { parseRequestIdKeySecret, type RequestIdKeySource, staticRequestIdKeys } from "./request-id-key";
import { SecretsManagerRequestIdKeys } from "./secrets-manager-request-id-keys";

/** The shortest `CONNECT_TIME_LIMIT_MS` accepted: below it no DynamoDB round trip reliably fits. */
const MIN_CONNECT_LIMIT_MS = 1000;

/** The dependencies every handler shares, from the environment. */
export interface EnvironmentDependencies extends PollDependencies {
  /** A real timer. */
  readonly sleep: Sleep;
}

/** Options of {@link handlerFromEnvironment}; tests replace the defaults. */
export interface EnvironmentOptions {
  /** The variables to read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The logger. @default Powertools' Logger for the handler */
  readonly logger?: InvocationLogger;
  /** The metrics sink. @default EMF lines on stdout (metrics/metrics-sink.ts) */
  readonly metrics?: MetricsSink;
  /** Where a relative `OPERATIONS_FILE` resolves when `LAMBDA_TASK_ROOT` is unset. @default this bundle's folder */
  readonly handlerDir?: string;
}

/**
 * Builds a handler from the environment with `create`, or a handler that answers CONFIGURATION to
 * every call when the environment is unusable.
 */
export function handlerFromEnvironment(
  handlerName: string,
  create: (dependencies: EnvironmentDependencies) => ConnectHandler,
  options: EnvironmentOptions = {},
): ConnectHandler {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createPowertoolsLogger(handlerName);
  const metrics = options.metrics ?? createEmfMetricsSink(handlerName, env, logger);
  try {
    const tableName = env.TABLE_NAME;
    if (tableName === undefined || tableName === "") throw new ConfigurationError("TABLE_NAME is not set; it must name the status table");
    const fromTable = env[OperationsSourceVariable.name] === OperationsSourceVariable.table;
    const fixed = fromTable ? undefined : readOperationsConfig(env, options.handlerDir ?? __dirname);
    const connectTimeLimitMs = readConnectTimeLimit(env.CONNECT_TIME_LIMIT_MS);
    const requestIdKeys = requestIdKeysFromEnvironment(env);
    // One client, one connection pool, for the status items and the operations' config items alike.
    const client = createDynamoDbClient();
    const store = new DynamoDbRequestStore({ client, tableName, clock: systemClock });
    const dependencies = { store, clock: systemClock, sleep: timerSleep, logger, metrics, requestIdKeys, connectTimeLimitMs };
    if (fixed !== undefined) return create({ ...dependencies, operations: fixed.operations, refusedOperations: fixed.refused });
    // The generic Terraform module's config items, read within each call's deadline (table-operations-source.ts).
    const operations = emptyOperationsMap();
    const loadOperation = tableOperationsLoader(new TableOperationsSource({ client, tableName, clock: systemClock }), operations);
    return create({ ...dependencies, operations, loadOperation });
  } catch (thrown) {
    return failingHandler(handlerName, { logger, metrics }, thrown instanceof ConfigurationError ? thrown : new ConfigurationError(describeCause(thrown), { cause: thrown }));
  }
}

/** A handler that answers every call with `failure` (ERROR, its code), logged as any invocation is. */
function failingHandler(handlerName: string, sinks: { readonly logger: InvocationLogger; readonly metrics: MetricsSink }, failure: unknown): ConnectHandler {
  return (event, context) =>
    answer(
      { clock: systemClock, ...sinks },
      handlerName,
      async (invocation) => {
        // The contact still goes on the line, so the saved one-contact query finds the failure too.
        invocation.contactId = contactIdOf(event);
        throw failure;
      },
      { lambdaContext: context },
    );
}

/** The event's ContactId, if it has a usable one. */
function contactIdOf(event: unknown): string | undefined {
  try {
    return parseConnectRequest(event).contactId;
  } catch {
    return undefined;
  }
}

/** The key source the environment names; the secret's first read starts now, during the cold start. */
function requestIdKeysFromEnvironment(env: NodeJS.ProcessEnv): RequestIdKeySource {
  const secretArn = env.REQUEST_ID_KEY_SECRET_ARN;
  const key = env.REQUEST_ID_KEY;
  const hasSecret = secretArn !== undefined && secretArn !== "";
  const hasKey = key !== undefined && key !== "";
  if (hasSecret && hasKey) throw new ConfigurationError("both REQUEST_ID_KEY_SECRET_ARN and REQUEST_ID_KEY are set; set only one");
  if (hasKey) {
    const { current, previous } = parseRequestIdKeySecret(key, "REQUEST_ID_KEY");
    return staticRequestIdKeys(current, previous, "REQUEST_ID_KEY");
  }
  if (!hasSecret) {
    throw new ConfigurationError(
      "no request-id key: set REQUEST_ID_KEY_SECRET_ARN to the Secrets Manager secret holding it (the bridge does), or REQUEST_ID_KEY for a local run; request ids are never derived without a key",
    );
  }
  const source = new SecretsManagerRequestIdKeys({ secretId: secretArn, client: createSecretsManagerClient() });
  source.prime();
  return source;
}

/** `CONNECT_TIME_LIMIT_MS`, when set. */
function readConnectTimeLimit(text: string | undefined): number | undefined {
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < MIN_CONNECT_LIMIT_MS || value > MAX_CONNECT_LIMIT_MS) {
    throw new ConfigurationError(
      `CONNECT_TIME_LIMIT_MS must be whole milliseconds from ${MIN_CONNECT_LIMIT_MS} to ${MAX_CONNECT_LIMIT_MS} (the Lambda block's time limit), got ${JSON.stringify(text)}; leave it unset for the macro's defaults`,
    );
  }
  return value;
}
