/**
 * What a simulation prints: the timeline of what a caller hears (prompts, pauses, dead air while
 * Lambdas run, the outcome, transfer or disconnect) beside the backend's work, then the figures.
 * Also the machine-readable form behind `--json`.
 */
import type { CallerReport, SimulationResult } from "./simulation-result";
import { TimelineKind, type TimelineEntry } from "./timeline";

/** `+m:ss.mmm` of a virtual time. */
export function formatClock(ms: number): string {
  const sign = ms < 0 ? "-" : "+";
  const abs = Math.abs(Math.round(ms));
  const minutes = Math.floor(abs / 60_000);
  const seconds = Math.floor((abs % 60_000) / 1000);
  return `${sign}${minutes}:${String(seconds).padStart(2, "0")}.${String(abs % 1000).padStart(3, "0")}`;
}

/** `1.23 s` or `450 ms`. */
export function formatDuration(ms: number): string {
  return Math.abs(ms) >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** `(1.20 s)`, or `(1.20 s of 5.00 s, cut)` for a prompt an event cut short. */
function played(entry: TimelineEntry): string {
  return entry.plannedDurationMs === undefined ? `(${formatDuration(entry.durationMs)})` : `(${formatDuration(entry.durationMs)} of ${formatDuration(entry.plannedDurationMs)}, cut)`;
}

/**
 * A recording as people know it: a prompt from a synthesized stack is a Terraform reference
 * (`${data.aws_connect_prompt.hold_music.arn}`), shown as `prompt hold_music`; anything else as written.
 */
export function recordingName(text: string): string {
  const reference = /^\$\{(?:data\.)?aws_connect_prompt\.([^.}]+)\.(?:arn|prompt_id|id)\}$/.exec(text.trim());
  return reference === null ? text : `prompt ${reference[1]}`;
}

function describe(entry: TimelineEntry): string {
  switch (entry.kind) {
    case TimelineKind.speech:
      return `says "${entry.text}" ${played(entry)}`;
    case TimelineKind.audio:
      return `plays ${recordingName(entry.text)} ${played(entry)}`;
    case TimelineKind.pause:
      return `pause ${formatDuration(entry.durationMs)}${entry.plannedDurationMs === undefined ? "" : ` of ${formatDuration(entry.plannedDurationMs)}, cut`}`;
    case TimelineKind.message:
      return `message "${entry.text}"`;
    case TimelineKind.voiceOnlyPrompt:
      return `! voice-only prompt on a non-voice contact (not delivered): ${entry.text}`;
    case TimelineKind.asyncLambda:
      return entry.result === "running"
        ? `Lambda ${entry.functionName} invoked asynchronously (still running)`
        : `Lambda ${entry.functionName} invoked asynchronously; returns ${formatClock(entry.atMs + entry.durationMs)} (${formatDuration(entry.durationMs)}${entry.attempts > 1 ? `, ${entry.attempts} attempts` : ""}${entry.result === "ok" ? "" : ` → ${entry.result}`})`;
    case TimelineKind.waitEvent:
      return `◆ Wait: ${entry.text}`;
    case TimelineKind.lambda:
      return `· silence: Lambda ${entry.functionName} ${formatDuration(entry.durationMs)}${entry.attempts > 1 ? `, ${entry.attempts} attempts` : ""}${entry.result === "ok" ? "" : ` → ${entry.result}`}`;
    case TimelineKind.wait:
      return `· silence: ${entry.text} ${played(entry)}`;
    case TimelineKind.transfer:
      return `⇢ transfer to ${entry.text}`;
    case TimelineKind.disconnect:
      return "✕ disconnect";
    case TimelineKind.end:
      return `■ end of flow (${entry.text})`;
    case TimelineKind.outcome:
      return `► outcome: ${entry.text.toUpperCase()}`;
    case TimelineKind.backend:
      return `backend ${entry.text} (${formatDuration(entry.durationMs)})`;
  }
}

/** Dead air between consecutive caller entries that no entry accounts for, as an extra line. */
function gapLine(previousEnd: number, next: TimelineEntry): string | undefined {
  const gap = next.atMs - previousEnd;
  return gap >= 1 ? `${formatClock(previousEnd)}  · silence ${formatDuration(gap)}` : undefined;
}

/** The timeline of one caller, with the backend's work interleaved. */
export function formatTimeline(result: SimulationResult, caller: CallerReport = result.callers[0]): string {
  const lines: string[] = [];
  const backend = result.timeline.filter((entry) => entry.kind === TimelineKind.backend);
  const entries = [...caller.timeline, ...backend].sort((a, b) => a.atMs - b.atMs || (a.kind === TimelineKind.backend ? 1 : 0) - (b.kind === TimelineKind.backend ? 1 : 0));
  let callerEnd = caller.startedAtMs;
  for (const entry of entries) {
    if (entry.kind === TimelineKind.backend) {
      lines.push(`${formatClock(entry.atMs)}      [${describe(entry)}; done ${formatClock(entry.atMs + entry.durationMs)}]`);
      continue;
    }
    const gap = gapLine(callerEnd, entry);
    if (gap) lines.push(gap);
    lines.push(`${formatClock(entry.atMs)}  ${describe(entry)}`);
    // An asynchronous invocation runs beside the contact: it neither fills nor hides the caller's silence.
    if (entry.kind !== TimelineKind.asyncLambda) callerEnd = Math.max(callerEnd, entry.atMs + entry.durationMs);
  }
  return lines.join("\n");
}

