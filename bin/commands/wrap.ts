/**
 * `connect-async wrap FLOW.json --operation NAME [--block ID|--lambda ARN] [--out FILE]`: replaces a slow
 * synchronous Lambda call in an exported flow with the async macro and prints the operation to add to
 * the bridge. Exit 0 when wrapped; 1 when the input is unusable or the block cannot be wrapped safely
 * (each reason printed); 2 when connect-async itself failed (the wrapped flow would not validate).
 */
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import * as path from "node:path";
import type { FlowIssue } from "../../flows/flow-json";
import type { WrapRefusal } from "../../flows/wrap/wrap-refusal";
import type { WrapOptions, WrapResult, WrapStrategy } from "../../flows/wrap/wrap-flow";
import { FlowType } from "../../flows/validation/flow-type";
import { EXIT_CODE, type ExitCode, type Logger } from "../logger";
import { readFlowFile } from "../read-flow-file";

/** The wrap itself takes {@link WrapOptions}; the command adds where the flow comes from and goes to. */
export interface WrapCommandOptions extends WrapOptions {
  /** The flow JSON to wrap (a console export, or describe-contact-flow output). */
  readonly file: string;
  /** Where to write the wrapped flow. @default returned for stdout */
  readonly out?: string;
}

export type WrapCommandResult =
  | { readonly ok: true; readonly wrap: WrapResult; readonly text: string; readonly issues: ReadonlyArray<FlowIssue>; readonly report: ReadonlyArray<string>; readonly writtenTo?: string; readonly exitCode: ExitCode }
  | { readonly ok: false; readonly problem?: string; readonly refusals?: ReadonlyArray<WrapRefusal>; readonly issues?: ReadonlyArray<FlowIssue>; readonly exitCode: ExitCode };

