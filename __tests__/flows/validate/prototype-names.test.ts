import { UpdateFlowAttributes } from "../../../flows/blocks/update-flow-attributes";
import type { FlowJson } from "../../../flows/flow-json";
import { layoutFlow } from "../../../flows/layout";
import { renderMermaid } from "../../../flows/mermaid";
import { promptDurationMs } from "../../../flows/prompt-duration";
import { checkSsml, SsmlProblemKind } from "../../../flows/ssml";
import { FlowType, validateFlow } from "../../../flows/validate";
import { flowTypeOf, wrapFlow } from "../../../flows/wrap/wrap-flow";

// Issue 17 H7: names that are members of Object.prototype ("constructor", "toString", "__proto__") come
// from user input (SSML tags, action types, operators, designer metadata) and must be unknown names like
// any other, never a lookup of the prototype ("allowed.includes is not a function").
const PROTOTYPE_NAMES = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

/** A flow whose action type, condition operator, designer type and SSML tag are all `name`. */
function flowNamed(name: string): FlowJson {
  return {
    Version: "2019-10-30",
    StartAction: "odd",
    Metadata: { type: name },
    Actions: [
      {
        Identifier: "odd", Type: name, Parameters: {},
        Transitions: { NextAction: "say", Errors: [{ NextAction: "say", ErrorType: "NoMatchingError" }], Conditions: [{ NextAction: "say", Condition: { Operator: name, Operands: ["x"] } }] },
      },
      { Identifier: "say", Type: "MessageParticipant", Parameters: { SSML: `<speak><${name} ${name}="1">hi</${name}><break strength="${name}"/></speak>` }, Transitions: { NextAction: "bye" } },
      { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  } as unknown as FlowJson;
}

describe("names of Object.prototype's members are ordinary unknown names", () => {
  it.each(PROTOTYPE_NAMES)("the SSML check reports <%s> as an unsupported tag, with the usual message", (name) => {
    // GIVEN a prompt using the tag, with and without attributes
    // WHEN it is checked
    const bare = checkSsml(`<speak><${name}/></speak>`);
    const withAttribute = checkSsml(`<speak><${name} name="x">hi</${name}></speak>`);
    // THEN each is one Unsupported problem naming the tag and the supported ones
    for (const problems of [bare, withAttribute]) {
      expect(problems).toEqual([{ kind: SsmlProblemKind.Unsupported, message: expect.stringContaining(`uses <${name}>, which Polly does not support`) }]);
      expect(problems[0]!.message).toContain("<break>");
    }
  });

  it.each(PROTOTYPE_NAMES)("the validator runs every check on a flow whose type, operator and tag are %s", (name) => {
    // GIVEN the flow
    // WHEN it is validated (flow type given too, as a library caller may pass any string)
    const issues = validateFlow(flowNamed(name), { flowType: name as FlowType });
    // THEN no check crashed, and the unknown names are reported as such
    expect(issues.filter((issue) => issue.code === "VALIDATOR_FAILURE")).toEqual([]);
    const codes = issues.map((issue) => issue.code);
    expect(codes).toEqual(expect.arrayContaining(["ACTION_TYPE_UNKNOWN", "CONDITION_OPERATOR_UNKNOWN", "SSML_UNSUPPORTED"]));
  });

  it.each(PROTOTYPE_NAMES)("the diagram labels a block of type %s with its type", (name) => {
    // GIVEN / WHEN the flow is drawn
    const text = renderMermaid(flowNamed(name));
    // THEN it is drawn (the label is the type itself, escaped as text)
    expect(text).toContain(name);
  });

  it.each(PROTOTYPE_NAMES)("a designer type %s is an unknown flow type for wrap", (name) => {
    expect(flowTypeOf(flowNamed(name))).toBeUndefined();
  });

  it.each(PROTOTYPE_NAMES)("a <break strength=\"%s\"> lasts as long as the default strength", (name) => {
    // GIVEN a pause of an unknown strength and one of the default strength
    // WHEN their lengths are estimated
    // THEN the unknown one counts as the default (a number, not NaN)
    expect(promptDurationMs({ ssml: `<speak><break strength="${name}"/></speak>` })).toBe(promptDurationMs({ ssml: '<speak><break strength="medium"/></speak>' }));
  });

  it("a flow attribute named __proto__ stays an attribute", () => {
    // GIVEN / WHEN a Set flow attributes block sets "__proto__"
    const block = new UpdateFlowAttributes("set", { attributes: { ["__proto__"]: "x", other: "y" } as { [name: string]: string } });
    const attributes = block.renderParameters().FlowAttributes as { readonly [name: string]: unknown };
    // THEN both are own keys of the rendered attributes
    expect(Object.keys(attributes).sort()).toEqual(["__proto__", "other"]);
  });

  it("blocks whose Identifiers are __proto__ and constructor keep their designer positions through layout and wrap", () => {
    // GIVEN a flow whose Identifiers are prototype names, with no designer metadata
    const flow = {
      Version: "2019-10-30",
      StartAction: "__proto__",
      Actions: [
        { Identifier: "__proto__", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:f", InvocationTimeLimitSeconds: "8" }, Transitions: { NextAction: "constructor", Errors: [{ NextAction: "constructor", ErrorType: "NoMatchingError" }] } },
        { Identifier: "constructor", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
      ],
    } as unknown as FlowJson;
    // WHEN it is laid out, and its call wrapped
    const laidOut = layoutFlow(flow).ActionMetadata ?? {};
    const wrapped = wrapFlow(flow, { block: "__proto__", operation: "f" }).flow;
    // THEN every block has its own position entry
    expect(Object.keys(laidOut).sort()).toEqual(["__proto__", "constructor"]);
    const metadata = wrapped.Metadata?.ActionMetadata ?? {};
    for (const action of wrapped.Actions) expect(Object.getOwnPropertyDescriptor(metadata, action.Identifier)?.value?.position).toBeDefined();
  });
});
