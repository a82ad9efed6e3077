/**
 * `connect-async diagram <flow.json>`: prints a flow as a Mermaid flowchart, for pull requests and docs.
 */
import type { Command } from "commander";
import { readFile, writeFile } from "node:fs/promises";
import { EXIT_CODE, type Logger } from "../logger";

export interface DiagramOptions {
  /** The flow JSON file. */
  readonly file: string;
  /** Write the Mermaid text to this file instead of returning it for stdout. */
  readonly out?: string;
}

export type DiagramResult =
  | { readonly ok: true; readonly mermaid: string; readonly writtenTo?: string }
  | { readonly ok: false; readonly problem: string };

/** Reads and renders the flow; an unreadable or non-flow file is a result, not an exception. */
export async function runDiagram(options: DiagramOptions): Promise<DiagramResult> {
  const { FlowParseError, parseFlowJson } = require("../../flows/parse") as typeof import("../../flows/parse");
  const { renderMermaid } = require("../../flows/mermaid") as typeof import("../../flows/mermaid");
  let text: string;
  try {
    text = await readFile(options.file, "utf8");
  } catch (error) {
    return { ok: false, problem: `${options.file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).` };
  }
  let mermaid: string;
  try {
    mermaid = renderMermaid(parseFlowJson(text, options.file));
  } catch (error) {
    if (error instanceof FlowParseError) return { ok: false, problem: error.message };
    throw error;
  }
  if (options.out === undefined) return { ok: true, mermaid };
  await writeFile(options.out, mermaid, "utf8");
  return { ok: true, mermaid, writtenTo: options.out };
}

interface DiagramFlags {
  readonly out?: string;
}

export function registerDiagram(program: Command, logger: Logger): void {
  program
    .command("diagram")
    .description("Print a flow as a Mermaid flowchart (left to right), ready to paste into Markdown.")
    .argument("<flow>", "The flow JSON file to draw.")
    .option("-o, --out <file>", "Write the Mermaid text to this file instead of printing it.")
    .action(async (file: string, flags: DiagramFlags) => {
      const result = await runDiagram({ file, out: flags.out });
      if (!result.ok) {
        logger.error(result.problem);
        process.exitCode = EXIT_CODE.UserError;
      } else if (result.writtenTo !== undefined) {
        logger.info(`Wrote ${result.writtenTo}.`);
      } else {
        logger.data(result.mermaid);
      }
    });
}
