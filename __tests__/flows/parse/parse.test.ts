import { FlowParseError, parseFlowJson, serializeFlow } from "../../../flows/parse";
import { fixtureNames, fixtureText } from "../../support/connect-flow-fixtures";

describe("parsing and serializing flow JSON", () => {
  it.each(fixtureNames())("round-trips %s with actions and transitions unchanged", (name) => {
    // GIVEN a real export, parsed straight with JSON.parse as the reference
    const text = fixtureText(name);
    const reference = JSON.parse(text);
    // WHEN it is parsed, serialized and parsed again
    const again = parseFlowJson(serializeFlow(parseFlowJson(text, name)), name);
    // THEN its actions (with their transitions), start action and version are unchanged
    expect(again.Actions).toStrictEqual(reference.Actions);
    expect(again.Actions.map((action) => action.Transitions)).toStrictEqual(reference.Actions.map((action: { Transitions: unknown }) => action.Transitions));
    expect(again.StartAction).toBe(reference.StartAction);
    expect(again.Version).toBe(reference.Version);
    expect(again).toStrictEqual(reference);
  });

  it("serializes with the given key order, two-space indent and a trailing newline", () => {
    // GIVEN a flow whose keys are in a non-alphabetical order
    const flow = { Version: "2019-10-30", StartAction: "b", Actions: [{ Identifier: "b", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} }] };
    // WHEN it is serialized twice
    const text = serializeFlow(flow);
    // THEN the text is exactly as expected, and stable
    expect(text).toBe([
      "{",
      '  "Version": "2019-10-30",',
      '  "StartAction": "b",',
      '  "Actions": [',
      "    {",
      '      "Identifier": "b",',
      '      "Type": "DisconnectParticipant",',
      '      "Parameters": {},',
      '      "Transitions": {}',
      "    }",
      "  ]",
      "}",
      "",
    ].join("\n"));
    expect(serializeFlow(flow)).toBe(text);
  });

  it("names the source and the JSON problem for text that is not JSON", () => {
    // WHEN a truncated file is parsed
    const parse = (): unknown => parseFlowJson('{ "Version": "2019-10-30", ', "flows/broken.json");
    // THEN the error names the file and says it is not valid JSON
    expect(parse).toThrow(FlowParseError);
    expect(parse).toThrow(/^flows\/broken\.json: is not valid JSON \(/);
  });

  it.each([
    ["an array", "[1, 2]", /found an array of 2 item/],
    ["a string", '"hello"', /found a string/],
    ["null", "null", /found null/],
    ["an object without Actions", '{ "name": "x", "type": "contactFlow" }', /"Actions" array.*"name", "type"/],
  ])("names the source and what is missing for %s", (_case, text, expected) => {
    // WHEN JSON that is not a flow is parsed, THEN the error starts with the source and says what is wrong
    expect(() => parseFlowJson(text, "input.json")).toThrow(expected);
    expect(() => parseFlowJson(text, "input.json")).toThrow(/^input\.json: /);
  });

  it("says 'flow JSON' when no source is given", () => {
    // WHEN bad text is parsed without a source name, THEN the message still says what the text was
    expect(() => parseFlowJson("nope")).toThrow(/^flow JSON: is not valid JSON/);
  });

  it("reads the output of aws connect describe-contact-flow, whose Content is the flow as a string", () => {
    // GIVEN a describe-contact-flow answer wrapping a real flow
    const inner = fixtureText("sbs_modules_HandlerFlow_contactFlow.json");
    const wrapped = JSON.stringify({ ContactFlow: { Name: "Handler", Type: "CONTACT_FLOW", Content: inner } });
    // WHEN it is parsed
    const flow = parseFlowJson(wrapped, "describe.json");
    // THEN the flow inside is returned
    expect(flow).toStrictEqual(JSON.parse(inner));
  });

  it("accepts a byte-order mark at the start of the file", () => {
    // GIVEN a real export saved with a BOM (as some Windows editors do), THEN it parses
    expect(parseFlowJson(`\uFEFF${fixtureText("sbs_modules_HandlerFlow_contactFlow.json")}`).Actions.length).toBeGreaterThan(0);
  });
});
