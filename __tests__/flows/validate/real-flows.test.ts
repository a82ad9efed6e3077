import { validateFlow } from "../../../flows/validate";
import { asFlow, fixtureNames, loadFixture } from "../../support/connect-flow-fixtures";

describe("the validator on real flows exported from Amazon Connect", () => {
  it("finds the fixture folder and all its flows", () => {
    // GIVEN the fixture folder of console exports (see SOURCES.md)
    // THEN it is there and holds the 27 exports (so the next test cannot pass vacuously)
    expect(fixtureNames().length).toBeGreaterThanOrEqual(27);
  });

  it.each(fixtureNames())("accepts %s with no errors", (name) => {
    // GIVEN a flow that Connect itself exported
    const flow = asFlow(loadFixture(name));
    // WHEN it is validated
    const errors = validateFlow(flow).filter((issue) => issue.severity === "error");
    // THEN nothing is reported as an error (warnings are allowed)
    expect(errors).toEqual([]);
  });

  it("reports the one block of the Financial example that nothing leads to, as a warning", () => {
    // GIVEN the Financial example, whose block 61f4731f… has no incoming transition
    const flow = asFlow(loadFixture("sbs_examples_Financial_contactFlow.json"));
    // WHEN it is validated
    const issues = validateFlow(flow);
    // THEN that block is reported unreachable, as a warning
    expect(issues).toContainEqual(expect.objectContaining({
      severity: "warning", code: "UNREACHABLE_ACTION", blockId: "61f4731f-eabe-4d1d-835c-a35956299244",
    }));
  });

  it("does not mutate the flow it validates", () => {
    // GIVEN a real flow and a deep copy of it
    const flow = loadFixture("surveys_deployment_contact-surveys-amazon-connect.json");
    const before = JSON.parse(JSON.stringify(flow));
    // WHEN it is validated
    validateFlow(asFlow(flow));
    // THEN it is unchanged
    expect(flow).toStrictEqual(before);
  });
});
