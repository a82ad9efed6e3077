/**
 * Reading and writing flow-language JSON files.
 *
 * `parseFlowJson` accepts a flow document as Connect stores it (`DescribeContactFlow.Content`), and also
 * the whole output of `aws connect describe-contact-flow` / `describe-contact-flow-module`, whose
 * `Content` is the flow as a JSON string. It checks only that the text is a flow at all; whether the flow
 * is valid is the validator's job.
 */
import type { FlowJson } from "./flow-json";

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
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FlowParseError(source, `is not valid JSON (${reason}). Export the flow again, or check the file for a truncated copy.`);
  }
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
