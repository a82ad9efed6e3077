import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { createStatusTable, startLocalDynamoDb, type LocalDynamoDb } from "../../sim/aws/local-dynamodb";

describe("local DynamoDB (dynalite)", () => {
  let db: LocalDynamoDb;
  beforeAll(async () => {
    db = await startLocalDynamoDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it("serves a status table keyed by pk on a loopback port", async () => {
    // GIVEN a fresh server
    const client = db.client();
    // WHEN the status table is created
    await createStatusTable(client, "smoke");
    // THEN DynamoDB describes it with the pk hash key
    const { Table } = await client.send(new DescribeTableCommand({ TableName: "smoke" }));
    expect(db.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Table?.KeySchema).toEqual([{ AttributeName: "pk", KeyType: "HASH" }]);
    expect(Table?.TableStatus).toBe("ACTIVE");
  });
});
