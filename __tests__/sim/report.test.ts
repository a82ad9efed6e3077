import { JSDOM } from "jsdom";
import { simulate } from "../../sim/call-simulator";
import { type SimulationResult } from "../../sim/report/simulation-result";
import { simulatedDemoFlow } from "../../sim/world/demo-world";
import { formatClock, formatReport, recordingName, toJsonReport } from "../../sim/report/report";
import { namedScenario } from "../../sim/world/scenarios";
import { renderSvg, svgElement, timelineSvg } from "../../sim/report/timeline-svg";

let result: SimulationResult;
beforeAll(async () => {
  result = await simulate({ scenario: namedScenario("slow-backend"), flow: simulatedDemoFlow() });
});

describe("simulation report", () => {
  it("prints what the caller hears, when, and the figures", () => {
    const text = formatReport(result);
    expect(text).toContain('+0:00.000  says "Thank you for calling the connect async demo."');
    expect(text).toMatch(/· silence: Lambda connect-async-start \d+ ms/);
    // the demo's event strategy: poll runs asynchronously while music plays, and its return cuts the music
    // the demo flow's rounds wait with the long-poll function, as the demo stack's do
    expect(text).toMatch(/Lambda connect-async-long-poll invoked asynchronously; returns \+0:\d\d\.\d{3}/);
    expect(text).toMatch(/plays \S+ \([\d.]+ m?s of [\d.]+ s, cut\)/);
    expect(text).toMatch(/◆ Wait: PollReturned: the Lambda returned/);
    expect(text).toMatch(/► outcome: SUCCESS/);
    expect(text).toMatch(/✕ disconnect/);
    expect(text).toMatch(/\[backend attempt 1: ok \(25\.00 s\)/);
    for (const label of ["Operations", "Outcome", "Time to outcome", "Result-delivery lag", "Longest silence", "Silence beyond Lambda", "Lambda invocations", "Executions", "Table"]) {
      expect(text).toMatch(new RegExp(`^${label} +\\S`, "m"));
    }
  });

  it("gives machines the outcome and the figures as JSON", () => {
    const json = JSON.parse(JSON.stringify(toJsonReport(result)));
    expect(json).toEqual(
      expect.objectContaining({
        scenario: "slow-backend",
        outcome: "success",
        timeToOutcomeMs: result.callers[0].timeToOutcomeMs,
        resultDeliveryLagMs: result.callers[0].resultDeliveryLagMs,
        longestSilenceMs: result.callers[0].longestSilenceMs,
        silenceBeyondLambdaMs: result.callers[0].silenceBeyondLambdaMs,
        chatMessages: 0,
        voiceOnlyPromptsOnChat: 0,
        channel: "VOICE",
        operations: ["demo"],
        invocations: { poll: expect.any(Number), start: 1 },
        executions: 1,
        timeline: expect.any(Array),
      }),
    );
    expect(json.timeline[0]).toEqual(expect.objectContaining({ kind: "speech", atMs: 0, callerId: "caller-1" }));
  });

  it("shows every caller of a multi-caller scenario, and a summary of all of them", async () => {
    // GIVEN three callers a second apart with their own requests
    const several = await simulate({ scenario: { name: "three", backend: { latencyMs: 4000 }, callers: [{ count: 3, spacingMs: 1000 }] }, flow: simulatedDemoFlow() });
    // WHEN the report is printed
    const text = formatReport(several);
    // THEN each caller has its own line with its start time and outcome
    for (const caller of several.callers) {
      expect(text).toMatch(new RegExp(`^${caller.callerId} +\\${formatClock(caller.startedAtMs)} +success `, "m"));
    }
    // AND the summary counts every caller and spreads their figures
    expect(text).toMatch(/^Callers +3: 3 success$/m);
    expect(text).toMatch(/^Time to outcome +median [\d.]+ m?s, max [\d.]+ m?s$/m);
    expect(toJsonReport(several).callers).toHaveLength(3);
  });

  it("draws the timeline as a well-formed SVG with a lane per caller and one for the backend", () => {
    const svg = timelineSvg(result);
    const document = new JSDOM(svg, { contentType: "image/svg+xml" }).window.document;
    expect(document.querySelector("parsererror")).toBeNull();
    const labels = [...document.querySelectorAll("#lanes > text")].map((node) => node.textContent);
    expect(labels).toEqual(expect.arrayContaining(["caller-1", "backend", "success"]));
    expect(document.querySelectorAll("#lanes rect").length).toBeGreaterThan(10);
  });

  it("escapes text in SVG elements", () => {
    expect(renderSvg(svgElement("text", { x: 1.234 }, 'a < b & "c"'))).toBe('<text x="1.23">a &lt; b &amp; &quot;c&quot;</text>');
  });

  it("formats virtual times", () => {
    expect(formatClock(65_432)).toBe("+1:05.432");
  });
});

describe("recordings in the timeline", () => {
  it("names a prompt the stack looked up by its Terraform name, and leaves other sources as written", () => {
    expect(recordingName("${data.aws_connect_prompt.hold_music.arn}")).toBe("prompt hold_music");
    expect(recordingName("arn:aws:connect:us-east-1:111111111111:instance/i/prompt/p")).toBe("arn:aws:connect:us-east-1:111111111111:instance/i/prompt/p");
    expect(recordingName("${var.music}")).toBe("${var.music}");
  });
});
