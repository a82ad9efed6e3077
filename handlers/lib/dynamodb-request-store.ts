/**
 * The status table in DynamoDB: each hook of {@link RequestStore} as one SDK command, and the
 * translation between items and {@link RequestRecord}s. Attribute names come from
 * {@link StatusAttribute} through `#placeholders`, so the state machine and this file cannot drift.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { InvalidItemError, RequestAlreadyExistsError } from "./errors";
import { epochSeconds, RequestRecord } from "./request-record";
import { type ReadHookOptions, RequestStore, type RequestStoreOptions, type RequestUpdate } from "./request-store";
import { RequestStatus, StatusAttribute } from "./status-item";

type Item = Record<string, AttributeValue>;

/** Options of {@link DynamoDbRequestStore}. */
export interface DynamoDbRequestStoreOptions extends RequestStoreOptions {
  /** The client; create it with the default config so `AWS_ENDPOINT_URL_DYNAMODB` applies. */
  readonly client: DynamoDBClient;
  /** The status table's name. */
  readonly tableName: string;
}

/*
 * When may a new PENDING put replace what is stored? Along one item's life:
 *
 *   startedAt             leaseUntil                                   expiresAt
 *   |-- PENDING: locked ---|-- PENDING, stale: replace ------------------|
 *   |-- SUCCEEDED: locked, served as a cache hit ------------------------|
 *   |-- FAILED: replace -------------------------------------------------|-- expired: replace
 *
 * A per-contact SUCCEEDED item answers only its own wait (start-request.ts, PER_CONTACT_REUSE_MS):
 * after that `start` replaces it, naming the execution it read, so a concurrent change still wins.
 *
 * Each window is one named clause; the put succeeds if any holds.
 */
const KEY_ABSENT = `attribute_not_exists(#${StatusAttribute.pk})`;
const EXPIRED = `#${StatusAttribute.expiresAt} <= :nowEpochSeconds`;
const LEASE_PASSED = `(#${StatusAttribute.status} = :pending AND (attribute_not_exists(#${StatusAttribute.leaseUntil}) OR #${StatusAttribute.leaseUntil} < :nowEpochMs))`;
const FAILED = `#${StatusAttribute.status} = :failed`;
const PUT_CONDITION = [KEY_ABSENT, EXPIRED, LEASE_PASSED, FAILED].join(" OR ");
const SUCCEEDED_AS_READ = `(#${StatusAttribute.status} = :succeeded AND #${StatusAttribute.executionName} = :replacesExecution)`;

/** The status table in DynamoDB. */
export class DynamoDbRequestStore extends RequestStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;

  public constructor(options: DynamoDbRequestStoreOptions) {
    super(options);
    this.client = options.client;
    this.tableName = options.tableName;
  }

  protected async _get(requestId: string, options: ReadHookOptions): Promise<RequestRecord | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { [StatusAttribute.pk]: { S: requestId } }, ConsistentRead: options.consistentRead }),
      { abortSignal: options.signal },
    );
    return Item === undefined ? undefined : toRecord(Item);
  }

  protected async _put(record: RequestRecord, signal?: AbortSignal, replacesSucceededExecution?: string): Promise<void> {
    const nowEpochMs = this.clock();
    const replacing = replacesSucceededExecution !== undefined;
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(record),
          ConditionExpression: replacing ? `${PUT_CONDITION} OR ${SUCCEEDED_AS_READ}` : PUT_CONDITION,
          ExpressionAttributeNames: placeholders([
            StatusAttribute.pk,
            StatusAttribute.expiresAt,
            StatusAttribute.status,
            StatusAttribute.leaseUntil,
            ...(replacing ? [StatusAttribute.executionName] : []),
          ]),
          ExpressionAttributeValues: {
            ":nowEpochSeconds": { N: String(epochSeconds(nowEpochMs)) },
            ":nowEpochMs": { N: String(nowEpochMs) },
            ":pending": { S: RequestStatus.PENDING },
            ":failed": { S: RequestStatus.FAILED },
            ...(replacing ? { ":succeeded": { S: RequestStatus.SUCCEEDED }, ":replacesExecution": { S: replacesSucceededExecution } } : {}),
          },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // ALL_OLD hands back the winner; a server that omits it costs one more read.
      const existing = error.Item !== undefined ? toRecord(error.Item) : await this._get(record.requestId, { signal, consistentRead: true });
      if (existing === undefined) throw error;
      throw new RequestAlreadyExistsError(existing);
    }
  }

  protected async _update(update: RequestUpdate, signal?: AbortSignal): Promise<boolean> {
    // Keys of `set` are attribute names; `:set_x` and `:if_x` keep a value set and a value tested apart.
    const assignments = Object.entries(update.set).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const conditions: Array<[string, string]> = [[StatusAttribute.executionName, update.executionName]];
    if (update.expectedStatus !== undefined) conditions.push([StatusAttribute.status, update.expectedStatus]);
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [StatusAttribute.pk]: { S: update.requestId } },
          UpdateExpression: `SET ${assignments.map(([name]) => `#${name} = :set_${name}`).join(", ")}`,
          ConditionExpression: conditions.map(([name]) => `#${name} = :if_${name}`).join(" AND "),
          ExpressionAttributeNames: placeholders([...assignments, ...conditions].map(([name]) => name)),
          ExpressionAttributeValues: Object.fromEntries([
            ...assignments.map(([name, value]) => [`:set_${name}`, { S: value }]),
            ...conditions.map(([name, value]) => [`:if_${name}`, { S: value }]),
          ]),
        }),
        { abortSignal: signal },
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/** `#name` placeholders for attribute names (DynamoDB rejects unused or missing ones). */
function placeholders(names: ReadonlyArray<string>): Record<string, string> {
  return Object.fromEntries([...new Set(names)].map((name) => [`#${name}`, name]));
}

