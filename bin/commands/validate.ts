/**
 * `connect-async validate <flow.json...>`: validates flow-language files as Connect would on publish.
 * Exit 1 when any file has an error (or, with --strict, a warning) or cannot be read.
 */
import type { Command } from "commander";
import type { FlowIssue } from "../../flows/flow-json";
// A tiny vocabulary module: loading it does not load the validator.
import { FlowType } from "../../flows/validation/flow-type";
import { EXIT_CODE, type ExitCode, type Logger } from "../logger";
import { expandFlowPaths } from "../flow-files";
import { readFlowFile } from "../read-flow-file";

export interface ValidateOptions {
  /** Flow JSON files, or folders whose `*.json` files are validated. */
  readonly paths: ReadonlyArray<string>;
  /** Fail on warnings too. */
  readonly strict: boolean;
  /** Seconds of consecutive Lambda time allowed without a prompt. @default the validator's 20 */
  readonly lambdaBudgetSeconds?: number;
  /** The flows' type, for the flow-type and channel checks. @default unknown: not checked */
  readonly flowType?: FlowType;
}

/** The outcome for one file: its issues, or why it could not be read as a flow. */
export interface FileReport {
  readonly file: string;
  readonly issues: ReadonlyArray<FlowIssue>;
  readonly problem?: string;
}

export interface ValidateResult {
  readonly reports: ReadonlyArray<FileReport>;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly unreadableCount: number;
  readonly exitCode: ExitCode;
}

/**
 * Validates every file; never stops at the first bad one, and never throws for a bad file: each file gets a
 * report (its issues, or why it is not a flow). The flow modules load here, not at the top of the file, so
 * `--help` and the other commands start without them.
 */
export async function runValidate(options: ValidateOptions): Promise<ValidateResult> {
  const { validateFlow } = require("../../flows/validate") as typeof import("../../flows/validate");
  const files = await expandFlowPaths(options.paths);
  const reports: FileReport[] = [];
  let internalFailure = false;
  for (const file of files) {
    const read = await readFlowFile(file);
    if (read.kind === "unreadable") {
      reports.push({ file, issues: [], problem: read.problem });
    } else if (read.kind === "tooLarge") {
      reports.push({ file, issues: [{ severity: "error", code: "CONTENT_TOO_LARGE", message: read.message }] });
    } else {
      try {
        reports.push({ file, issues: validateFlow(read.flow, { lambdaBudgetSeconds: options.lambdaBudgetSeconds, flowType: options.flowType }) });
      } catch (error) {
        // validateFlow is written never to throw; if it does, the other files still get their reports.
        internalFailure = true;
        reports.push({ file, issues: [], problem: `could not be validated: connect-async failed (${error instanceof Error ? error.message : String(error)}). Please report this with the file.` });
      }
    }
  }
  const all = reports.flatMap((report) => report.issues);
  const errorCount = all.filter((issue) => issue.severity === "error").length;
  const warningCount = all.length - errorCount;
  const unreadableCount = reports.filter((report) => report.problem !== undefined).length;
  const failed = errorCount > 0 || unreadableCount > 0 || (options.strict && warningCount > 0);
  const exitCode = internalFailure ? EXIT_CODE.InternalFailure : failed ? EXIT_CODE.UserError : EXIT_CODE.Ok;
  return { reports, errorCount, warningCount, unreadableCount, exitCode };
}

/** The human report: one `[file] [blockId] message` line per issue, then a summary. */
export function printValidateResult(result: ValidateResult, logger: Logger): void {
  for (const report of result.reports) {
    if (report.problem !== undefined) logger.info(`[${report.file}] ${report.problem}`);
    for (const issue of report.issues) {
      const severity = issue.severity === "warning" ? "warning: " : "";
      logger.info(`[${report.file}] [${issue.blockId ?? "flow"}] ${severity}${issue.message} (${issue.code})`);
    }
  }
  const files = result.reports.length;
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;
  const unreadable = result.unreadableCount > 0 ? `, ${plural(result.unreadableCount, "unreadable file")}` : "";
  const verdict = result.exitCode === EXIT_CODE.Ok ? "OK" : "FAILED";
  logger.info(`${verdict}: validated ${plural(files, "file")}: ${plural(result.errorCount, "error")}, ${plural(result.warningCount, "warning")}${unreadable}.`);
}

interface ValidateFlags {
  readonly json?: boolean;
  readonly strict?: boolean;
  readonly lambdaBudget?: string;
  readonly flowType?: string;
}

export function registerValidate(program: Command, logger: Logger): void {
  program
    .command("validate")
    .description("Validate Amazon Connect flow JSON files: errors for what Connect rejects on publish, warnings for what misbehaves on a call. Flows kept as templates pass: each placeholder where an ARN, id or prompt goes (%Name%, ${name}, {{name}}, \"ENTER …\" text) is a TEMPLATE_PLACEHOLDER warning to substitute before import.")
    .argument("<flow...>", "Flow JSON files (flow language 2019-10-30, or describe-contact-flow output), or folders of them.")
    .option("--json", "Print the result as JSON for machines instead of text.", false)
    .option("--strict", "Fail (exit 1) on warnings as well as on errors, e.g. on a placeholder left in a flow about to be imported.", false)
    .option("--lambda-budget <seconds>", "Seconds of back-to-back Lambda time allowed without a prompt before a warning.", "20")
    .option("--flow-type <type>", `The flows' type, to warn about blocks it does not allow and about voice-only prompts or Waits the contacts it carries cannot take: ${Object.values(FlowType).join(", ")}.`)
    .action(async (paths: string[], flags: ValidateFlags, command: Command) => {
      const lambdaBudgetSeconds = Number(flags.lambdaBudget);
      if (!Number.isFinite(lambdaBudgetSeconds) || lambdaBudgetSeconds <= 0) {
        command.error(`--lambda-budget must be a positive number of seconds, got "${flags.lambdaBudget}".`, { exitCode: EXIT_CODE.UserError });
      }
      const flowType = flags.flowType as FlowType | undefined;
      if (flowType !== undefined && !(Object.values(FlowType) as string[]).includes(flowType)) {
        command.error(`--flow-type must be one of ${Object.values(FlowType).join(", ")}, got "${flags.flowType}".`, { exitCode: EXIT_CODE.UserError });
      }
      const result = await runValidate({ paths, strict: flags.strict === true, lambdaBudgetSeconds, flowType });
      if (flags.json === true) logger.data(`${JSON.stringify(result, null, 2)}\n`);
      else printValidateResult(result, logger);
      process.exitCode = result.exitCode;
    });
}
