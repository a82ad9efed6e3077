import type { FlowIssue, FlowJson } from "../../../flows/flow-json";
import { validateFlow, type ValidateFlowOptions } from "../../../flows/validate";
import type { MutableAction } from "../../support/connect-flow-fixtures";

// Issue 9 item 4 (validator side): SSML, PromptId and Media reach only voice contacts, and a voice Wait
// needs the right flow type and options. Flows are small and hand-written so each case shows one path.
const BYE: MutableAction = { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };
const say = (id: string, parameters: { [key: string]: unknown }, next = "bye"): MutableAction =>
  ({ Identifier: id, Type: "MessageParticipant", Parameters: parameters, Transitions: { NextAction: next, Errors: [{ NextAction: next, ErrorType: "NoMatchingError" }] } });
const SSML = { SSML: '<speak>Please hold.<break time="2s"/></speak>' };
const MUSIC = { PromptId: "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000/prompt/00000000-0000-4000-8000-0000000000aa" };

/** A channel check like the async macro writes: Equals <value> → `matched`, no match → `otherwise`. */
function channelCheck(id: string, value: string, matched: string, otherwise: string, reference = "$.Channel"): MutableAction {
  return { Identifier: id, Type: "Compare", Parameters: { ComparisonValue: reference },
    Transitions: { NextAction: otherwise, Conditions: [{ NextAction: matched, Condition: { Operator: "Equals", Operands: [value] } }], Errors: [{ NextAction: otherwise, ErrorType: "NoMatchingCondition" }] } };
}

function flow(start: string, ...actions: MutableAction[]): FlowJson {
  return { Version: "2019-10-30", StartAction: start, Actions: [...actions, BYE] } as unknown as FlowJson;
}

const channelIssues = (document: FlowJson, options: ValidateFlowOptions): FlowIssue[] =>
  validateFlow(document, options).filter((issue) => issue.code === "VOICE_ONLY_PROMPT_ON_TEXT_CHANNEL" || issue.code === "WAIT_VOICE_UNSUPPORTED");

