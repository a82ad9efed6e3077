import fc from "fast-check";
import { FlowParseError, parseFlowJson } from "../../../flows/parse";
import { renderMermaid } from "../../../flows/mermaid";
import { validateFlow } from "../../../flows/validate";
import { drawableFlow } from "../../../flows/validation/drawable-flow";
import type { FlowJson } from "../../../flows/flow-json";

// Property-based: thousands of generated malformed documents, built from the pieces a flow has (actions,
// transitions, conditions, parameters) with any JSON put where a shape is expected. The validator must
// answer every one with issues, never an exception and never its own VALIDATOR_FAILURE; parsing and
// drawing must fail only with their own clear errors. Seeded, so a failure reproduces.

const IDS = ["a", "b", "c", "wait", "load"];
const TYPES = [
  "MessageParticipant", "MessageParticipantIteratively", "InvokeLambdaFunction", "LoadLambdaFunctionResult", "Wait", "Compare",
  "Loop", "GetParticipantInput", "CheckHoursOfOperation", "UpdateFlowAttributes", "DisconnectParticipant", "TransferToFlow", "Nonsense",
];
const PARAMETER_NAMES = [
  "Text", "SSML", "PromptId", "Media", "Messages", "LambdaFunctionARN", "InvocationTimeLimitSeconds", "InvocationType",
  "LambdaInvocationAttributes", "LambdaInvocationId", "TimeLimitSeconds", "ContinueExecution", "InterruptibleEvents",
  "MinimumWaitTimeSeconds", "Events", "ComparisonValue", "LoopCount", "StoreInput", "FlowAttributes",
];
const STRINGS = [
  "$.Channel", "$.LambdaInvocation.InvocationId", "$.External.x", "TRUE", "ASYNCHRONOUS", "60", "<speak>a & b</speak>",
  "<speak><break time=\"99s\"/></speak>", "s3://b/k", "javascript:alert(1)", "\u0000", "\ud800", "$.[", "${var.x}",
];

const anyJson = fc.jsonValue({ maxDepth: 3 });
const text = fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 12 }));
const maybe = <T>(shape: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 3, arbitrary: shape }, { weight: 1, arbitrary: anyJson });

const condition: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  condition: fc.record({
    Operator: maybe(fc.constantFrom("Equals", "NumberGreaterThan", "Bogus")),
    Operands: maybe(fc.array(fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: tie("condition") }), { maxLength: 3 })),
  }, { requiredKeys: [] }),
})).condition;

const transitions = fc.record({
  NextAction: maybe(fc.constantFrom(...IDS)),
  Errors: maybe(fc.array(maybe(fc.record({ NextAction: maybe(fc.constantFrom(...IDS)), ErrorType: maybe(fc.constantFrom("NoMatchingError", "InProgress", "NoMatchingCondition")) }, { requiredKeys: [] })), { maxLength: 3 })),
  Conditions: maybe(fc.array(maybe(fc.record({ NextAction: maybe(fc.constantFrom(...IDS)), Condition: maybe(condition) }, { requiredKeys: [] })), { maxLength: 3 })),
}, { requiredKeys: [] });

const parameters = fc.dictionary(fc.constantFrom(...PARAMETER_NAMES), fc.oneof(text, anyJson, fc.dictionary(text, maybe(fc.record({ AsyncLambdaCompletionEvent: maybe(fc.record({ Identifier: text })) })), { maxKeys: 2 })), { maxKeys: 5 });

const action = fc.record({
  Identifier: maybe(fc.constantFrom(...IDS)),
  Type: maybe(fc.constantFrom(...TYPES)),
  Parameters: maybe(parameters),
  Transitions: maybe(transitions),
}, { requiredKeys: [] });

const document = fc.record({
  Version: maybe(fc.constant("2019-10-30")),
  StartAction: maybe(fc.constantFrom(...IDS)),
  Actions: maybe(fc.array(maybe(action), { maxLength: 6 })),
  Metadata: fc.option(anyJson, { nil: undefined }),
}, { requiredKeys: [] });

const FLOW_TYPES = [undefined, "CONTACT_FLOW", "CUSTOMER_QUEUE", "CUSTOMER_HOLD", "AGENT_WHISPER"] as const;

describe("the validator on generated malformed flows (property-based)", () => {
  it("answers 2,000 malformed documents with issues, never an exception", () => {
    let documentsWithErrors = 0;
    fc.assert(fc.property(document, fc.constantFrom(...FLOW_TYPES), (flow, flowType) => {
      // WHEN a generated document is validated (with or without a flow type)
      const issues = validateFlow(flow as unknown as FlowJson, { flowType });
      // THEN it gets a list of well-formed issues, none of them the validator's own failure
      for (const issue of issues) {
        expect(["error", "warning"]).toContain(issue.severity);
        expect(typeof issue.code).toBe("string");
        expect(typeof issue.message).toBe("string");
      }
      expect(issues.filter((issue) => issue.code === "VALIDATOR_FAILURE")).toEqual([]);
      if (issues.some((issue) => issue.severity === "error")) documentsWithErrors += 1;
    }), { numRuns: 2000, seed: 20261130 });
    // AND the generator really does produce malformed flows (so the property is not vacuous)
    expect(documentsWithErrors).toBeGreaterThan(1800);
  });

  it("parses or refuses the text of 2,000 generated documents, and draws whatever it accepts", () => {
    fc.assert(fc.property(fc.oneof(document.map((flow) => JSON.stringify(flow)), fc.string({ maxLength: 40 })), (text) => {
      let parsed: FlowJson;
      try {
        parsed = parseFlowJson(text, "generated.json");
      } catch (error) {
        // THEN the only failure is a FlowParseError naming the source
        expect(error).toBeInstanceOf(FlowParseError);
        expect((error as Error).message.startsWith("generated.json: ")).toBe(true);
        return;
      }
      const drawable = drawableFlow(parsed);
      if (drawable.ok) expect(renderMermaid(drawable.flow)).toMatch(/^flowchart /);
      else expect(drawable.problem.length).toBeGreaterThan(0);
    }), { numRuns: 2000, seed: 11 });
  });
});
