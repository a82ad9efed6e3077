/**
 * What a DynamoDB read is billed, in read request units: on demand, a strongly consistent read costs one
 * unit per 4 KB of the item read (rounded up, one at least, also when nothing is found), an eventually
 * consistent read half that (../shared/reference/aws-terraform-facts.md, DynamoDB). The long poll reads
 * eventually consistent (handlers/poll.ts), so counting reads at one unit each overprices the pattern
 * whose cost is mostly reads.
 *
 * The item's size follows DynamoDB's rule closely enough for a bill: each attribute's name in UTF-8
 * bytes plus its value (strings and binaries by length, numbers about one byte per two digits plus one,
 * booleans and nulls one byte, maps and lists three bytes plus their elements).
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/** Bytes per read request unit. */
const UNIT_BYTES = 4096;

/** Read request units of one GetItem that returned `item` (undefined: nothing found). */
export function readRequestUnits(item: { readonly [name: string]: AttributeValue } | undefined, consistentRead: boolean): number {
  const units = Math.max(1, Math.ceil(itemSizeBytes(item ?? {}) / UNIT_BYTES));
  return consistentRead ? units : units / 2;
}

/** An item's size as DynamoDB measures it, approximately. */
export function itemSizeBytes(item: { readonly [name: string]: AttributeValue }): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8Bytes(name) + valueBytes(value), 0);
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, text) => sum + utf8Bytes(text), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, text) => sum + numberBytes(text), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, bytes) => sum + bytes.length, 0);
  if (value.M !== undefined) return 3 + itemSizeBytes(value.M);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueBytes(element), 0);
  return 0;
}

function numberBytes(text: string): number {
  const digits = text.replace(/[^0-9]/g, "").replace(/^0+/, "").length;
  return Math.ceil(digits / 2) + 1;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
