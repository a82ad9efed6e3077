/**
 * The simulator's figures agree (issue 17 F): one meaning of silence (an SSML pause is silence), the
 * text report and the JSON give the same numbers, quiet beyond Lambda never exceeds the longest silence,
 * and the README and `simulate --help` define each figure in the same words.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { registerSimulate } from "../../bin/commands/simulate";
import { asyncInvoke, DisconnectParticipant, Flow, MessageParticipant } from "../../index";
import type { FlowJson } from "../../flows/flow-json";
import { simulate } from "../../sim/call-simulator";
import { FIGURE_DEFINITIONS, SILENCE_DEFINITION } from "../../sim/report/figure-definitions";
import { formatDuration, formatSummary, toJsonReport } from "../../sim/report/report";
import type { CallerReport } from "../../sim/report/simulation-result";
import { TimelineKind } from "../../sim/report/timeline";
import { SIMULATED_POLL_ARN, SIMULATED_START_ARN } from "../../sim/world/demo-world";
import { namedScenario } from "../../sim/world/scenarios";

/** A flow with the macro's defaults: on voice, its hold is an SSML break (a pause, not sound). */
function defaultMacroFlow(): FlowJson {
  const goodbye = new DisconnectParticipant("Goodbye");
  const say = (name: string) => new MessageParticipant(name, { prompt: { text: name } }).onError(goodbye).next(goodbye);
  const lookup = asyncInvoke("lookup", { startFunctionArn: SIMULATED_START_ARN, pollFunctionArn: SIMULATED_POLL_ARN, maxWaitSeconds: 40, onSuccess: say("Done"), onFailure: say("Failed"), onTimeout: say("Too slow") });
  return new Flow({ name: "Lookup", startWith: lookup }).toJson();
}

/** The longest stretch without speech or recorded audio before the outcome, computed here from the timeline alone. */
function longestWithoutSound(caller: CallerReport): number {
  let cursor = caller.startedAtMs;
  let longest = 0;
  const sounds = caller.timeline.filter((entry) => (entry.kind === TimelineKind.speech || entry.kind === TimelineKind.audio) && entry.durationMs > 0 && entry.atMs < caller.outcome.atMs).sort((a, b) => a.atMs - b.atMs);
  for (const sound of sounds) {
    longest = Math.max(longest, sound.atMs - cursor);
    cursor = Math.max(cursor, sound.atMs + sound.durationMs);
  }
  return Math.max(longest, caller.outcome.atMs - cursor);
}

const row = (text: string, label: string): string => new RegExp(`^${label} {2,}(.*)$`, "m").exec(text)?.[1] ?? "";

describe("the simulator's figures", () => {
  it.each(["slow-backend", "poll-error"])("%s with SSML holds: text and JSON agree, and quiet beyond Lambda is within the longest silence", async (name) => {
    // GIVEN a call whose holds are SSML pauses
    const result = await simulate({ scenario: namedScenario(name), flow: defaultMacroFlow(), operations: { lookup: {} } });
    const json = JSON.parse(JSON.stringify(toJsonReport(result)));
    const [caller] = result.callers;

    // THEN the longest silence is the longest stretch without speech or audio (pauses are silence)
    expect(caller!.longestSilenceMs).toBe(longestWithoutSound(caller!));
    expect(caller!.silenceBeyondLambdaMs).toBeGreaterThan(0);
    expect(caller!.silenceBeyondLambdaMs).toBeLessThanOrEqual(caller!.longestSilenceMs);
    // AND the JSON carries the same figures, once each
    expect([json.longestSilenceMs, json.silenceBeyondLambdaMs]).toStrictEqual([caller!.longestSilenceMs, caller!.silenceBeyondLambdaMs]);
    expect(json).not.toHaveProperty("longestSilenceBeyondLambdaMs");
    // AND the text prints those numbers
    const text = formatSummary(result);
    expect(row(text, "Longest silence")).toMatch(new RegExp(`^${formatDuration(json.longestSilenceMs)} `));
    expect(row(text, "Silence beyond Lambda")).toMatch(new RegExp(`^${formatDuration(json.silenceBeyondLambdaMs)} `));
  }, 60_000);

  it("hold every caller of a crowd to the same order", async () => {
    const result = await simulate({ scenario: namedScenario("jittery-backend"), flow: defaultMacroFlow(), operations: { lookup: {} } });
    for (const caller of result.callers) {
      expect(caller.longestSilenceMs).toBe(longestWithoutSound(caller));
      expect(caller.silenceBeyondLambdaMs).toBeLessThanOrEqual(caller.longestSilenceMs);
    }
  }, 60_000);
});

describe("the figures' definitions", () => {
  const normalized = (text: string): string => text.replace(/\s+/g, " ");

  it("are the README's, word for word", () => {
    const readme = normalized(readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8"));
    for (const [name, definition] of Object.entries(FIGURE_DEFINITIONS)) expect(readme).toContain(`\`${name}\`: ${definition}`);
    expect(readme).toContain(SILENCE_DEFINITION);
  });

  it("are simulate --help's, in its --json description", () => {
    const program = new Command();
    registerSimulate(program, { info: () => undefined, data: () => undefined, error: () => undefined, warn: () => undefined } as never);
    const json = program.commands.find((command) => command.name() === "simulate")!.options.find((option) => option.long === "--json")!;
    for (const [name, definition] of Object.entries(FIGURE_DEFINITIONS)) expect(json.description).toContain(`${name}: ${definition}`);
    expect(json.description).toContain(SILENCE_DEFINITION);
  });
});