/** How many callers reached each outcome, e.g. `{ success: 20 }`. */
export function outcomeCounts(result: SimulationResult): { [outcome: string]: number } {
  const counts: { [outcome: string]: number } = {};
  for (const caller of result.callers) counts[caller.outcome.kind] = (counts[caller.outcome.kind] ?? 0) + 1;
  return counts;
}

function executionsLine(result: SimulationResult): string {
  if (result.executions.length === 0) return "0";
  const byOutcome = new Map<string, number>();
  for (const execution of result.executions) {
    const key =
      execution.recorded === "FAILED"
        ? `recorded FAILED ${execution.error ?? ""}`.trim()
        : execution.recorded !== undefined
          ? `recorded ${execution.recorded}`
          : execution.status === "FAILED"
            ? `execution FAILED ${execution.error ?? ""}`.trim()
            : `execution ${execution.status ?? "RUNNING"}`;
    byOutcome.set(key, (byOutcome.get(key) ?? 0) + 1);
  }
  return `${result.executions.length} (${[...byOutcome.entries()].map(([outcome, count]) => `${count} ${outcome}`).join(", ")})`;
}

/** The median and the largest of some figures; `n/a` when there are none. */
function spread(values: ReadonlyArray<number>): string {
  if (values.length === 0) return "n/a";
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return `median ${formatDuration(median)}, max ${formatDuration(sorted[sorted.length - 1])}`;
}

function channelRows(caller: CallerReport): Array<[string, string]> {
  if (caller.channel === "VOICE") return [];
  return [
    ["Channel", caller.channel],
    ["Messages", `${caller.chatMessages}${caller.voiceOnlyPromptsOnChat > 0 ? ` (${caller.voiceOnlyPromptsOnChat} voice-only prompts that a ${caller.channel} contact cannot receive)` : ""}`],
  ];
}

