/**
 * The status table in process, for crowds: a DynamoDB client whose commands never leave the process.
 * Its `send` answers each command from a map of items: GetItem, PutItem, UpdateItem and DeleteItem on
 * tables with a string hash key, with the condition and update expressions the bridge uses
 * (dynamodb-expression.ts), conditional-check failures with ReturnValuesOnConditionCheckFailure (thrown
 * as the SDK's own exception classes), and always-consistent reads, like dynalite. Inputs and outputs
 * are copied through JSON, as the wire would, so no caller shares an object with the table. Its callers
 * (the request store, the state machine's DynamoDB tasks) are unchanged; the simulator's accounting
 * (simulated-dynamodb.ts) wraps each call through {@link InProcessDynamoDbClient.intercept}.
 * __tests__/sim/in-process-dynamodb.test.ts runs the same request-store cases against this and dynalite
 * and requires the same answers.
 *
 * Why: a crowd makes a table call every 200 ms per waiting caller (the long poll), over a million for
 * 10,000 callers. Over loopback HTTP to dynalite they cost most of a crowd simulation's time, and even
 * through the SDK's serializers and middleware stack in process they were half of it.
 */
import { type AttributeValue, DynamoDBClient, DynamoDBServiceException } from "@aws-sdk/client-dynamodb";
import * as DynamoDbExceptions from "@aws-sdk/client-dynamodb";
import { evaluateCondition, evaluateSet, type AttributeMap, type ExpressionContext } from "./dynamodb-expression";
import { LOCAL_AWS_ENVIRONMENT, type LocalDynamoDb } from "./local-dynamodb";

/** A failed request, as DynamoDB's JSON protocol reports it. */
class DynamoDbFault {
  constructor(
    readonly type: string,
    readonly message: string,
    readonly extra: object = {},
  ) {}
}

interface Table {
  readonly hashKey: string;
  readonly items: Map<string, AttributeMap>;
}

/** The tables and the operations on them. */
class InProcessTables {
  private readonly tables = new Map<string, Table>();

  handle(operation: string, input: Record<string, unknown>): object {
    switch (operation) {
      case "CreateTable":
        return this.createTable(input);
      case "GetItem": {
        const item = this.table(input).items.get(this.keyOf(input));
        return item === undefined ? {} : { Item: item };
      }
      case "PutItem":
        return this.putItem(input);
      case "UpdateItem":
        return this.updateItem(input);
      case "DeleteItem":
        this.table(input).items.delete(this.keyOf(input));
        return {};
      default:
        throw new DynamoDbFault("com.amazon.coral.service#UnknownOperationException", `the in-process table does not implement ${operation}; run on dynalite`);
    }
  }

  private createTable(input: Record<string, unknown>): object {
    const name = String(input.TableName);
    const schema = (input.KeySchema as Array<{ AttributeName: string; KeyType: string }>) ?? [];
    if (schema.length !== 1 || schema[0].KeyType !== "HASH") throw new DynamoDbFault("com.amazonaws.dynamodb.v20120810#ValidationException", "the in-process table supports a single hash key only");
    if (this.tables.has(name)) throw new DynamoDbFault("com.amazonaws.dynamodb.v20120810#ResourceInUseException", `Table already exists: ${name}`);
    this.tables.set(name, { hashKey: schema[0].AttributeName, items: new Map() });
    return { TableDescription: { TableName: name, TableStatus: "ACTIVE" } };
  }