describe("channel safety: voice-only prompts and voice Waits", () => {
  it("accepts SSML and hold music below the VOICE branch of a channel check, and text below the other", () => {
    const checked = flow("channel", channelCheck("channel", "VOICE", "voice", "text"), say("voice", SSML, "music"), say("music", MUSIC), say("text", { Text: "Please wait." }));
    expect(validateFlow(checked, { flowType: "CONTACT_FLOW" })).toEqual([]);
  });

  it.each(["CONTACT_FLOW", "CUSTOMER_QUEUE", "AGENT_WHISPER", "QUEUE_TRANSFER"] as const)("warns in a %s flow when SSML can reach a chat contact with no channel check", (flowType) => {
    const unchecked = flow("voice", say("voice", SSML));
    const issues = channelIssues(unchecked, { flowType });
    expect(issues).toEqual([expect.objectContaining({ severity: "warning", blockId: "voice", code: "VOICE_ONLY_PROMPT_ON_TEXT_CHANNEL" })]);
    expect(issues[0].message).toMatch(/plays SSML, which only voice supports, yet a CHAT, TASK, EMAIL contact can reach it with no channel check/);
  });

  it("warns when the voice-only prompt sits below the non-voice branch, and names only the channels that get there", () => {
    const wrongWay = flow("channel", channelCheck("channel", "VOICE", "text", "voice"), say("voice", MUSIC), say("text", { Text: "Please wait." }));
    expect(channelIssues(wrongWay, { flowType: "CONTACT_FLOW" })[0].message).toMatch(/a CHAT, TASK, EMAIL contact can reach it/);
    const chatOnly = flow("channel", channelCheck("channel", "CHAT", "text", "voice"), say("voice", SSML), say("text", { Text: "Please wait." }));
    expect(channelIssues(chatOnly, { flowType: "CONTACT_FLOW" })[0].message).toMatch(/a TASK, EMAIL contact can reach it/);
  });

  it("reads the bracket form of the channel reference too", () => {
    const bracket = flow("channel", channelCheck("channel", "VOICE", "voice", "text", "$['Channel']"), say("voice", SSML), say("text", { Text: "Please wait." }));
    expect(channelIssues(bracket, { flowType: "CONTACT_FLOW" })).toEqual([]);
  });

  it("checks each message of Loop prompts and Media prompts", () => {
    const loopPrompts: MutableAction = { Identifier: "queue-loop", Type: "MessageParticipantIteratively",
      Parameters: { Messages: [{ Text: "You are in the queue." }, MUSIC, { Media: { Uri: "s3://hold-music/jazz.wav", SourceType: "S3", MediaType: "Audio" } }] }, Transitions: {} };
    const issues = channelIssues(flow("queue-loop", loopPrompts), { flowType: "CUSTOMER_QUEUE" });
    expect(issues.map((issue) => issue.blockId)).toEqual(["queue-loop"]);
    expect(issues[0].message).toMatch(/plays PromptId and Media/);
  });

  it("does not warn in voice-only flow types, nor when the flow type is unknown", () => {
    const unchecked = flow("voice", say("voice", SSML));
    expect(channelIssues(unchecked, { flowType: "CUSTOMER_HOLD" })).toEqual([]);
    expect(channelIssues(unchecked, { flowType: "OUTBOUND_WHISPER" })).toEqual([]);
    expect(channelIssues(unchecked, {})).toEqual([]);
  });

  describe("voice Waits", () => {
    const plainWait: MutableAction = { Identifier: "pause", Type: "Wait", Parameters: { TimeLimitSeconds: "30" },
      Transitions: { NextAction: "bye", Conditions: [{ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } };

    it("flags a Wait that a caller can reach without Keep running while waiting or an event", () => {
      const issues = channelIssues(flow("pause", plainWait), { flowType: "CONTACT_FLOW" });
      expect(issues).toEqual([expect.objectContaining({ code: "WAIT_VOICE_UNSUPPORTED", blockId: "pause", severity: "warning" })]);
      expect(issues[0].message).toMatch(/needs ContinueExecution "TRUE" \(Keep running while waiting\) or InterruptibleEvents/);
    });

    it("accepts the same Wait where only text channels arrive", () => {
      const textOnly = flow("channel", channelCheck("channel", "VOICE", "voice", "pause"), say("voice", SSML), plainWait);
      expect(channelIssues(textOnly, { flowType: "CONTACT_FLOW" })).toEqual([]);
    });

    it("flags a keep-running event Wait on voice outside Inbound and Customer queue flows", () => {
      const eventWait: MutableAction = { ...plainWait, Parameters: { TimeLimitSeconds: "30", ContinueExecution: "TRUE",
        InterruptibleEvents: { Returned: { AsyncLambdaCompletionEvent: { Identifier: "$.FlowAttributes.id" } } } },
      Transitions: { ...plainWait.Transitions, Conditions: [
        { NextAction: "music", Condition: { Operator: "Equals", Operands: ["Continue"] } },
        { NextAction: "bye", Condition: { Operator: "Equals", Operands: ["Returned"] } },
        { NextAction: "bye", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }] } };
      const document = flow("pause", eventWait, { ...say("music", MUSIC), Transitions: { NextAction: "music" } });
      expect(channelIssues(document, { flowType: "CONTACT_FLOW" }).map((issue) => issue.code)).toEqual(["VOICE_ONLY_PROMPT_ON_TEXT_CHANNEL"]);
      const whisper = channelIssues(document, { flowType: "CUSTOMER_WHISPER" }).filter((issue) => issue.code === "WAIT_VOICE_UNSUPPORTED");
      expect(whisper).toEqual([expect.objectContaining({ blockId: "pause" })]);
      expect(whisper[0].message).toMatch(/voice contacts wait only in CONTACT_FLOW and CUSTOMER_QUEUE flows, not CUSTOMER_WHISPER/);
    });
  });
});
