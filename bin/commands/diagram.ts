/**
 * `connect-async diagram <flow.json>`: prints a flow as a Mermaid flowchart, for pull requests and docs.
 */
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { EXIT_CODE, type Logger } from "../logger";
import { readFlowFile } from "../read-flow-file";

export interface DiagramOptions {
  /** The flow JSON file. */
  readonly file: string;
  /** Write the Mermaid text to this file instead of returning it for stdout. */
  readonly out?: string;
  /** Draw every block of the async macro instead of one node per use. @default false */
  readonly expand?: boolean;
  /** Which way the flowchart runs. @default "TD" (top-down, narrow enough for a page) */
  readonly direction?: "TD" | "LR";
}

export type DiagramResult =
  | { readonly ok: true; readonly mermaid: string; readonly writtenTo?: string }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads and renders the flow; an unreadable, oversized, binary, malformed or non-flow file is a result with a
 * clear problem, never an exception. Only a well-formed flow, in the validator's normal form, reaches the
 * renderer.
 */
export async function runDiagram(options: DiagramOptions): Promise<DiagramResult> {
  const { renderMermaid } = require("../../flows/mermaid") as typeof import("../../flows/mermaid");
  const { drawableFlow } = require("../../flows/validation/drawable-flow") as typeof import("../../flows/validation/drawable-flow");
  const read = await readFlowFile(options.file);
  if (read.kind === "unreadable") return { ok: false, problem: `${options.file}: ${read.problem}` };
  if (read.kind === "tooLarge") return { ok: false, problem: `${options.file}: ${read.message}` };
  const drawable = drawableFlow(read.flow);
  if (!drawable.ok) return { ok: false, problem: `${options.file}: ${drawable.problem}` };
  let mermaid: string;
  try {
    mermaid = renderMermaid(drawable.flow, { expand: options.expand, direction: options.direction });
  } catch (error) {
    return { ok: false, problem: `${options.file}: cannot be drawn (${error instanceof Error ? error.message : String(error)}). Run \`connect-async validate\` on it to see what is wrong.` };
  }
  if (options.out === undefined) return { ok: true, mermaid };
  try {
    await writeFile(options.out, mermaid, "utf8");
  } catch (error) {
    return { ok: false, problem: `${options.out} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}).` };
  }
  return { ok: true, mermaid, writtenTo: options.out };
}

interface DiagramFlags {
  readonly out?: string;
  readonly expand?: boolean;
  readonly direction?: string;
}

export function registerDiagram(program: Command, logger: Logger): void {
  program
    .command("diagram")
    .description("Print a flow as a Mermaid flowchart, ready to paste into Markdown: each use of the async macro is one node with its success, failure and timeout edges (--expand draws every block).")
    .argument("<flow>", "The flow JSON file to draw.")
    .option("-o, --out <file>", "Write the Mermaid text to this file instead of printing it.")
    .option("--expand", "Draw every block of the async macro instead of one node per use.", false)
    .option("--direction <TD|LR>", "TD (top-down, fits a page) or LR (left to right).", "TD")
    .action(async (file: string, flags: DiagramFlags, command: Command) => {
      if (flags.direction !== "TD" && flags.direction !== "LR") command.error(`--direction must be TD or LR, got "${flags.direction}".`, { exitCode: EXIT_CODE.UserError });
      const result = await runDiagram({ file, out: flags.out, expand: flags.expand === true, direction: flags.direction });
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
