import { findJsonPathReferences, isSingleReference } from "../../../flows/validation/json-path";

describe("finding $. references in a parameter value", () => {
  it.each([
    ["Hello $.Attributes.name, welcome", [["Attributes", "name"]]],
    ["$.External.a.b", [["External", "a", "b"]]],
    ["Balance: $.External.balance.", [["External", "balance"]]],
    ["$.Attributes.['first name'] and $['Attributes']['x']", [["Attributes", "first name"], ["Attributes", "x"]]],
    ["arn:aws:lambda:$.AwsRegion:111:function:f", [["AwsRegion"]]],
    ["$.Views.ViewResultData.FormData.extras.0", [["Views", "ViewResultData", "FormData", "extras", "0"]]],
    ["<li>$.Attributes.CaseID</li>", [["Attributes", "CaseID"]]],
  ])("reads %j as its path segments", (value, expected) => {
    // WHEN the value is scanned
    const references = findJsonPathReferences(value);
    // THEN each reference is found with its segments and no problem
    expect(references.map((reference) => reference.segments)).toEqual(expected);
    expect(references.every((reference) => reference.problem === undefined)).toBe(true);
  });

  it.each(["$1000", "${LambdaGetSurveyConfig.Arn}", "US$", "no references"])("finds no reference in %j", (value) => {
    // GIVEN a dollar sign not followed by "." or "[", THEN it is plain text
    expect(findJsonPathReferences(value)).toEqual([]);
  });

  it.each([
    ["$.", "not followed by a name"],
    ["Total: $. Thanks", "not followed by a name"],
    ["$['Attributes", "never closes"],
    ["$['Attributes'x", "not with ]"],
    ["$[Attributes]", "quoted name or an index"],
    ["$.Attributes..x", "empty name"],
    ["$.a[1", "without closing"],
  ])("marks %j as malformed", (value, problem) => {
    // WHEN the value is scanned, THEN its reference carries the expected problem
    const [reference] = findJsonPathReferences(value);
    expect(reference.problem).toContain(problem);
  });

  it("tells a whole single reference from interpolated text", () => {
    // GIVEN values of a parameter that takes a literal or one whole reference, THEN only whole references count
    expect(isSingleReference("$.Attributes.count")).toBe(true);
    expect(isSingleReference(" $.Attributes.count ")).toBe(true);
    expect(isSingleReference("$.Attributes.count times")).toBe(false);
    expect(isSingleReference("$.a$.b")).toBe(false);
    expect(isSingleReference("10")).toBe(false);
  });
});
