/**
 * Reads one flow file for the CLI, with bounded memory: the size is checked before the file is read, so a
 * 50 MB file is refused without ever being loaded. Any outcome is a value, never an exception: `validate`
 * and `diagram` report it per file and go on with the next.
 */
import { readFile, stat } from "node:fs/promises";
import type { FlowJson } from "../flows/flow-json";

/** Connect's limit on a flow's content, in characters (reference §5). */
const MAX_CONTENT_CHARACTERS = 256_000;

/**
 * A UTF-8 character takes at most 4 bytes, so a file larger than this has more than 256,000 characters: it
 * cannot be a flow Connect imports as it is, and it is not worth parsing (a 50 MB JSON document takes
 * about a gigabyte of heap).
 */
export const MAX_FLOW_FILE_BYTES = 4 * MAX_CONTENT_CHARACTERS;

export type FlowFileResult =
  /** The file holds a flow document (not yet validated). */
  | { readonly kind: "flow"; readonly flow: FlowJson }
  /** The file is over MAX_FLOW_FILE_BYTES: Connect's content limit is certainly exceeded; it was not read. */
  | { readonly kind: "tooLarge"; readonly bytes: number; readonly message: string }
  /** The file cannot be read, or is not a flow: `problem` says why, without the file name. */
  | { readonly kind: "unreadable"; readonly problem: string };

/** Reads, decodes and parses `file`. Never throws. */
export async function readFlowFile(file: string): Promise<FlowFileResult> {
  const { FlowParseError, parseFlowJson } = require("../flows/parse") as typeof import("../flows/parse");
  try {
    const info = await stat(file);
    if (!info.isFile()) return { kind: "unreadable", problem: "is not a file. Name a flow JSON file, or a folder of them." };
    if (info.size > MAX_FLOW_FILE_BYTES) {
      return {
        kind: "tooLarge",
        bytes: info.size,
        message: `The file is ${info.size} bytes, so its text has more than ${MAX_CONTENT_CHARACTERS} characters, the most Connect accepts in a flow's content; it cannot be imported as it is, and was not parsed. Split the flow, or check that this is the file you meant.`,
      };
    }
    const bytes = await readFile(file);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return { kind: "unreadable", problem: "is not UTF-8 text (it looks like binary data), so it is not a flow's JSON. Check that you named the right file." };
    }
    return { kind: "flow", flow: parseFlowJson(text, file) };
  } catch (error) {
    if (error instanceof FlowParseError) return { kind: "unreadable", problem: error.problem };
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return { kind: "unreadable", problem: `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))}).` };
  }
}
