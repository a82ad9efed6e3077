import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FlowJson } from "../../flows/flow-json";
import { VirtualScheduler } from "../../sim/world/clock";
import { runFlow } from "../../sim/connect/flow-run";
import { type LambdaInvoker } from "../../sim/connect/flow-run-types";
import { TimelineKind } from "../../sim/report/timeline";

/** Real exported flows, shared by the whole project; read in place, never copied. */
const FIXTURES = join(__dirname, "..", "..", "..", "shared", "fixtures", "connect-flows");

function fixture(name: string): FlowJson {
  return JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as FlowJson;
}

/** A stub for every Lambda of a fixture: 200 ms, then a fixed string map. */
function stubLambda(clock: VirtualScheduler, answer: Record<string, string>): LambdaInvoker {
  return async () => {
    await clock.sleep(200);
    return answer;
  };
}

async function runFixture(name: string, options: { attributes?: Record<string, string>; answer?: Record<string, string>; input?: string } = {}) {
  const clock = new VirtualScheduler(Date.UTC(2026, 0, 1));
  return clock.run(
    runFlow({
      flow: fixture(name),
      clock,
      contact: { contactId: "fixture-contact", attributes: options.attributes ?? {} },
      invokeLambda: stubLambda(clock, options.answer ?? {}),
      callerInput: () => options.input,
    }),
  );
}

describe("the interpreter on real exported flows", () => {
  it.each([
    ["sbs_examples_BackendIntegration_SBSGuides_Example_Backend_Handler.json", "TransferContactToQueue"],
    ["sbs_examples_ContactAttributesAndStyling_SBSGuides_Example_Contact_Attributes_And_Styling_Handler.json", "TransferContactToQueue"],
    ["sbs_examples_CreateAndReviewTask_handlerFlow.json", "TransferContactToQueue"],
    ["sbs_modules_HandlerFlow_contactFlow.json", "TransferContactToQueue"],
    ["sbs_modules_VoiceID_handlerContactFlow.json", "TransferContactToQueue"],
    // The caller says nothing to the bot: its InputTimeLimitExceeded branch hangs up.
    ["sbs_modules_LexIntegration_SBS_Lex_Integration_Handler.json", "DisconnectParticipant"],
  ])("runs %s to a terminal action", async (name, terminalType) => {
    // GIVEN a handler flow whose working queue comes from a contact attribute
    // WHEN it runs with Lambdas stubbed
    const result = await runFixture(name, { attributes: { WorkingQueue: "arn:aws:connect:us-east-1:111111111111:instance/i/queue/q" } });
    // THEN it reaches the expected terminal action
    expect(result.terminal.type).toBe(terminalType);
  });

  it("runs the Cards handler's DTMF menu on the digit the caller keys", async () => {
    const result = await runFixture("sbs_examples_Cards_SBSGuides_Example_Cards_Handler.json", { input: "1" });
    expect(["TransferContactToQueue", "DisconnectParticipant"]).toContain(result.terminal.type);
    expect(result.path.some((visit) => visit.type === "GetParticipantInput")).toBe(true);
  });

  it("runs the contact-surveys flow, its Loop reading a dynamic count, to a disconnect", async () => {
    const result = await runFixture("surveys_deployment_contact-surveys-amazon-connect.json", { input: "5" });
    expect(result.terminal.type).toBe("DisconnectParticipant");
  });

  describe("the sync-to-async sample flow (polling loop of 10 turns)", () => {
    const NAME = "seed_Sample-Async-Lambda.json";

    it("speaks the success message when the check returns SUCCESS", async () => {
      // GIVEN every check answers SUCCESS
      const result = await runFixture(NAME, { answer: { execution_id: "e-1", count: "1", sfn_result: "SUCCESS", comfort: "false" } });
      // THEN the flow goes trigger → spacer → check → success and hangs up
      expect(result.timeline.filter((entry) => entry.kind === TimelineKind.speech).map((entry) => entry.text)).toEqual([
        "This is a spacer message. Whilst this is running your request is being processed. Yay!",
        "Look at that, it all worked well",
      ]);
      expect(result.terminal.type).toBe("DisconnectParticipant");
      expect(result.flowAttributes).toEqual({ execution_id: "e-1", count: "1" });
    });

    it("loops 10 times with 500 ms breaks, then gives up", async () => {
      // GIVEN a check that never finishes
      const result = await runFixture(NAME, { answer: { execution_id: "e-1", count: "1", sfn_result: "RUNNING", comfort: "false" } });
      // THEN ten polling turns each played a 500 ms break, and the done-branch spoke
      const pauses = result.timeline.filter((entry) => entry.kind === TimelineKind.pause);
      expect(pauses).toHaveLength(10);
      expect(pauses.every((entry) => entry.durationMs === 500)).toBe(true);
      expect(result.timeline.filter((entry) => entry.kind === TimelineKind.lambda)).toHaveLength(12); // the trigger, the first check, and one check per turn
      expect(result.timeline.filter((entry) => entry.kind === TimelineKind.speech).pop()?.text).toBe("Things are taking too long.");
    });
  });
});