  private table(input: Record<string, unknown>): Table {
    const table = this.tables.get(String(input.TableName));
    if (table === undefined) throw new DynamoDbFault("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "Requested resource not found");
    return table;
  }

  private keyOf(input: Record<string, unknown>, item?: AttributeMap): string {
    const table = this.table(input);
    const key = (item ?? (input.Key as AttributeMap | undefined))?.[table.hashKey];
    if (key?.S === undefined) throw new DynamoDbFault("com.amazonaws.dynamodb.v20120810#ValidationException", "The provided key element does not match the schema");
    return key.S;
  }

  private context(input: Record<string, unknown>): ExpressionContext {
    return { names: (input.ExpressionAttributeNames as ExpressionContext["names"]) ?? {}, values: (input.ExpressionAttributeValues as AttributeMap) ?? {} };
  }

  /** Throws the conditional-check failure (with the old item when asked) unless the condition holds. */
  private check(input: Record<string, unknown>, existing: AttributeMap | undefined): void {
    const condition = input.ConditionExpression;
    if (typeof condition !== "string" || evaluateCondition(condition, existing, this.context(input))) return;
    const withOld = input.ReturnValuesOnConditionCheckFailure === "ALL_OLD" && existing !== undefined ? { Item: existing } : {};
    throw new DynamoDbFault("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "The conditional request failed", withOld);
  }

  private putItem(input: Record<string, unknown>): object {
    const item = input.Item as AttributeMap;
    const key = this.keyOf(input, item);
    const items = this.table(input).items;
    this.check(input, items.get(key));
    items.set(key, { ...item });
    return {};
  }

  private updateItem(input: Record<string, unknown>): object {
    const key = this.keyOf(input);
    const table = this.table(input);
    const existing = table.items.get(key);
    this.check(input, existing);
    const assigned = typeof input.UpdateExpression === "string" ? evaluateSet(input.UpdateExpression, this.context(input)) : {};
    table.items.set(key, { ...(existing ?? { [table.hashKey]: { S: key } as AttributeValue }), ...assigned });
    return {};
  }
}

/** Wraps one command's answer: the simulator's latency, throttling and counting (simulated-dynamodb.ts). */
export type CallInterceptor = (commandName: string, input: object, call: () => Promise<object>) => Promise<object>;

type Command = { readonly constructor: { readonly name: string }; readonly input: object };

/** Operation names by the SDK command that asks for them. */
const COMMAND_SUFFIX = "Command";

/** A DynamoDB client answered by {@link InProcessTables}, without the SDK's serializers or middleware. */
export class InProcessDynamoDbClient extends DynamoDBClient {
  /** What the simulator wraps each call in; none: the call is answered as it is. */
  intercept?: CallInterceptor;

  constructor(private readonly tables: InProcessTables) {
    super({
      region: LOCAL_AWS_ENVIRONMENT.AWS_REGION,
      credentials: { accessKeyId: LOCAL_AWS_ENVIRONMENT.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENVIRONMENT.AWS_SECRET_ACCESS_KEY },
    });
    // An instance property, so every overload of the SDK's send resolves here.
    this.send = ((command: Command) => this.answer(command)) as DynamoDBClient["send"];
  }

  private answer(command: Command): Promise<object> {
    const commandName = command.constructor.name;
    const call = async (): Promise<object> => ({ ...this.handle(commandName, command.input), $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 } });
    return this.intercept === undefined ? call() : this.intercept(commandName, command.input, call);
  }

  private handle(commandName: string, input: object): object {
    const operation = commandName.endsWith(COMMAND_SUFFIX) ? commandName.slice(0, -COMMAND_SUFFIX.length) : commandName;
    try {
      return copied(this.tables.handle(operation, copied(input) as Record<string, unknown>));
    } catch (error) {
      if (error instanceof DynamoDbFault) throw sdkException(error);
      throw error;
    }
  }
}

/**
 * A copy as the wire makes one: plain objects and arrays copied member by member, undefined members
 * dropped, nothing shared. (Not JSON text, which cost a tenth of a crowd's time; not structuredClone,
 * whose objects come from another realm under Jest.)
 */
function copied<T>(value: T): T {
  if (Array.isArray(value)) return value.map((element) => copied(element) as unknown) as T;
  if (value === null || typeof value !== "object") return value;
  const copy: { [key: string]: unknown } = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) copy[key] = copied(member);
  return copy as T;
}

/** The exception the SDK would throw for `fault`: its modelled class where it has one (ConditionalCheckFailedException with `Item`). */
function sdkException(fault: DynamoDbFault): Error {
  const name = fault.type.split("#").pop() ?? fault.type;
  const options = { name, message: fault.message, $fault: "client" as const, $metadata: { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 }, ...copied(fault.extra) };
  const Modelled = (DynamoDbExceptions as unknown as { readonly [name: string]: unknown })[name];
  if (typeof Modelled === "function" && Modelled.prototype instanceof DynamoDBServiceException) {
    return new (Modelled as new (options: object) => Error)(options);
  }
  return new DynamoDBServiceException(options);
}

/** A DynamoDB with its tables in this process; `endpoint` is only a label, nothing listens on it. */
export function startInProcessDynamoDb(): LocalDynamoDb {
  const tables = new InProcessTables();
  return {
    endpoint: "http://in-process.dynamodb.invalid",
    client: () => new InProcessDynamoDbClient(tables),
    close: async () => undefined,
  };
}
