/** Connect and DynamoDB count UTF-8 bytes, not UTF-16 code units, so limits are measured in bytes. */

const ELLIPSIS = "…";

/** The UTF-8 size of `text`. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * `text` cut to at most `maxBytes` UTF-8 bytes, ending in "…" when cut. The cut never splits a
 * character, so the result is valid UTF-8 of the same characters.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const encoded = Buffer.from(text, "utf8");
  let end = Math.max(0, maxBytes - utf8Bytes(ELLIPSIS));
  // Step back over continuation bytes (10xxxxxx) to the start of the character being cut.
  while (end > 0 && (encoded[end] & 0xc0) === 0x80) end -= 1;
  return encoded.subarray(0, end).toString("utf8") + ELLIPSIS;
}
