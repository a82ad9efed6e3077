/**
 * `connect-async diff OLD.json NEW.json`: what changed between two versions of a flow, block by block,
 * as a text summary (or `--json`, or `--markdown` for a pull request), and optionally as a Mermaid
 * diagram with added, changed and removed blocks highlighted (`--mermaid FILE`).
 *
 * Exit codes (for CI): 0 the command worked (changes or not); 1 a file cannot be read or is not a flow;
 * 2 connect-async itself failed; with `--detailed-exitcode`, 3 when the flows differ (as `terraform plan
 * -detailed-exitcode` does, so a job can tell "changed" from "failed").
 */
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import type { FlowDiff } from "../../flows/diff/flow-diff";
import type { FlowJson } from "../../flows/flow-json";
import { EXIT_CODE, type Logger } from "../logger";
import { readFlowFile } from "../read-flow-file";

/** The exit code of `diff --detailed-exitcode` when the flows differ. */
export const DIFF_CHANGED_EXIT_CODE = 3;

export interface DiffOptions {
  /** The old flow's file (flow JSON or describe-contact-flow output). */
  readonly before: string;
  /** The new flow's file. */
  readonly after: string;
  /** Draw every block of the async macro in the diagram. @default false */
  readonly expand?: boolean;
  /** Write the Mermaid diagram of the diff to this file. @default not written */
  readonly mermaidFile?: string;
}

export type DiffResult =
  | { readonly ok: true; readonly diff: FlowDiff; readonly changed: boolean; readonly summary: string; readonly mermaid: string; readonly markdown: string }
  | { readonly ok: false; readonly problem: string };

/** Reads both flows and compares them; unreadable input is a result, not an exception. */
export async function runDiff(options: DiffOptions): Promise<DiffResult> {
  const { diffFlows } = require("../../flows/diff/flow-diff") as typeof import("../../flows/diff/flow-diff");
  const { formatDiff } = require("../../flows/diff/diff-report") as typeof import("../../flows/diff/diff-report");
  const { renderDiffMermaid } = require("../../flows/diff/diff-mermaid") as typeof import("../../flows/diff/diff-mermaid");
  const before = await readFlow(options.before);
  if (typeof before === "string") return { ok: false, problem: before };
  const after = await readFlow(options.after);
  if (typeof after === "string") return { ok: false, problem: after };
  const diff = diffFlows(before, after);
  const changed = diff.changes.length > 0 || diff.startChanged;
  const summary = formatDiff(diff, { before: options.before, after: options.after });
  const mermaid = renderDiffMermaid(before, after, diff, { expand: options.expand });
  const markdown = ["```text", summary.trimEnd(), "```", "", "```mermaid", mermaid.trimEnd(), "```", ""].join("\n");
  if (options.mermaidFile !== undefined) {
    try {
      await writeFile(options.mermaidFile, mermaid, "utf8");
    } catch (error) {
      return { ok: false, problem: `${options.mermaidFile} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}).` };
    }
  }
  return { ok: true, diff, changed, summary, mermaid, markdown };
}

async function readFlow(file: string): Promise<FlowJson | string> {
  const read = await readFlowFile(file);
  if (read.kind === "unreadable") return `${file}: ${read.problem}`;
  if (read.kind === "tooLarge") return `${file}: ${read.message}`;
  return read.flow;
}

interface DiffFlags {
  readonly json?: boolean;
  readonly markdown?: boolean;
  readonly mermaid?: string;
  readonly expand?: boolean;
  readonly detailedExitcode?: boolean;
}

export function registerDiff(program: Command, logger: Logger): void {
  program
    .command("diff")
    .description("Show what changed between two versions of a flow: blocks added, removed and changed (parameters or transitions). Blocks pair by Identifier, or by structure with a confidence when Identifiers differ.")
    .argument("<old>", "The old flow JSON file (or describe-contact-flow output).")
    .argument("<new>", "The new flow JSON file.")
    .option("--json", "Print the change list as JSON instead of text.", false)
    .option("--markdown", "Print the summary and the diagram as Markdown, for a pull request or a job summary.", false)
    .option("--mermaid <file>", "Also write the diff as a Mermaid diagram (added green, changed amber, removed red) to this file.")
    .option("--expand", "Draw every block of the async macro instead of one node per use.", false)
    .option("--detailed-exitcode", `Exit ${DIFF_CHANGED_EXIT_CODE} when the flows differ (0 when they do not, 1 on bad input), for CI.`, false)
    .action(async (before: string, after: string, flags: DiffFlags) => {
      const result = await runDiff({ before, after, expand: flags.expand === true, mermaidFile: flags.mermaid });
      if (!result.ok) {
        logger.error(result.problem);
        process.exitCode = EXIT_CODE.UserError;
        return;
      }
      if (flags.json === true) {
        logger.data(`${JSON.stringify({ before, after, changed: result.changed, startChanged: result.diff.startChanged, unchangedCount: result.diff.unchangedCount, structuralMatches: result.diff.structuralMatches, changes: result.diff.changes }, null, 2)}\n`);
      } else if (flags.markdown === true) {
        logger.data(result.markdown);
      } else {
        logger.data(result.summary);
      }
      process.exitCode = result.changed && flags.detailedExitcode === true ? DIFF_CHANGED_EXIT_CODE : EXIT_CODE.Ok;
    });
}