/** Wraps, validates the result as `validate` would, and writes it. */
export async function runWrap(options: WrapCommandOptions): Promise<WrapCommandResult> {
  const { wrapFlow } = require("../../flows/wrap/wrap-flow") as typeof import("../../flows/wrap/wrap-flow");
  const { WrapRefusedError } = require("../../flows/wrap/wrap-refusal") as typeof import("../../flows/wrap/wrap-refusal");
  const { bridgeOperationSnippet, terraformOperationSnippet } = require("../../flows/wrap/operation-snippet") as typeof import("../../flows/wrap/operation-snippet");
  const { escapeForTemplatefile, templatefileSnippet, templateVariablesOf } = require("../../flows/wrap/templatefile") as typeof import("../../flows/wrap/templatefile");
  const { validateFlow } = require("../../flows/validate") as typeof import("../../flows/validate");
  const { serializeFlow } = require("../../flows/parse") as typeof import("../../flows/parse");
  const read = await readFlowFile(options.file);
  if (read.kind === "unreadable") return { ok: false, problem: `${options.file}: ${read.problem}`, exitCode: EXIT_CODE.UserError };
  if (read.kind === "tooLarge") return { ok: false, problem: `${options.file}: ${read.message}`, exitCode: EXIT_CODE.UserError };

  let wrap: WrapResult;
  try {
    wrap = wrapFlow(read.flow, options);
  } catch (error) {
    if (error instanceof WrapRefusedError) return { ok: false, refusals: error.reasons, exitCode: EXIT_CODE.UserError };
    throw error;
  }
  // Validated with wrap's own templatefile() variables filled in by stand-ins, as Terraform will fill them in:
  // the warnings left are the flow's own.
  const { substitutePlaceholders } = require("../../flows/template/substitution") as typeof import("../../flows/template/substitution");
  const { WRAP_TEMPLATE_STAND_INS } = require("../../flows/wrap/templatefile") as typeof import("../../flows/wrap/templatefile");
  const issues = validateFlow(substitutePlaceholders(wrap.flow, WRAP_TEMPLATE_STAND_INS).flow, { flowType: wrap.flowType });
  const errors = issues.filter((issue) => issue.severity === "error");
  if (errors.length > 0) return { ok: false, problem: "the wrapped flow does not validate; this is a connect-async bug, please report it with the input flow", issues: errors, exitCode: EXIT_CODE.InternalFailure };

  // With templatefile() variables left in it, the file is a Terraform template: the flow's own ${ and %{ are escaped.
  const variables = templateVariablesOf(wrap.flow);
  const text = serializeFlow(variables.length > 0 ? escapeForTemplatefile(wrap.flow) : wrap.flow);
  const warnings = issues.filter((issue) => issue.severity === "warning");
  const calls = wrap.operation.dynamicTarget === undefined ? wrap.operation.target : `the Lambda ${wrap.operation.dynamicTarget.reference} names at run time`;
  const report = [
    `Wrapped InvokeLambdaFunction block ${wrap.blockId} (${calls}) in the async macro: ${wrap.strategy} strategy${wrap.flowType !== undefined ? ` for a ${wrap.flowType} flow` : ""}, ${wrap.addedBlockIds.length} blocks added, every other block unchanged.`,
    `The wrapped flow validates: 0 errors, ${warnings.length} warning(s)${warnings.length > 0 ? ":" : "."}`,
    ...warnings.map((issue) => `  [${issue.blockId ?? "flow"}] warning: ${issue.message} (${issue.code})`),
    ...holdPromptLines(wrap),
    "",
    "Add the operation to your ConnectAsyncBridge:",
    ...indent(bridgeOperationSnippet(wrap.operation)),
    "",
    "Or, in the tfvars of the generic Terraform module (terraform/connect-async):",
    ...indent(terraformOperationSnippet(wrap.operation)),
    ...(variables.length > 0
      ? [
        "",
        `The flow names ${variables.join(", ")} as templatefile() variables, so it is a Terraform template (its own \${ and %{ are escaped as $\${ and %%{, which render back to themselves). Render it with:`,
        ...indent(templatefileSnippet({ variables, file: options.out === undefined ? undefined : path.basename(options.out), holdPromptName: wrap.holdPrompt.source === "instance" ? wrap.holdPrompt.name : undefined })),
        `Or run wrap again with ${variables.map((variable) => FLAG_OF_VARIABLE.get(variable) ?? variable).join(" and ")} to write a flow to import as it stands.`,
      ]
      : []),
    ...wrap.notes.flatMap((note) => ["", `Note: ${note}`]),
  ];
  if (options.out === undefined) return { ok: true, wrap, text, issues, report, exitCode: EXIT_CODE.Ok };
  try {
    await writeFile(options.out, text, "utf8");
  } catch (error) {
    return { ok: false, problem: `${options.out} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, exitCode: EXIT_CODE.UserError };
  }
  return { ok: true, wrap, text, issues, report: [`Wrote ${options.out}.`, ...report], writtenTo: options.out, exitCode: EXIT_CODE.Ok };
}

/** The option that gives each templatefile() variable's value instead. */
const FLAG_OF_VARIABLE: ReadonlyMap<string, string> = new Map([
  ["connect_async_start_function_arn", "--start-arn"],
  ["connect_async_poll_function_arn", "--poll-arn"],
  ["connect_async_hold_prompt_arn", "--hold-prompt"],
]);

/** Where the hold music comes from, in a sentence. */
function holdPromptLines(wrap: WrapResult): string[] {
  if (wrap.holdPrompt.source !== "instance") return [];
  return [`Hold music: the instance's ${wrap.holdPrompt.name}, looked up by name at deploy (${wrap.holdPrompt.placeholder}); give --hold-prompt to play another prompt.`];
}

function indent(text: string): string[] {
  return text.trimEnd().split("\n").map((line) => `  ${line}`);
}

interface WrapFlags {
  readonly block?: string;
  readonly lambda?: string;
  readonly operation?: string;
  readonly id?: string;
  readonly startArn?: string;
  readonly pollArn?: string;
  readonly maxWait?: string;
  readonly strategy?: string;
  readonly flowType?: string;
  readonly initialMessage?: string;
  readonly comfortMessage?: string;
  readonly holdPrompt?: string;
  readonly holdPromptSeconds?: string;
  readonly out?: string;
  readonly json?: boolean;
}

export function registerWrap(program: Command, logger: Logger): void {
  program
    .command("wrap")
    .description("Replace a slow synchronous Lambda call in an exported flow with the async macro (start, keep the caller company, poll), and print the operation to add to the bridge.")
    .argument("<flow>", "The flow JSON file: a console export, or describe-contact-flow output.")
    .option("--block <name-or-id>", "The block to wrap: its Identifier (or builder name). Needed when the flow calls Lambda more than once.")
    .option("--lambda <arn-or-name>", "The block to wrap, by the Lambda it calls: its ARN or function name (the NAME of a `${aws_lambda_function.NAME.arn}` reference too).")
    .option("--operation <name>", "The operation's name in the bridge ([A-Za-z0-9_-], up to 40 characters).")
    .option("--id <id>", "The macro id that names the new blocks and flow attributes. Defaults to the operation name.")
    .option("--start-arn <arn>", "The bridge's start Lambda ARN. Defaults to a templatefile() placeholder.")
    .option("--poll-arn <arn>", "The bridge's poll Lambda ARN. Defaults to a templatefile() placeholder.")
    .option("--max-wait <seconds>", "The longest the caller may wait for the outcome.", "60")
    .option("--strategy <strategy>", "auto (event where the flow type allows Wait, else loop), loop, or event.", "auto")
    .option("--flow-type <type>", `The flow's type, when the export does not say: ${Object.values(FlowType).join(", ")}.`)
    .option("--initial-message <text>", "Said once when the work is still pending.")
    .option("--comfort-message <text>", "Said now and then while the caller waits.")
    .option("--hold-prompt <prompt-arn>", "Hold music from the instance's prompt library. Without it, the event strategy plays the instance's CustomerQueue.wav, looked up by name at deploy (a templatefile() variable); the loop strategy pauses briefly between polls.")
    .option("--hold-prompt-seconds <seconds>", "How long that prompt plays; the loop strategy needs it to size its turns.")
    .option("-o, --out <file>", "Write the wrapped flow here instead of printing it.")
    .option("--json", "Print the result (operation, added blocks, notes, issues) as JSON.", false)
    .action(async (file: string, flags: WrapFlags, command: Command) => {
      if (flags.operation === undefined) command.error("--operation is required: the name the bridge will know the slow call by.", { exitCode: EXIT_CODE.UserError });
      const maxWaitSeconds = Number(flags.maxWait);
      if (!Number.isFinite(maxWaitSeconds) || maxWaitSeconds <= 0) command.error(`--max-wait must be a positive number of seconds, got "${flags.maxWait}".`, { exitCode: EXIT_CODE.UserError });
      if (flags.flowType !== undefined && !(Object.values(FlowType) as string[]).includes(flags.flowType)) {
        command.error(`--flow-type must be one of ${Object.values(FlowType).join(", ")}, got "${flags.flowType}".`, { exitCode: EXIT_CODE.UserError });
      }
      const holdPromptSeconds = flags.holdPromptSeconds === undefined ? undefined : Number(flags.holdPromptSeconds);
      if (holdPromptSeconds !== undefined && !(holdPromptSeconds > 0)) command.error(`--hold-prompt-seconds must be a positive number, got "${flags.holdPromptSeconds}".`, { exitCode: EXIT_CODE.UserError });
      if (flags.block !== undefined && flags.lambda !== undefined) command.error("give --block or --lambda, not both.", { exitCode: EXIT_CODE.UserError });
      const result = await runWrap({
        file, block: flags.block, lambda: flags.lambda, operation: flags.operation!, id: flags.id,
        startFunctionArn: flags.startArn, pollFunctionArn: flags.pollArn, maxWaitSeconds,
        strategy: flags.strategy as WrapStrategy, flowType: flags.flowType as FlowType | undefined,
        initialMessage: flags.initialMessage, comfortMessage: flags.comfortMessage, holdPromptId: flags.holdPrompt, holdPromptSeconds, out: flags.out,
      });
      process.exitCode = result.exitCode;
      if (!result.ok) {
        if (result.problem !== undefined) logger.error(result.problem);
        for (const refusal of result.refusals ?? []) logger.error(`[${refusal.blockId ?? "flow"}] ${refusal.message} (${refusal.code})`);
        for (const issue of result.issues ?? []) logger.error(`[${issue.blockId ?? "flow"}] ${issue.message} (${issue.code})`);
        return;
      }
      if (flags.json === true) {
        logger.data(`${JSON.stringify({ blockId: result.wrap.blockId, strategy: result.wrap.strategy, flowType: result.wrap.flowType, operation: result.wrap.operation, addedBlockIds: result.wrap.addedBlockIds, holdPrompt: result.wrap.holdPrompt, notes: result.wrap.notes, issues: result.issues, writtenTo: result.writtenTo }, null, 2)}\n`);
        if (result.writtenTo === undefined) logger.warn("--json without --out: the wrapped flow itself was not written; add --out FILE.");
        return;
      }
      if (result.writtenTo === undefined) {
        // The flow goes to stdout for a pipe, so the report goes to stderr.
        logger.data(result.text);
        for (const line of result.report) logger.warn(line);
      } else {
        for (const line of result.report) logger.info(line);
      }
    });
}
