/**
 * `connect-async diagram <flow.json|folder>...`: prints a flow as a Mermaid flowchart, for pull requests and
 * docs. Several flows (files, or a folder such as build-flows' `--out`) print as Markdown, one `mermaid`
 * block under each file's name, so a project with any number of flows draws them all.
 */
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { expandFlowPaths } from "../flow-files";
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

/** Several flows as Markdown: a heading per file, its Mermaid in a fenced block (GitHub draws it). */
export function diagramsAsMarkdown(diagrams: ReadonlyArray<{ readonly file: string; readonly mermaid: string }>): string {
  return diagrams.map(({ file, mermaid }) => `## ${file}\n\n\`\`\`mermaid\n${mermaid.endsWith("\n") ? mermaid : `${mermaid}\n`}\`\`\`\n`).join("\n");
}

export function registerDiagram(program: Command, logger: Logger): void {
  program
    .command("diagram")
    .description(
      "Print a flow as a Mermaid flowchart, ready to paste into Markdown: each use of the async macro is one node with its success, failure and timeout edges (--expand draws every block). Several flows print as Markdown, one mermaid block per file.",
    )
    .argument("<flow...>", "The flow JSON files to draw, or folders whose .json files are flows (e.g. build-flows' --out).")
    .option("-o, --out <file>", "Write the Mermaid text to this file instead of printing it (one flow only).")
    .option("--expand", "Draw every block of the async macro instead of one node per use.", false)
    .option("--direction <TD|LR>", "TD (top-down, fits a page) or LR (left to right).", "TD")
    .action(async (given: string[], flags: DiagramFlags, command: Command) => {
      if (flags.direction !== "TD" && flags.direction !== "LR") command.error(`--direction must be TD or LR, got "${flags.direction}".`, { exitCode: EXIT_CODE.UserError });
      const files = await expandFlowPaths(given);
      if (files.length === 0) command.error(`${given.join(", ")}: no .json flow files to draw.`, { exitCode: EXIT_CODE.UserError });
      if (files.length > 1 && flags.out !== undefined) {
        command.error(`--out writes one flow, and ${files.length} were given; print them (Markdown), or use \`connect-async build-flows --out DIR\`, which writes each flow's .mmd.`, { exitCode: EXIT_CODE.UserError });
      }
      const drawn: Array<{ file: string; mermaid: string }> = [];
      for (const file of files) {
        const result = await runDiagram({ file, out: flags.out, expand: flags.expand === true, direction: flags.direction });
        if (!result.ok) {
          logger.error(result.problem);
          process.exitCode = EXIT_CODE.UserError;
        } else if (result.writtenTo !== undefined) {
          logger.info(`Wrote ${result.writtenTo}.`);
        } else {
          drawn.push({ file, mermaid: result.mermaid });
        }
      }
      if (drawn.length === 0) return;
      logger.data(files.length === 1 ? drawn[0]!.mermaid : diagramsAsMarkdown(drawn));
    });
}