/** The figures: the first caller's alone when there is one, otherwise a summary of every caller. */
export function formatSummary(result: SimulationResult): string {
  const first = result.callers[0];
  const counts = outcomeCounts(result);
  const several = result.callers.length > 1;
  const rows: Array<[string, string]> = [
    ["Scenario", `${result.scenario.name} (seed ${result.seed})${result.scenario.description ? ` — ${result.scenario.description}` : ""}`],
    ["Operations", Object.keys(result.operations).join(", ")],
  ];
  if (several) {
    const callers = result.callers;
    const lags = callers.map((caller) => caller.resultDeliveryLagMs).filter((lag): lag is number => lag !== null);
    rows.push(
      ["Callers", `${callers.length}: ${Object.entries(counts).map(([outcome, count]) => `${count} ${outcome}`).join(", ")}`],
      ["Time to outcome", spread(callers.map((caller) => caller.timeToOutcomeMs))],
      ["Result-delivery lag", lags.length === 0 ? "n/a (no backend work finished during the calls)" : `${spread(lags)}${lags.length < callers.length ? ` (${lags.length} of ${callers.length} callers)` : ""}`],
      ["Longest silence", spread(callers.map((caller) => caller.longestSilenceMs))],
      ["Silence beyond Lambda", spread(callers.map((caller) => caller.silenceBeyondLambdaMs))],
    );
    if (first.channel !== "VOICE") {
      rows.push(["Channel", first.channel], ["Messages per caller", `max ${Math.max(...callers.map((caller) => caller.chatMessages))}; voice-only prompts ${callers.reduce((sum, caller) => sum + caller.voiceOnlyPromptsOnChat, 0)}`]);
    }
  } else {
    rows.push(
      ["Outcome", `${first.outcome.kind}${first.lastErrorCode ? ` (asyncErrorCode ${first.lastErrorCode})` : ""}`],
      ["Time to outcome", formatDuration(first.timeToOutcomeMs)],
      ["Result-delivery lag", first.resultDeliveryLagMs === null ? "n/a (no backend work finished during the call)" : formatDuration(first.resultDeliveryLagMs)],
      ["Longest silence", `${formatDuration(first.longestSilenceMs)} (nothing audible; an SSML pause is silence)`],
      ["Silence beyond Lambda", `${formatDuration(first.silenceBeyondLambdaMs)} (the same, outside synchronous Lambda calls)`],
      ...channelRows(first),
    );
  }
  rows.push(
    ["Lambda invocations", Object.entries(result.invocations).map(([name, count]) => `${name} ${count}`).join(", ") || "none"],
    ["Executions", executionsLine(result)],
    ["Table", `${result.table.reads} reads (${result.table.readRequestUnits} read request units), ${result.table.writes} writes${result.table.conditionFailures > 0 ? ` (${result.table.conditionFailures} conditional writes rejected)` : ""}${result.table.refused > 0 ? `, ${result.table.refused} ${result.table.refused === 1 ? "call" : "calls"} refused (DynamoDB down)` : ""}`],
  );
  for (const note of result.notes) rows.push(["Note", note]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n");
}

/** One line per caller: when they called, their outcome and figures. */
export function formatCallers(result: SimulationResult): string {
  const header = ["caller", "calls at", "outcome", "to outcome", "lag", "silence", "beyond Lambda"];
  const rows = result.callers.map((caller) => [
    caller.callerId,
    formatClock(caller.startedAtMs),
    `${caller.outcome.kind}${caller.lastErrorCode ? ` (${caller.lastErrorCode})` : ""}`,
    formatDuration(caller.timeToOutcomeMs),
    caller.resultDeliveryLagMs === null ? "n/a" : formatDuration(caller.resultDeliveryLagMs),
    formatDuration(caller.longestSilenceMs),
    formatDuration(caller.silenceBeyondLambdaMs),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()).join("\n");
}

/** The whole text report: timeline of the first caller, every caller's line when there are several, then the summary. */
export function formatReport(result: SimulationResult): string {
  const callers = result.callers.length > 1 ? `\n\nEvery caller\n${formatCallers(result)}` : "";
  return `Timeline of ${result.callers[0].callerId} (virtual time)\n${formatTimeline(result)}${callers}\n\n${formatSummary(result)}\n`;
}

/** One caller's figures, as the `--json` document gives them: see FIGURE_DEFINITIONS (figure-definitions.ts). */
export type JsonCallerFigures = Pick<
  CallerReport,
  "timeToOutcomeMs" | "resultDeliveryLagMs" | "longestSilenceMs" | "silenceBeyondLambdaMs" | "chatMessages" | "voiceOnlyPromptsOnChat"
>;

/** The `--json` document: at top level, the first caller's outcome and figures ({@link JsonCallerFigures}), then the whole run's. */
export interface JsonReport extends JsonCallerFigures {
  readonly scenario: string;
  readonly seed: number;
  /** The first caller's outcome: `success`, `failure`, `timeout`, or the terminal kind without the macro. */
  readonly outcome: string;
  readonly channel: string;
  readonly operations: ReadonlyArray<string>;
  readonly errorCode: string | null;
  readonly invocations: { readonly [functionName: string]: number };
  readonly executions: number;
  readonly table: { readonly reads: number; readonly writes: number; readonly conditionFailures: number; readonly refused: number };
  /** Peak concurrent executions (`total` = the bridge's functions together, each function, `targets`) and throttles by function. */
  readonly lambda: SimulationResult["lambda"];
  /** StartExecution calls and those throttled by the account's quota. */
  readonly stepFunctions: SimulationResult["stepFunctions"];
  /** Table reads and writes served, and calls throttled for want of throughput. */
  readonly dynamodb: SimulationResult["dynamodb"];
  /** What the reader should know about how the scenario fitted the flow; none = empty. */
  readonly notes: ReadonlyArray<string>;
  /** How many callers reached each outcome (`success`, `failure`, `timeout`, or a terminal kind). */
  readonly outcomes: { readonly [outcome: string]: number };
  /** The metrics the handlers emitted (CloudWatch EMF), by name, with how many invocations emitted each. */
  readonly metrics: SimulationResult["metrics"];
  readonly callers: ReadonlyArray<
    JsonCallerFigures & { readonly callerId: string; readonly outcome: string; readonly startedAtMs: number; readonly errorCode: string | null }
  >;
  readonly timeline: ReadonlyArray<TimelineEntry>;
}

/** The caller's figures, in the order the document lists them. */
function callerFigures(caller: CallerReport): JsonCallerFigures {
  return {
    timeToOutcomeMs: caller.timeToOutcomeMs,
    resultDeliveryLagMs: caller.resultDeliveryLagMs,
    longestSilenceMs: caller.longestSilenceMs,
    silenceBeyondLambdaMs: caller.silenceBeyondLambdaMs,
    chatMessages: caller.chatMessages,
    voiceOnlyPromptsOnChat: caller.voiceOnlyPromptsOnChat,
  };
}

/** Builds the `--json` document. */
export function toJsonReport(result: SimulationResult): JsonReport {
  const first = result.callers[0];
  return {
    scenario: result.scenario.name,
    seed: result.seed,
    outcome: first.outcome.kind,
    ...callerFigures(first),
    channel: result.channel,
    operations: Object.keys(result.operations),
    errorCode: first.lastErrorCode ?? null,
    invocations: result.invocations,
    executions: result.executions.length,
    table: { reads: result.table.reads, writes: result.table.writes, conditionFailures: result.table.conditionFailures, refused: result.table.refused },
    lambda: result.lambda,
    stepFunctions: result.stepFunctions,
    dynamodb: result.dynamodb,
    notes: result.notes,
    outcomes: outcomeCounts(result),
    metrics: result.metrics,
    callers: result.callers.map((caller) => ({
      callerId: caller.callerId,
      outcome: caller.outcome.kind,
      startedAtMs: caller.startedAtMs,
      ...callerFigures(caller),
      errorCode: caller.lastErrorCode ?? null,
    })),
    timeline: result.timeline,
  };
}