/** The item for a record; absent fields are left out. */
function toItem(record: RequestRecord): Item {
  const item: Item = { [StatusAttribute.pk]: { S: record.requestId }, [StatusAttribute.status]: { S: record.status } };
  const numbers: Array<[string, number | undefined]> = [
    [StatusAttribute.startedAt, record.startedAtEpochMs],
    [StatusAttribute.leaseUntil, record.leaseUntilEpochMs],
    [StatusAttribute.expiresAt, record.expiresAtEpochSeconds],
  ];
  const strings: Array<[string, string | undefined]> = [
    [StatusAttribute.executionName, record.executionName],
    [StatusAttribute.executionArn, record.executionArn],
    [StatusAttribute.result, record.resultJson],
    [StatusAttribute.errorCode, record.errorCode],
    [StatusAttribute.errorMessage, record.errorMessage],
    [StatusAttribute.completedAt, record.completedAtEpochMs === undefined ? undefined : new Date(record.completedAtEpochMs).toISOString()],
  ];
  for (const [name, value] of numbers) if (value !== undefined) item[name] = { N: String(value) };
  for (const [name, value] of strings) if (value !== undefined) item[name] = { S: value };
  return item;
}

/** The record of an item; throws InvalidItemError when the item is not a status item. */
function toRecord(item: Item): RequestRecord {
  const requestId = item[StatusAttribute.pk]?.S ?? "(no pk)";
  const reader = new ItemReader(requestId, item);
  const status = reader.string(StatusAttribute.status);
  if (!isRequestStatus(status)) throw new InvalidItemError(requestId, `status ${JSON.stringify(status)} is not one of ${Object.values(RequestStatus).join(", ")}`);
  return new RequestRecord({
    requestId,
    status,
    startedAtEpochMs: reader.number(StatusAttribute.startedAt),
    leaseUntilEpochMs: reader.number(StatusAttribute.leaseUntil),
    expiresAtEpochSeconds: reader.number(StatusAttribute.expiresAt),
    executionName: reader.string(StatusAttribute.executionName),
    executionArn: reader.string(StatusAttribute.executionArn),
    completedAtEpochMs: reader.instant(StatusAttribute.completedAt),
    resultJson: reader.string(StatusAttribute.result),
    errorCode: reader.string(StatusAttribute.errorCode),
    errorMessage: reader.string(StatusAttribute.errorMessage),
  });
}

function isRequestStatus(value: string | undefined): value is RequestStatus {
  return Object.values<string | undefined>(RequestStatus).includes(value);
}

/** Typed, optional attribute access that names the item and attribute when a type is wrong. */
class ItemReader {
  public constructor(
    private readonly requestId: string,
    private readonly item: Item,
  ) {}

  public string(name: string): string | undefined {
    const value = this.item[name];
    if (value === undefined || value.NULL) return undefined;
    if (value.S === undefined) throw new InvalidItemError(this.requestId, `${name} is not a string`);
    return value.S;
  }

  public number(name: string): number | undefined {
    const value = this.item[name];
    if (value === undefined || value.NULL) return undefined;
    const parsed = value.N === undefined ? Number.NaN : Number(value.N);
    if (!Number.isFinite(parsed)) throw new InvalidItemError(this.requestId, `${name} is not a number`);
    return parsed;
  }

  /** An instant stored as ISO text (the state machine's `$$.State.EnteredTime`) or as epoch ms. */
  public instant(name: string): number | undefined {
    if (this.item[name]?.N !== undefined) return this.number(name);
    const text = this.string(name);
    if (text === undefined) return undefined;
    const parsed = Date.parse(text);
    if (Number.isNaN(parsed)) throw new InvalidItemError(this.requestId, `${name} is not an ISO-8601 time`);
    return parsed;
  }
}
