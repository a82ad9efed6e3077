import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "@cdktf/hcl2json";
import { terraformOperationSnippet } from "../../../flows/wrap/operation-snippet";

describe("wrap's Terraform snippet", () => {
  test("is an entry of the generic module's operations map, with only attributes the module declares", async () => {
    // GIVEN the operation wrap suggests for a JSON-validated call
    const snippet = terraformOperationSnippet({ name: "lookUpCustomer", target: "arn:aws:lambda:eu-west-2:123456789012:function:f", inputs: ["customer_number"], timeoutSeconds: 60, responseType: "JSON" });

    // WHEN HashiCorp's parser reads it as a tfvars file
    const parsed = (await parse("wrap.auto.tfvars", snippet)) as { operations: { [name: string]: { [attribute: string]: unknown } } };

    // THEN it is keyed by the operation's name, and every attribute is one of the module's variable type
    expect(parsed.operations.lookUpCustomer).toStrictEqual({
      target: "arn:aws:lambda:eu-west-2:123456789012:function:f",
      inputs: ["customer_number"],
      timeout_seconds: 60,
      response_type: "JSON",
    });
    const moduleJson = JSON.parse(readFileSync(path.join(__dirname, "../../../terraform/connect-async/main.tf.json"), "utf8")) as { variable: { operations: { type: string } } };
    for (const attribute of Object.keys(parsed.operations.lookUpCustomer!)) expect(moduleJson.variable.operations.type).toContain(`${attribute} = optional(`);
  });
});
