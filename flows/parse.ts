/**
 * Reading and writing flow-language JSON files.
 *
 * `parseFlowJson` accepts a flow document as Connect stores it (`DescribeContactFlow.Content`), and also
 * the whole output of `aws connect describe-contact-flow` / `describe-contact-flow-module`, whose
 * `Content` is the flow as a JSON string. It checks only that the text is a flow at all; whether the flow
 * is valid is the validator's job. Whatever the text holds (empty, binary, nested 10,000 levels deep), it
 * either returns a flow or throws a FlowParseError that says what is wrong; nothing else escapes.
 */
import type { FlowJson } from "./flow-json";
import { MAX_DOCUMENT_DEPTH } from "./validation/document-shape";

/** The text is not JSON, or the JSON is not a flow document. Names the source and what is wrong. */
export class FlowParseError extends Error {
  /** What the text was called, e.g. its file path. */
  readonly source: string;
  /** What is wrong, without the source. */
  readonly problem: string;

  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = "FlowParseError";
    this.source = source;
    this.problem = problem;
  }
}

/**
 * Parses flow-language JSON text.
 * @param text the file's contents
 * @param source names the text in error messages, e.g. the file path. @default "flow JSON"
 * @throws FlowParseError when the text is not JSON or not a flow document
 */
export function parseFlowJson(text: string, source = "flow JSON"): FlowJson {
  const value = parseJson(text.replace(/^\uFEFF/, ""), source);
  const document = unwrapDescribeOutput(value, source);
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new FlowParseError(source, `expected a flow document (a JSON object with "Version", "StartAction" and "Actions"), but found ${describeJsonValue(document)}.`);
  }
  const candidate = document as { Actions?: unknown; StartAction?: unknown; Version?: unknown };
  if (!Array.isArray(candidate.Actions)) {
    const keys = Object.keys(candidate).slice(0, 6).map((key) => `"${key}"`).join(", ");
    throw new FlowParseError(source, `expected a flow document with an "Actions" array, but the object has ${keys === "" ? "no keys" : `the keys ${keys}`}. Is this an Amazon Connect flow (flow language 2019-10-30)?`);
  }
  return document as FlowJson;
}

/** Deterministic JSON text of a flow: keys in the order given, 2-space indent, a trailing newline. */
export function serializeFlow(flow: FlowJson): string {
  return `${JSON.stringify(flow, null, 2)}\n`;
}

function parseJson(text: string, source: string): unknown {
  if (text.trim() === "") throw new FlowParseError(source, "is empty. Export the flow again; a flow file holds a JSON object.");
  const binaryAt = text.search(BINARY_CHARACTER);
  if (binaryAt !== -1) {
    throw new FlowParseError(source, `holds binary data (character ${describeCharacter(text, binaryAt)} at ${describePosition(text, binaryAt)}), so it is not a flow's JSON text. Check that you named the right file.`);
  }
  const nesting = deepestNesting(text, MAX_JSON_NESTING);
  if (nesting.depth > MAX_JSON_NESTING) {
    throw new FlowParseError(source, `nests more than ${MAX_JSON_NESTING} levels of [ and { (at ${describePosition(text, nesting.at)}); a flow nests about a dozen. Check the generator that wrote it.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FlowParseError(source, `is not valid JSON (${describeSyntaxError(text, error)}). Export the flow again, or check the file for a truncated copy.`);
  }
}

/**
 * How deeply parsed text may nest. Beyond it the text is refused before `JSON.parse`, so no later step
 * (the validator, the diagram) ever walks a value that deep. Matches the validator's own limit.
 */
export const MAX_JSON_NESTING = MAX_DOCUMENT_DEPTH;

/** NUL and the C0 controls JSON never allows outside strings nor inside them unescaped, and U+FFFD from bytes that are not UTF-8. */
const BINARY_CHARACTER = /[\u0000-\u0008\u000e-\u001f\ufffd]/;

/** The deepest [ / { nesting of JSON text, scanning past strings; stops counting once past `limit`. */
function deepestNesting(text: string, limit: number): { depth: number; at: number } {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index += 1;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > limit) return { depth, at: index };
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return { depth: 0, at: -1 };
}

/** JSON.parse's message without the echo of the text (which may hold anything), plus line and column. */
function describeSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (position !== null) {
    const at = Number(position[1]);
    return `unexpected ${describeCharacter(text, at)} at ${describePosition(text, at)}`;
  }
  if (/end of JSON input|Unterminated/i.test(message)) return "the text ends in the middle of a value";
  // V8 echoes the text after the first `, "`; keep only its own words.
  return message.split(', "')[0].replace(/[^\x20-\x7e]/g, "?").slice(0, 120);
}

function describePosition(text: string, at: number): string {
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

function describeCharacter(text: string, at: number): string {
  if (at >= text.length) return "end of text";
  const code = text.codePointAt(at) as number;
  return code >= 0x20 && code <= 0x7e ? JSON.stringify(String.fromCodePoint(code)) : `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** `describe-contact-flow` wraps the flow as a JSON string in `ContactFlow.Content` (modules: `ContactFlowModule.Content`). */
function unwrapDescribeOutput(value: unknown, source: string): unknown {
  if (typeof value !== "object" || value === null) return value;
  const wrapper = value as { ContactFlow?: { Content?: unknown }; ContactFlowModule?: { Content?: unknown } };
  const content = wrapper.ContactFlow?.Content ?? wrapper.ContactFlowModule?.Content;
  return typeof content === "string" ? parseJson(content, `${source} (Content)`) : value;
}

function describeJsonValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length} item(s)`;
  return `a ${typeof value}`;
}
