import { GetParticipantInput } from "../../../flows/blocks/get-participant-input";
import { MessageParticipant, type PromptSource } from "../../../flows/blocks/message-participant";
import { MessageParticipantIteratively } from "../../../flows/blocks/message-participant-iteratively";
import type { FlowIssue } from "../../../flows/flow-json";
import { validateFlow } from "../../../flows/validate";
import { asFlow, fixtureNames, loadFixture, type MutableAction } from "../../support/connect-flow-fixtures";

// Issue 11, fault 4: each of these was accepted by the builder and by `validate` with 0 errors and 0 warnings.
const FAULTS: ReadonlyArray<[string, PromptSource, RegExp]> = [
  ["a bare &", { ssml: "<speak>Tom & Jerry</speak>" }, /bare "&"/],
  ["an unclosed <prosody>", { ssml: '<speak><prosody rate="slow">Hello</speak>' }, /not well-formed XML/],
  ["a nested <speak>", { ssml: "<speak>a <speak>b</speak></speak>" }, /<speak> inside another/],
  ["a broken attribute quote", { ssml: '<speak><break time="1s/></speak>' }, /not well-formed XML/],
  ["a <script>", { ssml: "<speak><script>alert(1)</script></speak>" }, /<script>/],
  ["a 1000 s break", { ssml: '<speak><break time="1000s"/></speak>' }, /longer than Polly's longest pause of 10 s/],
  ["text with NUL", { text: "Hello\u0000" }, /NUL character/],
  ["text with a lone surrogate", { text: "Hello \ud800" }, /lone surrogate/],
  ["a javascript: s3Uri", { s3Uri: "javascript:alert(1)" }, /is not an S3 object location/],
  ["a prompt id that is no prompt", { promptId: "javascript:alert(1)" }, /is not a prompt ARN/],
];

describe("prompt checks in the builder", () => {
  it.each(FAULTS)("MessageParticipant refuses %s, naming the block", (_case, prompt, message) => {
    expect(() => new MessageParticipant("greet", { prompt })).toThrow(message);
    expect(() => new MessageParticipant("greet", { prompt })).toThrow(/^MessageParticipant "greet": /);
  });

  it("applies the same checks to every block that takes a prompt", () => {
    expect(() => new GetParticipantInput("menu", { prompt: { ssml: "<speak>A & B</speak>" } })).toThrow(/^GetParticipantInput "menu": the ssml has a bare "&"/);
    expect(() => new MessageParticipantIteratively("hold", { messages: [{ text: "ok" }, { s3Uri: "javascript:alert(1)" }] }))
      .toThrow(/^MessageParticipantIteratively "hold" message 2: s3Uri "javascript:alert\(1\)" is not an S3 object location/);
  });

  it("builds sound prompts unchanged", () => {
    const ssml = '<speak>Tom &amp; Jerry<break time="2s"/></speak>';
    expect(new MessageParticipant("a", { prompt: { ssml } }).renderParameters()).toEqual({ SSML: ssml });
    const promptId = "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000/prompt/00000000-0000-4000-8000-00000000cafe";
    expect(new MessageParticipant("b", { prompt: { promptId } }).renderParameters()).toEqual({ PromptId: promptId });
    expect(new MessageParticipant("c", { prompt: { s3Uri: "s3://hold-music/jazz.wav" } }).renderParameters())
      .toEqual({ Media: { Uri: "s3://hold-music/jazz.wav", SourceType: "S3", MediaType: "Audio" } });
  });
});

/** The seed export with its first Play prompt saying `parameters` instead. */
function seedWithPrompt(parameters: { [key: string]: unknown }): { flow: ReturnType<typeof loadFixture>; prompt: MutableAction } {
  const flow = loadFixture("seed_Sample-Async-Lambda.json");
  const prompt = flow.Actions.find((action) => action.Type === "MessageParticipant") as MutableAction;
  prompt.Parameters = parameters;
  return { flow, prompt };
}

const toParameters = (prompt: PromptSource): { [key: string]: unknown } =>
  "ssml" in prompt && prompt.ssml !== undefined ? { SSML: prompt.ssml }
    : "text" in prompt && prompt.text !== undefined ? { Text: prompt.text }
      : "promptId" in prompt && prompt.promptId !== undefined ? { PromptId: prompt.promptId }
        : { Media: { Uri: (prompt as { s3Uri: string }).s3Uri, SourceType: "S3", MediaType: "Audio" } };

describe("prompt checks in the validator", () => {
  it.each(FAULTS)("reports %s against the block", (_case, source, message) => {
    // GIVEN a real export whose first Play prompt now carries the fault
    const { flow, prompt } = seedWithPrompt(toParameters(source));
    // WHEN it is validated
    const issues = validateFlow(asFlow(flow)).filter((issue: FlowIssue) => issue.blockId === prompt.Identifier);
    // THEN the block has an issue saying what is wrong (an error, except the over-long pause Connect still publishes)
    expect(issues).toContainEqual(expect.objectContaining({ message: expect.stringMatching(message) }));
    const expected = _case === "a 1000 s break" ? "warning" : "error";
    expect(issues.find((issue) => message.test(issue.message))?.severity).toBe(expected);
  });

  it("checks each message of Loop prompts", () => {
    const { flow, prompt } = seedWithPrompt({});
    prompt.Type = "MessageParticipantIteratively";
    prompt.Parameters = { Messages: [{ Text: "ok" }, { SSML: "<speak>a & b</speak>" }, { Media: { Uri: "s3://hold-music/a.wav", SourceType: "URL", MediaType: "Audio" } }] };
    const codes = validateFlow(asFlow(flow)).filter((issue) => issue.blockId === prompt.Identifier).map((issue) => issue.code);
    expect(codes).toEqual(expect.arrayContaining(["SSML_MALFORMED", "MEDIA_URI_MALFORMED"]));
  });

  it("still accepts every real export with no errors (their SSML included)", () => {
    for (const name of fixtureNames()) {
      const errors = validateFlow(asFlow(loadFixture(name))).filter((issue) => issue.severity === "error");
      expect({ name, errors }).toEqual({ name, errors: [] });
    }
  });

  it("only warns about the real export's SSML without <speak> and its 15 s pause, which Connect published", () => {
    const issues = validateFlow(asFlow(loadFixture("sbs_modules_VoiceID_handlerContactFlow.json"))).filter((issue) => issue.code.startsWith("SSML_"));
    expect(issues.map((issue) => [issue.code, issue.severity])).toEqual([["SSML_NO_SPEAK_ROOT", "warning"], ["SSML_BREAK_TOO_LONG", "warning"]]);
  });
});
