/**
 * The status table in process, for crowds: a DynamoDB client whose requests never leave the process.
 * The SDK serializes each command as it would for AWS and this request handler answers it from a map of
 * items: GetItem, PutItem, UpdateItem and DeleteItem on tables with a string hash key, with the
 * condition and update expressions the bridge uses (dynamodb-expression.ts), conditional-check failures
 * with ReturnValuesOnConditionCheckFailure, and always-consistent reads, like dynalite. Everything above
 * the wire (the request store, the state machine's DynamoDB tasks, the simulator's counting middleware)
 * is unchanged. __tests__/sim/in-process-dynamodb.test.ts runs the same request-store cases against
 * this and dynalite and requires the same answers.
 *
 * Why: a crowd of hundreds makes tens of thousands of table calls (every long poll reads the item
 * repeatedly); over loopback HTTP to dynalite they cost most of a crowd simulation's time.
 */
import { type AttributeValue, DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { evaluateCondition, evaluateSet, type AttributeMap, type ExpressionContext } from "./dynamodb-expression";
import { LOCAL_AWS_ENVIRONMENT, type LocalDynamoDb } from "./local-dynamodb";

type RequestHandler = NonNullable<DynamoDBClientConfig["requestHandler"]>;
type HttpRequestLike = { readonly headers: { readonly [name: string]: string }; readonly body?: unknown };

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

const encoder = new TextEncoder();

function response(statusCode: number, body: object) {
  return { response: { statusCode, reason: undefined, headers: { "content-type": "application/x-amz-json-1.0" }, body: encoder.encode(JSON.stringify(body)) } };
}

/** The SDK request handler that answers from `tables`. */
function inProcessHandler(tables: InProcessTables): RequestHandler {
  return {
    async handle(request: HttpRequestLike) {
      const target = request.headers["x-amz-target"] ?? request.headers["X-Amz-Target"] ?? "";
      const operation = target.split(".").pop() ?? "";
      const body = typeof request.body === "string" ? request.body : new TextDecoder().decode(request.body as Uint8Array);
      try {
        return response(200, tables.handle(operation, JSON.parse(body === "" ? "{}" : body) as Record<string, unknown>));
      } catch (error) {
        if (!(error instanceof DynamoDbFault)) throw error;
        return response(400, { __type: error.type, message: error.message, ...error.extra });
      }
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
}

/** A DynamoDB with its tables in this process; `endpoint` is only a label, nothing listens on it. */
export function startInProcessDynamoDb(): LocalDynamoDb {
  const tables = new InProcessTables();
  const endpoint = "http://in-process.dynamodb.invalid";
  return {
    endpoint,
    client: () =>
      new DynamoDBClient({
        endpoint,
        region: LOCAL_AWS_ENVIRONMENT.AWS_REGION,
        credentials: { accessKeyId: LOCAL_AWS_ENVIRONMENT.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENVIRONMENT.AWS_SECRET_ACCESS_KEY },
        requestHandler: inProcessHandler(tables),
        // Nothing checks a signature in process; SigV4's HMACs were a fifth of a crowd's time.
        signer: { sign: async (request) => request },
      }),
    close: async () => undefined,
  };
}
