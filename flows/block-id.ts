import { createHash } from "node:crypto";

/**
 * Deterministic block Identifiers.
 *
 * An Identifier is a UUID-shaped string made from the SHA-256 of the flow name and the block name, in
 * the RFC 9562 version-8 (custom, name-based) layout: the first 128 bits of the hash, formatted
 * 8-4-4-4-12, with the version nibble set to 8 and the variant bits to `10`. The same two names give the
 * same Identifier on every machine and every build, so renaming one block changes that block's
 * Identifier and the transitions that point at it, and nothing else.
 *
 * The names are joined with a NUL character, which neither may contain, so `("a b", "c")` and
 * `("a", "b c")` cannot collide.
 */
export function blockId(flowName: string, blockName: string): string {
  if (flowName.length === 0) throw new Error(`blockId: the flow name must not be empty (block "${blockName}")`);
  if (blockName.length === 0) throw new Error(`blockId: the block name must not be empty (flow "${flowName}")`);
  if (flowName.includes("\u0000") || blockName.includes("\u0000")) {
    throw new Error(`blockId: names must not contain NUL (flow ${JSON.stringify(flowName)}, block ${JSON.stringify(blockName)})`);
  }
  const hash = createHash("sha256").update(`${flowName}\u0000${blockName}`, "utf8").digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10xx
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
