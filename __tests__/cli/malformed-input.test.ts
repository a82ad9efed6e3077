import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runDiagram } from "../../bin/commands/diagram";
import { printValidateResult, runValidate } from "../../bin/commands/validate";
import { createLogger, EXIT_CODE } from "../../bin/logger";
import { FIXTURE_DIR, PROJECT_ROOT, fixtureText } from "../support/connect-flow-fixtures";

const SEED = path.join(FIXTURE_DIR, "seed_Sample-Async-Lambda.json");

/** A small flow whose first block's transitions are replaced by `transitions`. */
function flowWithTransitions(transitions: unknown): string {
  return JSON.stringify({
    Version: "2019-10-30",
    StartAction: "greet",
    Actions: [
      { Identifier: "greet", Type: "MessageParticipant", Parameters: { Text: "Hello" }, Transitions: transitions },
      { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  });
}

/** Every kind of malformed input issue 11 fault 3 lists, as file name → content. */
const MALFORMED: ReadonlyArray<[string, string | Buffer, RegExp]> = [
  ["conditions-object.json", flowWithTransitions({ NextAction: "bye", Conditions: { Operator: "Equals" } }), /Transitions\.Conditions that is not a list/],
  ["errors-string.json", flowWithTransitions({ NextAction: "bye", Errors: "NoMatchingError" }), /Transitions\.Errors that is not a list/],
  ["non-object-actions.json", JSON.stringify({ Version: "2019-10-30", StartAction: "a", Actions: [1, "a", null, [], true] }), /Action #1 is not an object/],
  ["deep-array.json", `${"[".repeat(10_000)}${"]".repeat(10_000)}`, /nests more than 64 levels/],
  ["deep-parameter.json", `{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"MessageParticipant","Parameters":{"Text":${'{"x":'.repeat(10_000)}1${"}".repeat(10_000)}},"Transitions":{}}]}`, /nests more than 64 levels/],
  ["empty.json", "", /is empty/],
  ["binary.json", Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x80, 0x01]), /not UTF-8 text/],
  ["nul-in-text.json", "{\u0000}", /binary data/],
  ["truncated.json", '{ "Version": "2019-10-30", "Actions": [', /not valid JSON \(the text ends in the middle of a value\)/],
];

describe("validate and diagram on malformed input (issue 11, fault 3)", () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-malformed-"));
    for (const [name, content] of MALFORMED) writeFileSync(path.join(workDir, name), content);
    writeFileSync(path.join(workDir, "bom.json"), `\uFEFF${flowWithTransitions({ NextAction: "bye", Conditions: { x: 1 } })}`);
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it.each(MALFORMED)("validate reports %s as a clear per-file problem and fails with exit 1", async (name, _content, expected) => {
    // GIVEN one malformed file
    const file = path.join(workDir, name);
    // WHEN it is validated
    const result = await runValidate({ paths: [file], strict: false });
    // THEN the run resolves (no exception), fails with 1, and the report says what is wrong
    expect(result.exitCode).toBe(EXIT_CODE.UserError);
    const said = [result.reports[0].problem ?? "", ...result.reports[0].issues.map((issue) => issue.message)].join("\n");
    expect(said).toMatch(expected);
    expect(said).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each(MALFORMED)("diagram refuses %s with a clear problem", async (name, _content, expected) => {
    // GIVEN one malformed file, WHEN it is drawn
    const result = await runDiagram({ file: path.join(workDir, name) });
    // THEN the result names the file and the problem; nothing is thrown
    expect(result).toEqual({ ok: false, problem: expect.stringContaining(path.join(workDir, name)) });
    expect(result.ok === false && result.problem).toMatch(expected);
  });

  it("reads a file that starts with a byte-order mark and still finds its malformed transitions", async () => {
    const result = await runValidate({ paths: [path.join(workDir, "bom.json")], strict: false });
    expect(result.reports[0].issues.map((issue) => issue.code)).toEqual(["ACTION_MALFORMED"]);
  });

  it("reports every file of a batch: the bad files never hide the good one", async () => {
    // GIVEN all the malformed files and a good flow, the good one in the middle
    const files = MALFORMED.map(([name]) => path.join(workDir, name));
    files.splice(4, 0, SEED);
    // WHEN they are validated together and the result is printed
    const result = await runValidate({ paths: files, strict: false });
    const out: string[] = [];
    printValidateResult(result, createLogger({ stdout: { write: (text: string) => out.push(text) }, stderr: { write: () => true } }));
    // THEN every file has its report, the good one with no errors, and the summary counts all of them
    expect(result.reports.map((report) => report.file)).toEqual(files);
    const good = result.reports[4];
    expect(good.problem).toBeUndefined();
    expect(good.issues.filter((issue) => issue.severity === "error")).toEqual([]);
    expect(result.reports.filter((_report, index) => index !== 4).every((report) =>
      report.problem !== undefined || report.issues.some((issue) => issue.severity === "error"))).toBe(true);
    expect(out[out.length - 1]).toMatch(new RegExp(`^FAILED: validated ${files.length} files: `));
    expect(result.exitCode).toBe(EXIT_CODE.UserError);
  });

  it("keeps memory bounded on a 50 MB file: the size is checked before reading, and the limit is reported", () => {
    // GIVEN a 50 MB file (a tiny flow behind 50 MB of spaces)
    const file = path.join(workDir, "huge.json");
    writeFileSync(file, `${" ".repeat(50 * 1024 * 1024)}${fixtureText("seed_Sample-Async-Lambda.json")}`);
    // WHEN the real command line validates it, in a child process that reports its peak memory
    const script = [
      "process.on('exit', () => process.stderr.write('maxRSS=' + process.resourceUsage().maxRSS + '\\n'));",
      `process.argv = [process.argv[0], 'connect-async', 'validate', ${JSON.stringify(file)}];`,
      "require('./bin/connect-async.js');",
    ].join("\n");
    const child = spawnSync(process.execPath, ["-e", script], { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 60_000 });
    // THEN it exits 1 naming the content limit, without a stack trace, and peaks well under 300 MB
    expect(child.status).toBe(1);
    expect(child.stdout).toMatch(/CONTENT_TOO_LARGE/);
    expect(child.stdout).toMatch(/more than 256000 characters/);
    const maxRssKiB = Number(/maxRSS=(\d+)/.exec(child.stderr)?.[1]);
    expect(maxRssKiB).toBeGreaterThan(0);
    expect(maxRssKiB).toBeLessThan(300 * 1024);
    expect(child.stderr).not.toMatch(/\n\s+at /);
  });
});
