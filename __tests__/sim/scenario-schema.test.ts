/**
 * The scenario format's JSON Schema (docs/scenario.schema.json, shipped for users and editors) and the
 * simulator's parser agree: every named scenario passes both, and documents the schema refuses are
 * refused by the parser too. Ajv comes with asl-validator (a dev dependency); it is used only here.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { Command } from "commander";
import { registerSimulate } from "../../bin/commands/simulate";
import { validateScenario } from "../../sim/world/scenario";
import { NAMED_SCENARIOS } from "../../sim/world/scenarios";

const ROOT = path.join(__dirname, "..", "..");
const schema = JSON.parse(readFileSync(path.join(ROOT, "docs", "scenario.schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const valid = { name: "ok", backend: { latencyMs: 1000 } };

describe("the scenario JSON Schema", () => {
  it.each([...NAMED_SCENARIOS.keys()])("accepts the named scenario %s", (name) => {
    const document = JSON.parse(JSON.stringify(NAMED_SCENARIOS.get(name)));
    expect(validate(document) ? [] : validate.errors).toStrictEqual([]);
  });

  it.each([
    ["the smallest scenario", valid],
    ["a shared crowd with a schema reference", { ...valid, $schema: "./node_modules/connect-async/docs/scenario.schema.json", requests: "shared", operation: { cacheTtlSeconds: 60 }, callers: [{ count: 3 }] }],
    ["distributions, faults and retries", { ...valid, backend: { latencyMs: { distribution: "normal", meanMs: 9000, stdDevMs: 1000 }, failures: [{ attempts: "all", kind: "throttle" }] }, lambdaFaults: [{ function: "poll", turn: 1, kind: "timeout", attempts: [1, 4] }], operation: { retry: { maxAttempts: 3, backoffRate: 1.5, jitter: true } } }],
  ])("accepts %s, as the parser does", (_case, document) => {
    expect(validate(document)).toBe(true);
    expect(validateScenario(document)).toStrictEqual([]);
  });

  it.each([
    ["no backend", { name: "x" }],
    ["an unknown top-level field", { ...valid, extra: 1 }],
    ["a name that is not kebab-case", { ...valid, name: "Bad Name" }],
    ["requests other than shared or per-caller", { ...valid, requests: "together" }],
    ["a latency distribution the simulator lacks", { ...valid, backend: { latencyMs: { distribution: "poisson", meanMs: 1 } } }],
    ["a negative latency", { ...valid, backend: { latencyMs: -1 } }],
    ["a failure without attempts", { ...valid, backend: { latencyMs: 1, failures: [{ kind: "error" }] } }],
    ["a fault on Connect's fifth attempt", { ...valid, lambdaFaults: [{ function: "start", turn: 1, kind: "error", attempts: [5] }] }],
    ["a caller group of 20,001", { ...valid, callers: [{ count: 20001 }] }],
    ["an attribute that is not a string", { ...valid, callers: [{ attributes: { orderId: 7 } }] }],
    ["an empty cacheKey", { ...valid, operation: { cacheKey: [] } }],
    ["a retry interval of 0", { ...valid, operation: { retry: { intervalSeconds: 0 } } }],
    ["a backoff rate below 1", { ...valid, operation: { retry: { backoffRate: 0.5 } } }],
    ["an expect that is not an object", { ...valid, expect: "success" }],
    ["an unknown channel", { ...valid, channel: "SMS" }],
  ])("refuses %s, and so does the parser", (_case, document) => {
    expect(validate(document)).toBe(false);
    expect(validateScenario(document)).not.toStrictEqual([]);
  });

  it("is shipped in the package and referenced where users look", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { files: string[] };
    expect(manifest.files.some((entry) => entry === "docs/scenario.schema.json" || entry === "docs")).toBe(true);
    expect(readFileSync(path.join(ROOT, "README.md"), "utf8")).toContain("docs/scenario.schema.json");
    const program = new Command();
    registerSimulate(program, { info: () => undefined, data: () => undefined, error: () => undefined, warn: () => undefined } as never);
    const option = program.commands.find((command) => command.name() === "simulate")!.options.find((candidate) => candidate.long === "--scenario")!;
    expect(option.description).toContain("docs/scenario.schema.json");
  });
});
