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
 * the call answers STORE_UNAVAILABLE (STORE_TIMEOUT when it ran out of time).
 *
 * The read is part of the call: it is bounded by the call's deadline and aborted at it
 * ({@link tableOperationsLoader}), so `start` answers within its block's limit even when the table
 * trickles or hangs. Its failures never name the operation: until the item is read, the name is only a
 * parameter value (it matched the name pattern, but a digits-only phone number does too).
 *
 * Enabled by `OPERATIONS_SOURCE=table` (environment.ts); OPERATIONS and OPERATIONS_FILE must then be unset.
 */
import { GetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Clock } from "./clock";
import { type Deadline, isTimeout } from "./deadline";
import { ConfigurationError, RequestStoreError, StoreTimeoutError } from "./errors";
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
   * The operation's configuration, or undefined when the table has no item for it. The read is raced
   * against `deadline` and aborted at it.
   * @throws ConfigurationError when the item is malformed (naming the item and each problem)
   * @throws RequestStoreError / StoreTimeoutError when the table cannot be read in time and nothing was read before
   */
  async get(operationName: string, deadline?: Deadline): Promise<OperationRuntimeConfig | undefined> {
    const now = this.options.clock();
    const cached = this.cache.get(operationName);
    if (cached !== undefined && now - cached.readAtEpochMs < this.maxAgeMs) return cached.operation;
    let operation: OperationRuntimeConfig | undefined;
    try {
      operation = await this.read(operationName, deadline);
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      if (cached !== undefined) return cached.operation;
      if (isTimeout(error)) throw new StoreTimeoutError(CONFIG_ITEM_OF_THE_CALL, "read the operation's settings", { cause: error });
      throw new RequestStoreError(CONFIG_ITEM_OF_THE_CALL, "read the operation's settings", { cause: error });
    }
    this.cache.set(operationName, { operation, readAtEpochMs: now });
    return operation;
  }

  private async read(operationName: string, deadline: Deadline | undefined): Promise<OperationRuntimeConfig | undefined> {
    const key = operationConfigKey(operationName);
    const command = new GetItemCommand({ TableName: this.options.tableName, Key: { [StatusAttribute.pk]: { S: key } }, ConsistentRead: false });
    const send = (abortSignal?: AbortSignal) => this.options.client.send(command, { abortSignal });
    const { Item: item } = deadline === undefined ? await send() : await deadline.run(send);
    if (item === undefined) return undefined;
    // The item exists, so the operation is configured and its name may appear in messages.
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

/** How a failed config read names its item: not by the operation, whose name is still only a parameter value. */
const CONFIG_ITEM_OF_THE_CALL = "the config item of the operation the call names";

/**
 * Loads an operation's config item into `operations` (the map the handlers were built with) before the
 * call uses it, within the call's deadline: `loadOperation` of the handlers' dependencies. An item gone
 * from the table is removed from the map. A Lambda instance runs one call at a time, so the shared map
 * never changes under a running call for the operation it serves.
 */
export function tableOperationsLoader(source: TableOperationsSource, operations: Record<string, OperationRuntimeConfig>): (operationName: string, deadline: Deadline) => Promise<void> {
  return async (operationName, deadline) => {
    const operation = await source.get(operationName, deadline);
    if (operation === undefined) delete operations[operationName];
    else operations[operationName] = operation;
  };
}

/** An empty operations map for {@link tableOperationsLoader}: no prototype, so no name is ever an inherited member. */
export function emptyOperationsMap(): Record<string, OperationRuntimeConfig> & OperationsConfig {
  return Object.create(null) as Record<string, OperationRuntimeConfig>;
}
