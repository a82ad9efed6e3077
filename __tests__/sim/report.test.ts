import { JSDOM } from "jsdom";
import { simulate, simulatedDemoFlow, type SimulationResult } from "../../sim/call-simulator";
import { formatClock, formatReport, toJsonReport } from "../../sim/report";
import { namedScenario } from "../../sim/scenarios";
import { renderSvg, svgElement, timelineSvg } from "../../sim/timeline-svg";

let result: SimulationResult;
beforeAll(async () => {
  result = await simulate({ scenario: namedScenario("slow-backend"), flow: simulatedDemoFlow() });
});

describe("simulation report", () => {
  it("prints what the caller hears, when, and the figures", () => {
    const text = formatReport(result);
    expect(text).toContain('+0:00.000  says "Thank you for calling the connect async demo."');
    expect(text).toMatch(/· silence: Lambda connect-async-start \d+ ms/);
    expect(text).toMatch(/pause 2\.00 s/);
    expect(text).toMatch(/► outcome: SUCCESS/);
    expect(text).toMatch(/✕ disconnect/);
    expect(text).toMatch(/\[backend attempt 1: ok \(25\.00 s\)/);
    for (const label of ["Outcome", "Time to outcome", "Result-delivery lag", "Longest silence", "Lambda invocations", "Executions", "Table"]) {
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
        invocations: { poll: expect.any(Number), start: 1 },
        executions: 1,
        timeline: expect.any(Array),
      }),
    );
    expect(json.timeline[0]).toEqual(expect.objectContaining({ kind: "speech", atMs: 0, callerId: "caller-1" }));
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
