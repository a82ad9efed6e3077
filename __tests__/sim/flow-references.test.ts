import { interpolate, isReference, resolveParameter, resolveReference } from "../../sim/connect/flow-references";

const data = {
  ContactId: "c-1",
  AwsRegion: "eu-west-2",
  Attributes: { name: "Ada", "user attribute": "spaced" },
  FlowAttributes: { requestId: "demo#abc" },
  External: { balance: "42", nested: { a: "b" } },
};

describe("$. references", () => {
  it("resolves dot, bracket and mixed forms", () => {
    expect(resolveReference("$.Attributes.name", data)).toBe("Ada");
    expect(resolveReference("$['AwsRegion']", data)).toBe("eu-west-2");
    expect(resolveReference("$.Attributes.['user attribute']", data)).toBe("spaced");
    expect(resolveReference("$.External.nested.a", data)).toBe("b");
    expect(resolveReference("$.External.missing", data)).toBeUndefined();
  });

  it("interpolates references inside text and leaves dollar amounts and sentence ends alone", () => {
    expect(interpolate("Hello $.Attributes.name, you owe $1000 and $.External.balance.", data)).toBe("Hello Ada, you owe $1000 and 42.");
    expect(interpolate("arn:aws:lambda:$.AwsRegion:111111111111:function:f", data)).toBe("arn:aws:lambda:eu-west-2:111111111111:function:f");
  });

  it("substitutes an absent value with nothing", () => {
    expect(interpolate("[$.Attributes.absent]", data)).toBe("[]");
  });

  it("resolves parameter maps member by member", () => {
    expect(isReference("$.ContactId")).toBe(true);
    expect(isReference("id $.ContactId")).toBe(false);
    expect(resolveParameter({ asyncRequestId: "$.FlowAttributes.requestId", operation: "demo", contact: "$.ContactId" }, data)).toEqual({
      asyncRequestId: "demo#abc",
      operation: "demo",
      contact: "c-1",
    });
  });
});
