import { functionNameOf } from "../../sim/aws/function-name";

describe("naming a Lambda for the timeline", () => {
  it.each([
    ["an ARN", "arn:aws:lambda:eu-west-1:123456789012:function:lookup-start", "lookup-start"],
    ["an ARN with an alias", "arn:aws:lambda:eu-west-1:123456789012:function:lookup-start:live", "lookup-start"],
    ["a CDKTF resource token", "${aws_lambda_function.bridge_start-fn_1A2B3C.arn}", "bridge_start-fn_1A2B3C"],
    ["a data source token", "${data.aws_lambda_function.legacy.arn}", "legacy"],
    ["another token", "${module.bridge.start_function_arn}", "module.bridge.start_function_arn"],
    ["anything else", "my-function", "my-function"],
  ])("names %s by its function", (_case, arn, name) => {
    expect(functionNameOf(arn)).toBe(name);
  });
});
