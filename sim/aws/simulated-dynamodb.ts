/**
 * Puts a DynamoDB client (dynalite's, or the in-process table's) on the simulator's virtual clock: every command costs a
 * fixed virtual round-trip time, holds virtual time still while the real HTTP call is in flight, is
 * counted as a read or a write, and fails like an unreachable endpoint when the scenario takes
 * DynamoDB down, and is throttled (ProvisionedThroughputExceededException) beyond the table's
 * throughput (account-quotas.ts; the SDK's own retries of a throttle are not modelled: the call fails
 * as it would once they are spent). Done around the client's calls (an SDK middleware, or the in-process
 * client's interceptor), so the handlers' store and the state machine's tasks use the client unchanged.
 */
import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { VirtualScheduler } from "../world/clock";
import { InProcessDynamoDbClient } from "./in-process-dynamodb";
import { readRequestUnits } from "./read-request-units";
import type { TokenBucket } from "./token-bucket";

/** Commands that read the table. */
const READ_COMMANDS: ReadonlySet<string> = new Set(["GetItemCommand", "BatchGetItemCommand", "QueryCommand", "ScanCommand", "TransactGetItemsCommand"]);
/** Commands that write the table. */
const WRITE_COMMANDS: ReadonlySet<string> = new Set(["PutItemCommand", "UpdateItemCommand", "DeleteItemCommand", "BatchWriteItemCommand", "TransactWriteItemsCommand"]);

/** Reads and writes, by who made them. */
export class TableCounters {
  readonly reads = new Map<string, number>();
  readonly writes = new Map<string, number>();
  /** Calls refused because the scenario took DynamoDB down. */
  refused = 0;
  /** Calls refused for want of throughput. */
  throttled = 0;
  /** Conditional writes DynamoDB rejected (ConditionalCheckFailedException): lost races, superseded executions. */
  conditionFailures = 0;
  /** What the reads served are billed, in read request units (read-request-units.ts). */
  readRequestUnits = 0;

  count(kind: "read" | "write", source: string): void {
    const map = kind === "read" ? this.reads : this.writes;
    map.set(source, (map.get(source) ?? 0) + 1);
  }

  get totalReads(): number {
    return [...this.reads.values()].reduce((sum, n) => sum + n, 0);
  }

  get totalWrites(): number {
    return [...this.writes.values()].reduce((sum, n) => sum + n, 0);
  }
}

/** Options of {@link instrumentDynamoDb}. */
export interface InstrumentOptions {
  readonly clock: VirtualScheduler;
  /** Virtual time of one round trip. */
  readonly latencyMs: number;
  /** Who uses this client, e.g. `handlers` or `state machine`. */
  readonly source: string;
  readonly counters: TableCounters;
  /** Whether DynamoDB is unreachable right now. */
  readonly unavailable: () => boolean;
  /** The table's read and write throughput. @default unlimited */
  readonly throughput?: { readonly reads: TokenBucket; readonly writes: TokenBucket };
}

/** The error an SDK call to an unreachable endpoint ends with (after the SDK's own retries). */
function unreachableError(): Error {
  return Object.assign(new Error("connect ECONNREFUSED: DynamoDB is unavailable (simulated)"), {
    name: "ServiceUnavailable",
    code: "ECONNREFUSED",
    $fault: "server",
    $metadata: { httpStatusCode: 503, attempts: 3 },
  });
}

/** What DynamoDB answers a call beyond the table's throughput. */
function throttledError(): Error {
  return Object.assign(new Error("The level of configured provisioned throughput for the table was exceeded (simulated)"), {
    name: "ProvisionedThroughputExceededException",
    $fault: "client",
    $metadata: { httpStatusCode: 400, attempts: 1 },
  });
}

/** The read request units of a GetItem: its ConsistentRead flag and the item it returned. */
function billedUnits(input: object, output: object | undefined): number {
  const item = (output as { Item?: { [name: string]: AttributeValue } } | undefined)?.Item;
  return readRequestUnits(item, (input as { ConsistentRead?: boolean }).ConsistentRead === true);
}

/**
 * One table call as the simulated account serves it: a virtual round trip, refused while DynamoDB is
 * down, throttled past the table's throughput, counted, and `call` run with virtual time held still.
 * `outputOf` finds the command's output in what `call` returns.
 */
async function simulatedCall<T>(options: InstrumentOptions, commandName: string, input: object, call: () => Promise<T>, outputOf: (result: T) => object | undefined): Promise<T> {
  const roundTrip = options.clock.sleep(options.latencyMs);
  if (options.unavailable()) {
    options.counters.refused += 1;
    await roundTrip;
    throw unreachableError();
  }
  const bucket = READ_COMMANDS.has(commandName) ? options.throughput?.reads : WRITE_COMMANDS.has(commandName) ? options.throughput?.writes : undefined;
  if (bucket !== undefined && !bucket.tryTake()) {
    options.counters.throttled += 1;
    await roundTrip;
    throw throttledError();
  }
  if (READ_COMMANDS.has(commandName)) options.counters.count("read", options.source);
  if (WRITE_COMMANDS.has(commandName)) options.counters.count("write", options.source);
  try {
    const result = await options.clock.track(call);
    if (commandName === "GetItemCommand") options.counters.readRequestUnits += billedUnits(input, outputOf(result));
    return result;
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") options.counters.conditionFailures += 1;
    throw error;
  } finally {
    await roundTrip;
  }
}

type AddMiddleware = DynamoDBClient["middlewareStack"]["add"];
type InitializeMiddleware = Parameters<AddMiddleware>[0];

/**
 * Puts `client` on the simulated account and returns it: the in-process table's client through its
 * interceptor, any other (dynalite's) through an SDK middleware ahead of the SDK's own retries.
 */
export function instrumentDynamoDb(client: DynamoDBClient, options: InstrumentOptions): DynamoDBClient {
  if (client instanceof InProcessDynamoDbClient) {
    client.intercept = (commandName, input, call) => simulatedCall(options, commandName, input, call, (output) => output);
    return client;
  }
  const middleware = ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) =>
    simulatedCall(options, context.commandName ?? "", (args as { input?: object }).input ?? {}, () => next(args), (result) => (result as { output?: object }).output)) as unknown as InitializeMiddleware;
  client.middlewareStack.add(middleware, { step: "initialize", name: "connectAsyncSimulator", priority: "high" } as never);
  return client;
}
