/**
 * The small pure parts of reading a user's project: which `app` commands connect-async runs itself, and
 * how Terraform string templates in the synthesized JSON are resolved.
 */
import * as path from "node:path";
import { appLaunchOf } from "../../bin/project/app-entry";
import { firstOf, resolveTemplate, variableResolver } from "../../bin/project/interpolation";

describe("the app command of cdktf.json", () => {
  const project = path.join(path.sep, "work", "app");

  it.each([
    { command: "npx tsx main.ts", entry: "main.ts" },
    { command: "tsx main.ts", entry: "main.ts" },
    { command: "npx ts-node main.ts", entry: "main.ts" },
    { command: "npx ts-node --prefer-ts-exts src/main.ts", entry: "src/main.ts" },
    { command: "npx --yes tsx main.ts", entry: "main.ts" },
    { command: "node main.js", entry: "main.js" },
  ])("runs `$command` itself, as the file $entry", ({ command, entry }) => {
    expect(appLaunchOf(command, project)).toEqual({ kind: "entry", entry: path.join(project, entry) });
  });

  it.each([
    { command: "npm run --silent compile && node main.js" },
    { command: "python main.py" },
    { command: "npx tsx main.ts --stack billing" },
    { command: "go run main.go" },
    { command: "npx tsx $ENTRY.ts" },
  ])("leaves `$command` to the shell, as the cdktf CLI runs it", ({ command }) => {
    expect(appLaunchOf(command, project)).toEqual({ kind: "shell", command });
  });
});

describe("Terraform string templates in synthesized JSON", () => {
  const variables = variableResolver(new Map([["name_prefix", "acme"]]));

  it("fills in variables it knows and leaves other references as written", () => {
    expect(resolveTemplate("${var.name_prefix}-start uses ${aws_dynamodb_table.t.name} and ${var.other}", variables)).toBe(
      "acme-start uses ${aws_dynamodb_table.t.name} and ${var.other}",
    );
  });

  it("turns Terraform's escapes back into literal text, without resolving them", () => {
    expect(resolveTemplate("say $${var.name_prefix} and %%{if}", variables)).toBe("say ${var.name_prefix} and %{if}");
  });

  it("tries resolvers in order", () => {
    const lambdas = (expression: string) => (expression === "aws_lambda_function.start.arn" ? "arn:aws:lambda:us-east-1:000000000000:function:acme-start" : undefined);
    expect(resolveTemplate('{"LambdaFunctionARN":"${aws_lambda_function.start.arn}"}', firstOf(variables, lambdas))).toBe(
      '{"LambdaFunctionARN":"arn:aws:lambda:us-east-1:000000000000:function:acme-start"}',
    );
  });
});
