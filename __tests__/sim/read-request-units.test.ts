/**
 * Reads are billed in read request units: one per 4 KB strongly consistent, half that eventually
 * consistent. The long poll reads eventually consistent, so a simulation's bill is below one unit a read.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { itemSizeBytes, readRequestUnits } from "../../sim/aws/read-request-units";
import { simulate } from "../../sim/call-simulator";
import { simulatedDemoFlow } from "../../sim/world/demo-world";

const smallItem: { [name: string]: AttributeValue } = { pk: { S: "demo#1" }, status: { S: "PENDING" }, expiresAt: { N: "1767400000" } };

describe("read request units of one GetItem", () => {
  it("bills a small item one unit strongly consistent and half a unit eventually consistent", () => {
    expect(readRequestUnits(smallItem, true)).toBe(1);
    expect(readRequestUnits(smallItem, false)).toBe(0.5);
  });

  it("bills a read that finds nothing like the smallest item", () => {
    expect(readRequestUnits(undefined, true)).toBe(1);
    expect(readRequestUnits(undefined, false)).toBe(0.5);
  });

  it("bills one unit per started 4 KB of the item", () => {
    // GIVEN an item of a 5,000-character result and a short key: between 4 and 8 KB
    const large = { pk: { S: "k" }, result: { S: "x".repeat(5_000) } };
    expect(itemSizeBytes(large)).toBe(2 + 1 + 6 + 5_000);
    expect(readRequestUnits(large, true)).toBe(2);
    expect(readRequestUnits(large, false)).toBe(1);
  });

  it("counts names and values as DynamoDB does: UTF-8 bytes, numbers by their digits, nested maps and lists", () => {
    expect(itemSizeBytes({ "é": { S: "日本" } })).toBe(2 + 6);
    expect(itemSizeBytes({ n: { N: "12345" } })).toBe(1 + 4);
    expect(itemSizeBytes({ m: { M: { a: { BOOL: true } } }, l: { L: [{ NULL: true }] } })).toBe(1 + 3 + 1 + 1 + (1 + 3 + 1 + 1));
  });
});

describe("a simulation's table bill", () => {
  it("bills the event strategy's eventually consistent long-poll reads at half a unit each", async () => {
    // GIVEN one caller whose 20 s lookup the long poll waits out, reading the item every 200 ms
    const result = await simulate({ flow: simulatedDemoFlow({ strategy: "event" }), scenario: { name: "one-slow-lookup", backend: { latencyMs: 20_000 }, callers: [{ count: 1 }] } });
    // THEN most reads are the long poll's, billed half: the bill is well under one unit a read, and at least half
    expect(result.table.reads).toBeGreaterThan(50);
    expect(result.table.readRequestUnits).toBeLessThan(result.table.reads * 0.6);
    expect(result.table.readRequestUnits).toBeGreaterThanOrEqual(result.table.reads / 2);
    expect(result.dynamodb.readRequestUnits).toBe(result.table.readRequestUnits);
  });
});
