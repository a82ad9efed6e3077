/**
 * Direct access to a status table in dynalite, for arranging items and reading what the handlers
 * wrote, independently of the code under test (plain SDK calls, attribute names spelled out).
 */
import { type AttributeValue, type DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { createStatusTable } from "../../sim/aws/local-dynamodb";

let tableCounter = 0;

export class StatusTable {
  private constructor(
    public readonly client: DynamoDBClient,
    public readonly name: string,
  ) {}

  /** Creates a fresh, empty table. */
  public static async create(client: DynamoDBClient): Promise<StatusTable> {
    tableCounter += 1;
    const name = `status-${process.pid}-${tableCounter}`;
    await createStatusTable(client, name);
    return new StatusTable(client, name);
  }

  public async put(item: Record<string, unknown>): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.name, Item: marshall(item) }));
  }

  public async get(pk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.name, Key: { pk: { S: pk } }, ConsistentRead: true }));
    return Item === undefined ? undefined : unmarshall(Item);
  }

  public async scan(): Promise<Array<Record<string, unknown>>> {
    const { Items } = await this.client.send(new ScanCommand({ TableName: this.name, ConsistentRead: true }));
    return (Items ?? []).map((item: Record<string, AttributeValue>) => unmarshall(item));
  }

  /**
   * Completes an item the way the state machine does (DESIGN.md: the DynamoDB service integration,
   * conditional on the owning execution's name, `completedAt` as ISO text).
   */
  public async completeAsStateMachine(
    pk: string,
    executionName: string,
    outcome: { readonly result: unknown } | { readonly errorCode: string; readonly errorMessage: string },
    completedAtEpochMs: number,
  ): Promise<void> {
    const values =
      "result" in outcome
        ? { ":status": "SUCCEEDED", ":result": JSON.stringify(outcome.result) }
        : { ":status": "FAILED", ":errorCode": outcome.errorCode, ":errorMessage": outcome.errorMessage };
    const sets = Object.keys(values).map((placeholder) => `#${placeholder.slice(1)} = ${placeholder}`);
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.name,
        Key: { pk: { S: pk } },
        UpdateExpression: `SET ${[...sets, "#completedAt = :completedAt"].join(", ")}`,
        ConditionExpression: "#executionName = :executionName",
        ExpressionAttributeNames: Object.fromEntries(
          [...Object.keys(values).map((placeholder) => placeholder.slice(1)), "completedAt", "executionName"].map((name) => [`#${name}`, name]),
        ),
        ExpressionAttributeValues: marshall({ ...values, ":completedAt": new Date(completedAtEpochMs).toISOString(), ":executionName": executionName }),
      }),
    );
  }
}
