/**
 * Draws a simulation's timeline as a standalone SVG: one lane per caller (speech, pauses inside
 * prompts, dead air, Lambda calls, the outcome and the end of the call) and one lane for the backend's
 * attempts, over a time axis. Built from small typed element builders; no dependency.
 */
import type { CallerReport, SimulationResult } from "./simulation-result";
import { formatDuration } from "./report";
import { silences, TimelineKind, type TimelineEntry } from "./timeline";

// ---- a tiny typed SVG builder ----------------------------------------------------------------------

/** An SVG element: a tag, its attributes, its children. */
export interface SvgElement {
  readonly tag: string;
  readonly attributes: { readonly [name: string]: string | number };
  readonly children: ReadonlyArray<SvgElement | string>;
}

/** Builds an element. */
export function svgElement(tag: string, attributes: SvgElement["attributes"] = {}, ...children: Array<SvgElement | string>): SvgElement {
  return { tag, attributes, children };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function formatNumber(value: string | number): string {
  return typeof value === "number" ? String(Math.round(value * 100) / 100) : escapeXml(value);
}

/** Serializes an element (and its children) to XML text. */
export function renderSvg(element: SvgElement, indent = ""): string {
  const attributes = Object.entries(element.attributes)
    .map(([name, value]) => ` ${name}="${formatNumber(value)}"`)
    .join("");
  if (element.children.length === 0) return `${indent}<${element.tag}${attributes}/>`;
  if (element.children.every((child) => typeof child === "string")) {
    return `${indent}<${element.tag}${attributes}>${element.children.map((child) => escapeXml(child as string)).join("")}</${element.tag}>`;
  }
  const inner = element.children.map((child) => (typeof child === "string" ? `${indent}  ${escapeXml(child)}` : renderSvg(child, `${indent}  `))).join("\n");
  return `${indent}<${element.tag}${attributes}>\n${inner}\n${indent}</${element.tag}>`;
}

const rect = (x: number, y: number, width: number, height: number, fill: string, title?: string, extra: SvgElement["attributes"] = {}): SvgElement =>
  svgElement("rect", { x, y, width: Math.max(width, 0.5), height, fill, ...extra }, ...(title ? [svgElement("title", {}, title)] : []));
const text = (x: number, y: number, content: string, extra: SvgElement["attributes"] = {}): SvgElement =>
  svgElement("text", { x, y, "font-family": "Helvetica, Arial, sans-serif", "font-size": 11, fill: "#222", ...extra }, content);
const line = (x1: number, y1: number, x2: number, y2: number, stroke: string, extra: SvgElement["attributes"] = {}): SvgElement =>
  svgElement("line", { x1, y1, x2, y2, stroke, ...extra });

// ---- the drawing -----------------------------------------------------------------------------------

const COLOURS = {
  speech: "#2b6cb0",
  audio: "#2f855a",
  pause: "#a0aec0",
  silence: "#feb2b2",
  lambda: "#dd6b20",
  wait: "#718096",
  outcome: "#1a202c",
  backendOk: "#38a169",
  backendError: "#e53e3e",
  backendThrottled: "#d69e2e",
  axis: "#4a5568",
  grid: "#e2e8f0",
} as const;

const LAYOUT = {
  left: 110,
  right: 30,
  top: 40,
  laneHeight: 34,
  barHeight: 16,
  lambdaHeight: 6,
  width: 1100,
} as const;

function tickStepMs(totalMs: number): number {
  for (const step of [1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000]) if (totalMs / step <= 14) return step;
  return 600_000;
}

function callerLane(caller: CallerReport, y: number, x: (ms: number) => number): SvgElement[] {
  const elements: SvgElement[] = [text(8, y + LAYOUT.barHeight - 3, caller.callerId, { "font-weight": "bold" })];
  const barY = y;
  const endMs = caller.endedAtMs;
  for (const gap of silences(caller.timeline, caller.startedAtMs, endMs)) {
    elements.push(rect(x(gap.startMs), barY, x(gap.endMs) - x(gap.startMs), LAYOUT.barHeight, COLOURS.silence, `silence ${formatDuration(gap.durationMs)}`));
  }
  for (const entry of caller.timeline) {
    const width = x(entry.atMs + entry.durationMs) - x(entry.atMs);
    switch (entry.kind) {
      case TimelineKind.speech:
        elements.push(rect(x(entry.atMs), barY, width, LAYOUT.barHeight, COLOURS.speech, `"${entry.text}" ${formatDuration(entry.durationMs)}`));
        break;
      case TimelineKind.audio:
        elements.push(rect(x(entry.atMs), barY, width, LAYOUT.barHeight, COLOURS.audio, `${entry.text} ${formatDuration(entry.durationMs)}`));
        break;
      case TimelineKind.pause:
        elements.push(rect(x(entry.atMs), barY, width, LAYOUT.barHeight, COLOURS.pause, `pause ${formatDuration(entry.durationMs)}`));
        break;
      case TimelineKind.lambda:
        elements.push(
          rect(x(entry.atMs), barY + LAYOUT.barHeight + 2, width, LAYOUT.lambdaHeight, COLOURS.lambda, `${entry.functionName} ${formatDuration(entry.durationMs)} ${entry.result}`),
        );
        break;
      case TimelineKind.wait:
        elements.push(rect(x(entry.atMs), barY + LAYOUT.barHeight + 2, width, LAYOUT.lambdaHeight, COLOURS.wait, entry.text));
        break;
      case TimelineKind.outcome:
        elements.push(line(x(entry.atMs), barY - 4, x(entry.atMs), barY + LAYOUT.barHeight + 4, COLOURS.outcome, { "stroke-width": 2 }));
        elements.push(text(x(entry.atMs) + 3, barY - 5, entry.text, { "font-size": 10, "font-weight": "bold" }));
        break;
      case TimelineKind.disconnect:
      case TimelineKind.transfer:
      case TimelineKind.end:
        elements.push(text(x(entry.atMs) + 2, barY + LAYOUT.barHeight - 3, entry.kind === TimelineKind.disconnect ? "✕" : "⇢", { "font-size": 13 }));
        break;
      case TimelineKind.asyncLambda:
        // Drawn below the synchronous calls' row: it runs beside the contact, not instead of sound.
        elements.push(
          rect(x(entry.atMs), barY + LAYOUT.barHeight + 4 + LAYOUT.lambdaHeight, width, LAYOUT.lambdaHeight / 2, COLOURS.lambda, `${entry.functionName} (asynchronous) ${formatDuration(entry.durationMs)} ${entry.result}`),
        );
        break;
      case TimelineKind.message:
      case TimelineKind.voiceOnlyPrompt:
      case TimelineKind.waitEvent:
        elements.push(line(x(entry.atMs), barY, x(entry.atMs), barY + LAYOUT.barHeight, entry.kind === TimelineKind.voiceOnlyPrompt ? COLOURS.backendError : COLOURS.outcome, { "stroke-width": 1 }));
        break;
      case TimelineKind.backend:
        break;
    }
  }
  return elements;
}

function backendLane(entries: ReadonlyArray<TimelineEntry>, y: number, x: (ms: number) => number): SvgElement[] {
  const elements: SvgElement[] = [text(8, y + LAYOUT.barHeight - 3, "backend", { "font-weight": "bold" })];
  for (const entry of entries) {
    if (entry.kind !== TimelineKind.backend) continue;
    const fill = entry.result === "ok" ? COLOURS.backendOk : entry.result === "throttled" ? COLOURS.backendThrottled : COLOURS.backendError;
    elements.push(rect(x(entry.atMs), y, x(entry.atMs + entry.durationMs) - x(entry.atMs), LAYOUT.barHeight, fill, `${entry.blockId} ${entry.text} ${formatDuration(entry.durationMs)}`, { opacity: 0.85 }));
  }
  return elements;
}

function legend(y: number): SvgElement[] {
  const items: Array<[string, string]> = [
    ["speech", COLOURS.speech],
    ["pause in prompt", COLOURS.pause],
    ["silence (no prompt)", COLOURS.silence],
    ["Lambda call", COLOURS.lambda],
    ["backend ok", COLOURS.backendOk],
    ["backend error", COLOURS.backendError],
    ["throttled", COLOURS.backendThrottled],
  ];
  let x = LAYOUT.left;
  const elements: SvgElement[] = [];
  for (const [label, colour] of items) {
    elements.push(rect(x, y - 9, 12, 10, colour));
    elements.push(text(x + 16, y, label, { "font-size": 10 }));
    x += 30 + label.length * 6;
  }
  return elements;
}

/** The SVG document of a simulation's timeline. */
export function timelineSvg(result: SimulationResult): string {
  const backend = result.timeline.filter((entry) => entry.kind === TimelineKind.backend);
  const endMs = Math.max(1000, ...result.callers.map((caller) => caller.endedAtMs), ...backend.map((entry) => entry.atMs + entry.durationMs));
  const plotWidth = LAYOUT.width - LAYOUT.left - LAYOUT.right;
  const x = (ms: number): number => LAYOUT.left + (ms / endMs) * plotWidth;
  const lanes = result.callers.length + 1;
  const axisY = LAYOUT.top + lanes * LAYOUT.laneHeight + 6;
  const height = axisY + 50;

  const grid: SvgElement[] = [];
  const step = tickStepMs(endMs);
  for (let ms = 0; ms <= endMs; ms += step) {
    grid.push(line(x(ms), LAYOUT.top - 12, x(ms), axisY, COLOURS.grid));
    grid.push(text(x(ms), axisY + 14, `${ms / 1000} s`, { "text-anchor": "middle", "font-size": 10, fill: COLOURS.axis }));
  }

  const body: SvgElement[] = [];
  result.callers.forEach((caller, index) => body.push(...callerLane(caller, LAYOUT.top + index * LAYOUT.laneHeight, x)));
  body.push(...backendLane(backend, LAYOUT.top + result.callers.length * LAYOUT.laneHeight, x));

  const first = result.callers[0];
  const title = `connect-async simulate — ${result.scenario.name} (seed ${result.seed}): ${first.outcome.kind} after ${formatDuration(first.timeToOutcomeMs)}`;
  const document = svgElement(
    "svg",
    { xmlns: "http://www.w3.org/2000/svg", width: LAYOUT.width, height, viewBox: `0 0 ${LAYOUT.width} ${height}` },
    rect(0, 0, LAYOUT.width, height, "#ffffff"),
    text(8, 18, title, { "font-size": 13, "font-weight": "bold" }),
    svgElement("g", { id: "grid" }, ...grid),
    svgElement("g", { id: "lanes" }, ...body),
    line(LAYOUT.left, axisY, LAYOUT.left + plotWidth, axisY, COLOURS.axis),
    svgElement("g", { id: "legend" }, ...legend(axisY + 36)),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderSvg(document)}\n`;
}
