/**
 * `simulate --json` reports the metrics the handlers emitted: each name with how many invocations
 * emitted it, read back from the handlers' EMF lines, the same on every run.
 */
import { Command } from "commander";
import { registerSimulate } from "../../bin/commands/simulate";
import type { Logger } from "../../bin/logger";
import { parseEmfLine } from "../../sim/report/emitted-metrics";

function capturingLogger(): Logger & { out: string[] } {
  const out: string[] = [];
  return { out, info: (line) => void out.push(`${line}\n`), data: (text) => void out.push(text), warn: () => undefined, error: () => undefined };
}

async function simulateJson(scenario: string): Promise<{ metrics: Array<{ name: string; count: number }>; invocations: { [name: string]: number }; outcome: string }> {
  const logger = capturingLogger();
  const program = new Command().exitOverride();
  registerSimulate(program, logger);
  await program.parseAsync(["node", "connect-async", "simulate", "--scenario", scenario, "--json"]);
  return JSON.parse(logger.out.join(""));
}

describe("simulate --json metrics", () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("lists each metric the handlers emitted with its count, one Calls per Lambda invocation", async () => {
    // GIVEN a slow backend: one start, then polls until the result
    const json = await simulateJson("slow-backend");
    expect(json.outcome).toBe("success");
    const count = (name: string) => json.metrics.find((metric) => metric.name === name)?.count;
    // THEN every invocation counted one Calls, the fresh start one Fresh, the answer one Succeeded
    const invocations = Object.values(json.invocations).reduce((sum, n) => sum + n, 0);
    expect(count("Calls")).toBe(invocations);
    expect(count("Fresh")).toBe(1);
    expect(count("Succeeded")).toBe(1);
    expect(count("TimeToOutcome")).toBe(1);
    // a cold start per function (start and poll)
    expect(count("ColdStart")).toBe(2);
    // AND the list is sorted by name
    const names = json.metrics.map((metric) => metric.name);
    expect(names).toStrictEqual([...names].sort());
  });

  it("reports the same metrics on every run", async () => {
    const [a, b] = [await simulateJson("failing-backend"), await simulateJson("failing-backend")];
    expect(a.metrics).toStrictEqual(b.metrics);
    expect(a.metrics.map((metric) => metric.name)).toEqual(expect.arrayContaining(["FailureBranch", "Failed"]));
  });
});

describe("parseEmfLine", () => {
  it("refuses a line CloudWatch would not read as EMF, saying what is missing", () => {
    expect(() => parseEmfLine(JSON.stringify({ Calls: 1 }))).toThrow("not an EMF line: it needs an _aws object with a numeric Timestamp");
    const noValue = { _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: "N", Dimensions: [["service"]], Metrics: [{ Name: "Calls", Unit: "Count" }] }] }, service: "s" };
    expect(() => parseEmfLine(JSON.stringify(noValue))).toThrow('EMF metric "Calls" has no numeric value at top level');
  });
});
