import { FLOW_LANGUAGE_VERSION, type FlowIssue } from "../flow-json";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { flowIssue, isPlainObject } from "./rule";

/** Connect's limit on a flow's content, in characters (reference §5: API_CreateContactFlow). */
export const MAX_CONTENT_CHARACTERS = 256_000;

/**
 * How deeply a flow document may nest before the validator refuses to look inside. Real flows nest about a
 * dozen levels (five levels of conditions take ten); 64 leaves room for JSON Lambda input and designer
 * metadata, and keeps every recursive walk in the rules far from the call-stack limit.
 */
export const MAX_DOCUMENT_DEPTH = 64;

/** What the shape pass learns about a document, without recursion and without serializing it. */
export interface DocumentShape {
  /** The deepest nesting seen, capped at MAX_DOCUMENT_DEPTH + 1. */
  readonly depth: number;
  /** Characters of the compact JSON text, counted up to a little past the limit (then the walk stops). */
  readonly characters: number;
  /** True when an object contains itself (only possible for flows built in code, never for parsed JSON). */
  readonly cyclic: boolean;
}

/**
 * Measures a document iteratively, so a flow nested 10,000 levels deep or a 50 MB flow cannot exhaust the
 * stack or the heap: the walk stops as soon as the depth or the character count passes its limit.
 * Characters are counted as Connect counts them: code points of the compact JSON text.
 */
export function measureDocument(document: unknown): DocumentShape {
  let characters = 0;
  let depth = 0;
  let cyclic = false;
  const characterBudget = MAX_CONTENT_CHARACTERS + 1;
  // Each entry is a value to visit, its depth, and the containers above it (to detect cycles).
  const pending: Array<{ value: unknown; level: number; ancestors: ReadonlySet<object> }> = [{ value: document, level: 1, ancestors: new Set() }];
  while (pending.length > 0 && characters <= characterBudget && depth <= MAX_DOCUMENT_DEPTH && !cyclic) {
    const { value, level, ancestors } = pending.pop() as (typeof pending)[number];
    if (typeof value === "string") {
      characters += jsonStringCharacters(value);
      continue;
    }
    if (typeof value !== "object" || value === null) {
      characters += String(value).length;
      continue;
    }
    depth = Math.max(depth, level);
    if (ancestors.has(value)) {
      cyclic = true;
      break;
    }
    const inner = new Set(ancestors).add(value);
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    // Brackets and separators; keys add their quoted text and a colon.
    characters += 2 + Math.max(0, children.length - 1);
    if (!Array.isArray(value)) for (const key of Object.keys(value)) characters += jsonStringCharacters(key) + 1;
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push({ value: children[index], level: level + 1, ancestors: inner });
  }
  return { depth: Math.min(depth, MAX_DOCUMENT_DEPTH + 1), characters, cyclic };
}

/** Code points of a string as JSON writes it: quotes plus escapes (control characters take 6, `"` and `\` take 2). */
function jsonStringCharacters(text: string): number {
  let count = 2;
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    if (code === 0x22 || code === 0x5c || code === 0x08 || code === 0x0c || code === 0x0a || code === 0x0d || code === 0x09) count += 2;
    else if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff)) count += 6;
    else count += 1;
  }
  return count;
}

/**
 * The checks that must pass before any rule looks inside the document: it is an object, it is not nested
 * beyond MAX_DOCUMENT_DEPTH, and its content is within Connect's 256,000 characters. A flow over the size
 * limit cannot be imported at all, so the validator reports that alone and stops; this also bounds the work
 * every later rule does.
 * @returns the issues that stop validation, or an empty list when the rules may run
 */
export function documentShapeIssues(document: unknown): FlowIssue[] {
  if (!isPlainObject(document)) {
    return [flowIssue("error", FLOW_ISSUE_CODE.ACTION_MALFORMED,
      `The flow is ${document === null ? "null" : Array.isArray(document) ? "an array" : `a ${typeof document}`}, not a flow document. Give a JSON object with "Version": "${FLOW_LANGUAGE_VERSION}", "StartAction" and "Actions".`)];
  }
  const shape = measureDocument(document);
  if (shape.cyclic) {
    return [flowIssue("error", FLOW_ISSUE_CODE.DOCUMENT_TOO_DEEP,
      "The flow contains itself (an object that is its own descendant), so it cannot be written as JSON. Build the Parameters from fresh objects.")];
  }
  if (shape.depth > MAX_DOCUMENT_DEPTH) {
    return [flowIssue("error", FLOW_ISSUE_CODE.DOCUMENT_TOO_DEEP,
      `The flow nests more than ${MAX_DOCUMENT_DEPTH} levels deep; real flows nest about a dozen. The validator stopped here: flatten the nested Parameters (or fix the generator that wrote them).`)];
  }
  if (shape.characters > MAX_CONTENT_CHARACTERS) {
    return [flowIssue("error", FLOW_ISSUE_CODE.CONTENT_TOO_LARGE,
      `The flow's JSON content is more than ${MAX_CONTENT_CHARACTERS} characters; Connect accepts at most ${MAX_CONTENT_CHARACTERS}, so it cannot be imported. The validator stopped here: shorten prompt texts, drop designer metadata you do not need, or split the flow.`)];
  }
  return [];
}
