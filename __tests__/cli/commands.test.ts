import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { printBuildFlowsResult, runBuildFlows } from "../../bin/commands/build-flows";
import { runDiagram } from "../../bin/commands/diagram";
import { printValidateResult, runValidate } from "../../bin/commands/validate";
import { createLogger, EXIT_CODE } from "../../bin/logger";
import { createProgram } from "../../bin/program";
import { FlowValidationError } from "../../flows/flow-validation-error";
import { FIXTURE_DIR, loadFixture } from "../support/connect-flow-fixtures";

/** A logger writing into arrays, so tests read what a user would see. */
function capture(): { logger: ReturnType<typeof createLogger>; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const logger = createLogger({ stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) } });
  return { logger, out, err };
}

const FINANCIAL = path.join(FIXTURE_DIR, "sbs_examples_Financial_contactFlow.json");
const SEED = path.join(FIXTURE_DIR, "seed_Sample-Async-Lambda.json");

describe("connect-async commands, run in-process", () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-commands-"));
  });
  afterEach(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  describe("validate", () => {
    it("passes a flow with only warnings, and fails it with --strict", async () => {
      // GIVEN the Financial export, which has one unreachable block (a warning)
      // WHEN it is validated normally and strictly
      const normal = await runValidate({ paths: [FINANCIAL], strict: false });
      const strict = await runValidate({ paths: [FINANCIAL], strict: true });
      // THEN only the strict run fails
      expect([normal.errorCount, normal.warningCount, normal.exitCode]).toEqual([0, 1, EXIT_CODE.Ok]);
      expect(strict.exitCode).toBe(EXIT_CODE.UserError);
    });

    it("checks blocks against --flow-type, and refuses a type Connect does not have", async () => {
      // GIVEN the seed flow, an inbound flow
      const seed = path.join(FIXTURE_DIR, "seed_Sample-Async-Lambda.json");
      // WHEN it is validated as a customer hold flow, where prompts and transfers are not documented
      const asHold = await runValidate({ paths: [seed], strict: false, flowType: "CUSTOMER_HOLD" });
      // THEN the out-of-place blocks are warnings, and the same flow as CONTACT_FLOW has none of them
      expect(asHold.reports[0].issues.some((issue) => issue.code === "ACTION_NOT_IN_FLOW_TYPE")).toBe(true);
      const asInbound = await runValidate({ paths: [seed], strict: false, flowType: "CONTACT_FLOW" });
      expect(asInbound.reports[0].issues.filter((issue) => issue.code === "ACTION_NOT_IN_FLOW_TYPE")).toEqual([]);
      // AND an unknown type is a usage error naming the accepted ones
      const { logger } = capture();
      await expect(createProgram(logger).parseAsync(["node", "connect-async", "validate", "--flow-type", "INBOUND", seed])).rejects.toMatchObject({
        exitCode: EXIT_CODE.UserError,
        message: expect.stringContaining("--flow-type must be one of CONTACT_FLOW, CUSTOMER_QUEUE"),
      });
    });

    it("reports unreadable and non-flow files without stopping, and fails", async () => {
      // GIVEN a missing file, a file that is not JSON, and a valid flow
      const notJson = path.join(workDir, "notes.json");
      writeFileSync(notJson, "this is not json");
      // WHEN they are validated together
      const result = await runValidate({ paths: [path.join(workDir, "missing.json"), notJson, SEED], strict: false });
      // THEN each file has its own report, the good one included, and the run fails
      expect(result.reports.map((report) => report.problem === undefined)).toEqual([false, false, true]);
      expect(result.reports[0].problem).toContain("ENOENT");
      expect(result.reports[1].problem).toContain("not valid JSON");
      expect(result.unreadableCount).toBe(2);
      expect(result.exitCode).toBe(EXIT_CODE.UserError);
    });

    it("validates the *.json files of a folder", async () => {
      // GIVEN the fixture folder itself, WHEN it is validated, THEN each of its JSON files gets a report
      const result = await runValidate({ paths: [FIXTURE_DIR], strict: false });
      expect(result.reports.length).toBeGreaterThanOrEqual(27);
      expect(result.reports.every((report) => report.file.endsWith(".json"))).toBe(true);
    });

    it("prints [file] [blockId] lines and a summary", async () => {
      // GIVEN the result for the Financial export
      const result = await runValidate({ paths: [FINANCIAL], strict: false });
      const { logger, out } = capture();
      // WHEN it is printed
      printValidateResult(result, logger);
      // THEN there is one issue line naming file and block, then the summary
      expect(out).toEqual([
        expect.stringMatching(new RegExp(`^\\[${FINANCIAL.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\] \\[61f4731f-eabe-4d1d-835c-a35956299244\\] warning: .*\\(UNREACHABLE_ACTION\\)\\n$`)),
        "OK: validated 1 file: 0 errors, 1 warning.\n",
      ]);
    });

    it("prints machine-readable JSON with --json", async () => {
      // GIVEN the program wired to a capturing logger
      const { logger, out } = capture();
      const exitCodeBefore = process.exitCode;
      try {
        // WHEN `validate --json` runs on a flow
        await createProgram(logger).parseAsync(["node", "connect-async", "validate", "--json", FINANCIAL]);
        // THEN stdout is one JSON document with the counts and the issues
        const parsed = JSON.parse(out.join(""));
        expect(parsed).toMatchObject({ errorCount: 0, warningCount: 1, exitCode: 0 });
        expect(parsed.reports[0].issues[0]).toMatchObject({ code: "UNREACHABLE_ACTION", severity: "warning" });
      } finally {
        process.exitCode = exitCodeBefore;
      }
    });
  });

  describe("diagram", () => {
    it("writes the Mermaid text to --out", async () => {
      // WHEN the async sample is drawn with --out, THEN the file holds the flowchart
      const out = path.join(workDir, "seed.mmd");
      const result = await runDiagram({ file: SEED, out });
      expect(result).toMatchObject({ ok: true, writtenTo: out });
      expect(readFileSync(out, "utf8").startsWith("flowchart TD\n")).toBe(true);
    });

    it("explains a file that is not a flow", async () => {
      // GIVEN a JSON file that is not a flow, WHEN it is drawn, THEN the result names the file and what is missing
      const file = path.join(workDir, "package.json");
      writeFileSync(file, JSON.stringify({ name: "x" }));
      const result = await runDiagram({ file });
      expect(result).toEqual({ ok: false, problem: expect.stringMatching(/package\.json: expected a flow document with an "Actions" array/) });
    });
  });

  describe("build-flows", () => {
    it("writes <name>.json and <name>.mmd for each flow", async () => {
      // GIVEN two flows from the fixtures in place of the project's flows
      const flows = [
        { name: "seed", flow: loadFixture("seed_Sample-Async-Lambda.json") as never },
        { name: "handler", flow: loadFixture("sbs_modules_HandlerFlow_contactFlow.json") as never },
      ];
      // WHEN they are built into a new sub-folder
      const outDir = path.join(workDir, "nested", "out");
      const result = await runBuildFlows({ outDir, loadFlows: () => flows });
      // THEN both are written, and the JSON is the flow itself
      expect(result.exitCode).toBe(EXIT_CODE.Ok);
      expect(readdirSync(outDir).sort()).toEqual(["handler.json", "handler.mmd", "seed.json", "seed.mmd"]);
      expect(JSON.parse(readFileSync(path.join(outDir, "seed.json"), "utf8"))).toStrictEqual(loadFixture("seed_Sample-Async-Lambda.json"));
    });

    it("does not write a flow with errors, and fails", async () => {
      // GIVEN a flow with a dangling transition and a name that is not a file name
      const broken = loadFixture("seed_Sample-Async-Lambda.json");
      broken.Actions[0].Transitions.NextAction = "Nowhere";
      const { logger, out, err } = capture();
      // WHEN they are built
      const result = await runBuildFlows({ outDir: workDir, loadFlows: () => [
        { name: "broken", flow: broken as never },
        { name: "../escape", flow: loadFixture("sbs_modules_HandlerFlow_contactFlow.json") as never },
      ] });
      printBuildFlowsResult(result, logger);
      // THEN nothing is written, the run fails, and the output names the flow and the block
      expect(readdirSync(workDir)).toEqual([]);
      expect(result.exitCode).toBe(EXIT_CODE.UserError);
      expect(out.join("")).toContain(`[broken] [${broken.Actions[0].Identifier}] `);
      expect(err.join("")).toContain('Did not write flow "broken"');
      expect(out.join("")).toContain('"../escape" cannot be a file name');
    });

    it("reports a builder failure (FlowValidationError) as a validation failure", async () => {
      // GIVEN a project whose flow builder throws a FlowValidationError, THEN the run fails with those issues
      const issues = [{ severity: "error" as const, blockId: "b", code: "X", message: "bad block" }];
      const result = await runBuildFlows({ outDir: workDir, loadFlows: () => { throw new FlowValidationError(issues, "demo"); } });
      expect(result).toMatchObject({ exitCode: EXIT_CODE.UserError, errorCount: 1, buildFailure: { issues } });
    });
  });

  describe("the program", () => {
    it("prints the version from package.json", async () => {
      // WHEN --version is given, THEN the version from package.json is printed and commander ends with code 0
      const { logger, out } = capture();
      const version = (JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
      await expect(createProgram(logger).parseAsync(["node", "connect-async", "--version"])).rejects.toMatchObject({ exitCode: 0 });
      expect(out.join("")).toBe(`${version}\n`);
    });

    it("lists its commands in the help", () => {
      // WHEN the help is built, THEN it lists every command with its arguments
      const { logger } = capture();
      const help = createProgram(logger).helpInformation();
      expect(help).toMatch(/validate \[options\] <flow\.\.\.>/);
      expect(help).toMatch(/diagram \[options\] <flow\.\.\.>/);
      expect(help).toMatch(/build-flows \[options\]/);
    });
  });
});
