/**
 * Smoke test of the benchmark harness (not a benchmark): one tiny figure end to end, the command line,
 * the JSON's key order, and the percentile definition the tables rely on. `npm run bench` runs the
 * real thing.
 */
import * as path from "node:path";
import { parseBenchArguments, runBench, sortedJson } from "../../bench/run";
import { median, percentile } from "../../bench/stats";

describe("the benchmark harness", () => {
  it("runs the quick poll-latency figure and reports it as a table and as sorted JSON", async () => {
    // GIVEN the quick path of one cheap figure
    // WHEN the harness runs it without writing a file
    const run = await runBench({ only: ["poll-latency"], quick: true });

    // THEN nothing failed, the table is there, and the JSON carries the figure with sorted keys
    expect(run.failures).toStrictEqual([]);
    expect(run.tables.map((table) => table.title)).toStrictEqual([expect.stringMatching(/^3\. Warm poll latency/)]);
    const parsed = JSON.parse(run.json) as { figures: { "poll-latency": { calls: number; poll: { p50Us: number }; rawGetItem: { p50Us: number }; p50Ratio: number } } };
    const figure = parsed.figures["poll-latency"];
    expect(figure.calls).toBe(200);
    expect(figure.poll.p50Us).toBeGreaterThan(0);
    expect(figure.p50Ratio).toBeCloseTo(figure.poll.p50Us / figure.rawGetItem.p50Us, 2);
    expect(run.json).toBe(sortedJson(JSON.parse(run.json)));
  }, 20_000);

  it("writes a full run to latest.json and a quick or partial one to quick.json", () => {
    // GIVEN the three kinds of command line
    // WHEN they are parsed
    const full = parseBenchArguments([]);
    const quick = parseBenchArguments(["--quick"]);
    const partial = parseBenchArguments(["--only", "synth,bundles", "--only", "cost"]);

    // THEN each goes to its own file, and --only accumulates
    expect(path.basename(full.outFile)).toBe("latest.json");
    expect(path.basename(quick.outFile)).toBe("quick.json");
    expect(partial.only).toStrictEqual(["synth", "bundles", "cost"]);
  });

  it("rejects an unknown figure and names the ones it knows", () => {
    expect(() => parseBenchArguments(["--only", "synthesis"])).toThrow(/unknown figure "synthesis"; expected one of synth, bundles, poll-latency, metrics-overhead, caller-experience, cost/);
  });

  it("sorts keys at every level and turns non-finite numbers into null", () => {
    expect(sortedJson({ b: 1, a: { d: Number.NaN, c: [{ z: 1, y: 2 }] } })).toBe('{\n  "a": {\n    "c": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ],\n    "d": null\n  },\n  "b": 1\n}\n');
  });

  it("takes percentiles by nearest rank and the median as the middle", () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 10)).toBe(1);
    expect(median(samples)).toBe(5.5);
    expect(median([3, 1, 2])).toBe(2);
  });
});
