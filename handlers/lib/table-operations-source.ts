/**
 * Operations read from the status table, for the generic Terraform module (terraform/connect-async):
 * Terraform cannot rebuild the Lambda zip from a variable without another provider, so it writes one
 * config item per operation into the status table instead, and the handlers read it on first use.
 *
 * The item: `pk` = `#operation#<name>` (a `#` never starts a request id, whose first part is an
 * operation name), and `config`, the operation's entry as JSON text, the same object OPERATIONS and
 * OPERATIONS_FILE hold per operation (operations-config.ts), parsed and checked by the same code.
 *
 * Each operation is cached for {@link DEFAULT_OPERATION_CONFIG_MAX_AGE_MS}, absent ones too, so a
 * changed tfvars file is in force within half a minute of `terraform apply`, with no redeploy, and a
 * busy function reads each item about twice a minute. When a read fails, the last value read is served
 * (a configuration rarely changes; a table outage should not turn into UNKNOWN_OPERATION); with none,
 * the call answers STORE_UNAVAILABLE.
 *
 * Enabled by `OPERATIONS_SOURCE=table` (environment.ts); OPERATIONS and OPERATIONS_FILE must then be unset.
 */
import { GetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Clock } from "./clock";
import { ConfigurationError, RequestStoreError } from "./errors";
import type { ConnectHandler } from "./invocation";
import { parseOperationsConfig, type OperationRuntimeConfig, type OperationsConfig } from "./operations-config";
import { StatusAttribute } from "./status-item";

/** `OPERATIONS_SOURCE=table` selects this source. */
export const OperationsSourceVariable = { name: "OPERATIONS_SOURCE", table: "table" } as const;

/** The config item's key prefix; the operation's name follows. */
export const OPERATION_CONFIG_KEY_PREFIX = "#operation#";

/** The config item's attribute holding the operation's entry as JSON text. */
export const OPERATION_CONFIG_ATTRIBUTE = "config";

/** How long an operation's config item is trusted before it is read again. */
export const DEFAULT_OPERATION_CONFIG_MAX_AGE_MS = 30_000;

/** The config item's `pk` for an operation. */
export function operationConfigKey(operationName: string): string {
  return `${OPERATION_CONFIG_KEY_PREFIX}${operationName}`;
}

/** Options of {@link TableOperationsSource}. */
export interface TableOperationsSourceOptions {
  /** The DynamoDB client. */
  readonly client: DynamoDBClient;
  /** The status table, which holds the config items. */
  readonly tableName: string;
  /** Epoch ms; decides when a cached item is read again. */
  readonly clock: Clock;
  /** How long a read item (or its absence) is served from memory. @default DEFAULT_OPERATION_CONFIG_MAX_AGE_MS */
  readonly maxAgeMs?: number;
}

interface CachedOperation {
  readonly operation: OperationRuntimeConfig | undefined;
  readonly readAtEpochMs: number;
}

/** Reads operations' config items on first use and caches them briefly. */
export class TableOperationsSource {
  private readonly cache = new Map<string, CachedOperation>();
  private readonly maxAgeMs: number;

  constructor(private readonly options: TableOperationsSourceOptions) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_OPERATION_CONFIG_MAX_AGE_MS;
  }

  /**
   * The operation's configuration, or undefined when the table has no item for it.
   * @throws ConfigurationError when the item is malformed (naming the item and each problem)
   * @throws RequestStoreError when the table cannot be read and nothing was read before
   */
  async get(operationName: string): Promise<OperationRuntimeConfig | undefined> {
    const now = this.options.clock();
    const cached = this.cache.get(operationName);
    if (cached !== undefined && now - cached.readAtEpochMs < this.maxAgeMs) return cached.operation;
    let operation: OperationRuntimeConfig | undefined;
    try {
      operation = await this.read(operationName);
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      if (cached !== undefined) return cached.operation;
      throw new RequestStoreError(operationConfigKey(operationName), "read the operation's configuration", { cause: error });
    }
    this.cache.set(operationName, { operation, readAtEpochMs: now });
    return operation;
  }

  private async read(operationName: string): Promise<OperationRuntimeConfig | undefined> {
    const key = operationConfigKey(operationName);
    const { Item: item } = await this.options.client.send(
      new GetItemCommand({ TableName: this.options.tableName, Key: { [StatusAttribute.pk]: { S: key } }, ConsistentRead: false }),
    );
    if (item === undefined) return undefined;
    const origin = `the config item ${JSON.stringify(key)} in table ${this.options.tableName}`;
    const text = item[OPERATION_CONFIG_ATTRIBUTE]?.S;
    if (text === undefined) throw new ConfigurationError(`${origin} has no string attribute "${OPERATION_CONFIG_ATTRIBUTE}"; write the operation's settings there as JSON text (the generic module does)`);
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch (error) {
      throw new ConfigurationError(`${origin} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Terraform's jsonencode writes an optional attribute left out as null; the parser expects it absent.
    const withoutNulls = typeof entry === "object" && entry !== null && !Array.isArray(entry) ? Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== null)) : entry;
    return parseOperationsConfig(JSON.stringify({ [operationName]: withoutNulls }), origin)[operationName];
  }
}

/**
 * The operation names an event may need: start's `operation` parameter, and the operation a request id
 * (`<operation>#…`, poll's `asyncRequestId`) starts with.
 */
export function operationNamesOf(event: unknown): string[] {
  const parameters = (event as { Details?: { Parameters?: Record<string, unknown> } } | undefined)?.Details?.Parameters;
  if (typeof parameters !== "object" || parameters === null) return [];
  const names: string[] = [];
  if (typeof parameters.operation === "string") names.push(parameters.operation);
  if (typeof parameters.asyncRequestId === "string" && parameters.asyncRequestId.includes("#")) names.push(parameters.asyncRequestId.slice(0, parameters.asyncRequestId.indexOf("#")));
  return names.filter((name, index) => name !== "" && names.indexOf(name) === index);
}

/**
 * A handler whose operations come from the table: before each call, the operations the event names
 * are loaded into the map the handler was built with (and removed when their item is gone), so start
 * and poll read them exactly as they read OPERATIONS_FILE. A Lambda instance runs one call at a time,
 * so the shared map never changes under a running call for the operation it serves.
 *
 * `onLoadFailure` answers a call whose operation could not be loaded (a malformed item, an unreadable
 * table with nothing cached), with the error's code.
 */
export function handlerWithTableOperations(
  source: TableOperationsSource,
  build: (operations: OperationsConfig) => ConnectHandler,
  onLoadFailure: (error: unknown) => ConnectHandler,
): ConnectHandler {
  const operations: Record<string, OperationRuntimeConfig> = {};
  const handler = build(operations);
  return async (event, context) => {
    try {
      for (const name of operationNamesOf(event)) {
        const operation = await source.get(name);
        if (operation === undefined) delete operations[name];
        else operations[name] = operation;
      }
    } catch (error) {
      return onLoadFailure(error)(event, context);
    }
    return handler(event, context);
  };
}
