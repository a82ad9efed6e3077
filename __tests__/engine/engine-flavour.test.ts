/**
 * One source, two engines: the specifier rewrite that turns the compiled CDKTF library into the CDK
 * Terrain flavour (and the scaffold's templates into a cdktn project), and the flavour build's checks.
 * The packed flavour running on real CDK Terrain is the package test's job (__tests__/package).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildCdktnFlavour, FlavourBuildError, missingProviderModules } from "../../bin/build-engine-flavour";
import { engineSpecifiersOf, rewriteEngineImports } from "../../bin/engine/rewrite-engine-imports";

describe("rewriteEngineImports", () => {
  it("moves every specifier form from cdktf to cdktn, deep provider imports included", () => {
    // GIVEN compiled JavaScript and declarations as tsc writes them, and TypeScript as a template has it
    const source = [
      'const cdktf_1 = require("cdktf");',
      "const log_group_1 = require('@cdktf/provider-aws/lib/cloudwatch-log-group');",
      'export declare const x: import("cdktf").Token;',
      'import { App } from "cdktf";',
      'import "cdktf/lib/testing/adapters/jest";',
      'import { Flow } from "connect-async/flows";',
      'const found = require.resolve("@cdktf/provider-aws/package.json");',
    ].join("\n");
    // WHEN it is rewritten for CDK Terrain
    const result = rewriteEngineImports(source, "cdktf", "cdktn");
    // THEN each names the cdktn package, and the deep imports are listed
    expect(result.text).toBe(
      [
        'const cdktf_1 = require("cdktn");',
        "const log_group_1 = require('@cdktn/provider-aws/lib/cloudwatch-log-group');",
        'export declare const x: import("cdktn").Token;',
        'import { App } from "cdktn";',
        'import "cdktn/lib/testing/adapters/jest";',
        'import { Flow } from "connect-async/cdktn/flows";',
        'const found = require.resolve("@cdktn/provider-aws/package.json");',
      ].join("\n"),
    );
    expect(result.providerImports).toEqual(["@cdktn/provider-aws/lib/cloudwatch-log-group", "@cdktn/provider-aws/package.json"]);
  });

  it("leaves strings that are not specifiers: package-name lists, cdktf.json, prose, look-alike packages", () => {
    const source = ['const RUNTIME = ["cdktf", "@cdktf/provider-aws"];', 'read("cdktf.json");', "// imports `@cdktf/provider-aws` by deep paths", 'require("cdktf-cli/package.json");'].join("\n");
    expect(rewriteEngineImports(source, "cdktf", "cdktn").text).toBe(source);
  });

  it("goes back the other way without reading connect-async/cdktn as connect-async plus a path", () => {
    const source = 'import { ConnectAsyncBridge } from "connect-async/cdktn";\nimport { App } from "cdktn";';
    expect(rewriteEngineImports(source, "cdktn", "cdktf").text).toBe('import { ConnectAsyncBridge } from "connect-async";\nimport { App } from "cdktf";');
  });

  it("finds the engine specifiers a text still has", () => {
    expect(engineSpecifiersOf('require("cdktf"); require("@cdktf/provider-aws/lib/iam-role"); require("cdktn")', "cdktf")).toEqual(["cdktf", "@cdktf/provider-aws/lib/iam-role"]);
  });
});

describe("buildCdktnFlavour", () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-flavour-"));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  function write(file: string, text: string): void {
    mkdirSync(path.dirname(path.join(workDir, file)), { recursive: true });
    writeFileSync(path.join(workDir, file), text);
  }

  it("copies the library with .js and .d.ts rewritten and other files as they are", () => {
    // GIVEN a compiled library with a module, its declarations and a JSON file
    write("lib/infra/table.js", 'const t = require("@cdktf/provider-aws/lib/dynamodb-table");\nconst c = require("cdktf");\n');
    write("lib/infra/table.d.ts", 'import { Construct } from "constructs";\nimport { TerraformStack } from "cdktf";\n');
    write("lib/sim/scenarios/fast.json", '{"from":"cdktf"}\n');
    // WHEN the flavour is built
    const built = buildCdktnFlavour({ from: path.join(workDir, "lib"), to: path.join(workDir, "cdktn") });
    // THEN every file is there, rewritten where it is code
    expect(built.files).toBe(3);
    expect(readFileSync(path.join(workDir, "cdktn/infra/table.js"), "utf8")).toBe('const t = require("@cdktn/provider-aws/lib/dynamodb-table");\nconst c = require("cdktn");\n');
    expect(readFileSync(path.join(workDir, "cdktn/infra/table.d.ts"), "utf8")).toBe('import { Construct } from "constructs";\nimport { TerraformStack } from "cdktn";\n');
    expect(readFileSync(path.join(workDir, "cdktn/sim/scenarios/fast.json"), "utf8")).toBe('{"from":"cdktf"}\n');
    expect(built.providerImports).toEqual(["@cdktn/provider-aws/lib/dynamodb-table"]);
  });

  it("replaces a previous build, so a file removed from the library does not linger", () => {
    write("lib/a.js", "");
    write("cdktn/stale.js", 'require("cdktf");');
    buildCdktnFlavour({ from: path.join(workDir, "lib"), to: path.join(workDir, "cdktn") });
    expect(() => readFileSync(path.join(workDir, "cdktn/stale.js"))).toThrow();
  });

  it("says to compile first when there is no library", () => {
    expect(() => buildCdktnFlavour({ from: path.join(workDir, "missing"), to: path.join(workDir, "cdktn") })).toThrow(FlavourBuildError);
    expect(() => buildCdktnFlavour({ from: path.join(workDir, "missing"), to: path.join(workDir, "cdktn") })).toThrow(/compile the library first/);
  });

  it("lists the deep imports an installed provider has no module for", () => {
    // GIVEN a provider with lib/iam-role/index.js only
    write("provider/lib/iam-role/index.js", "");
    const imports = ["@cdktn/provider-aws/lib/iam-role", "@cdktn/provider-aws/lib/no-such-resource"];
    expect(missingProviderModules(imports, path.join(workDir, "provider"))).toEqual(["@cdktn/provider-aws/lib/no-such-resource"]);
  });
});
