/**
 * connect-async as a CDK Terrain user gets it (`npm run test:package` on Node 22.19+; CI runs it on Node 22,
 * and on an older Node these tests are skipped, as CDK Terrain 0.24 needs 22.19): the packed tarball in a
 * project scaffolded by `init --engine cdktn`, then
 *   1. the scaffold installs cdktn and never cdktf, synthesizes and passes its own tests;
 *   2. `connect-async/cdktn` loads without CDKTF, and every `@cdktn/provider-aws/lib/…` module it imports
 *      exists in the provider the scaffold installed;
 *   3. the library's TypeScript sources, with their engine imports rewritten as the build rewrites them,
 *      type-check against cdktn and @cdktn/provider-aws 25.x: every construct, resource class and argument
 *      we use exists there with the type we give it;
 *   4. a user's own CDK Terrain stack (the billing app, importing "connect-async/cdktn"), on which every
 *      command runs: synth, build-flows, diagram, simulate, export, export --generic, diff and wrap;
 *   5. the same Terraform: the scaffold's stack synthesized under CDKTF and under CDK Terrain gives the
 *      same resources and arguments, apart from engine metadata.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { missingProviderModules } from "../../bin/build-engine-flavour";
import { ENGINES } from "../../bin/engine/engines";
import { engineSpecifiersOf, rewriteEngineImports } from "../../bin/engine/rewrite-engine-imports";
import { MINUTES, nodeRunsCdkTerrain, REPOSITORY, run, scaffoldWithTarball } from "./support/packed-package";
import { comparableTerraform } from "./support/comparable-terraform";

jest.setTimeout(20 * MINUTES);
const describeOnNode22 = nodeRunsCdkTerrain() ? describe : describe.skip;
const BILLING_APP = path.join(REPOSITORY, "__tests__", "cli", "fixtures", "billing-app");
/** What tsconfig.build.json compiles into the package (the build scripts aside). */
const LIBRARY_SOURCES = ["index.ts", "infra", "flows", "handlers", "sim", "bin"];
const BUILD_SCRIPTS = /^bin\/build-(handlers|engine-flavour)\.ts$/;

let workDir: string;
let appDir: string;
const connectAsync = (...args: string[]) => run("npx", ["--no", "connect-async", ...args], appDir);

describeOnNode22("CDK Terrain: a project scaffolded by init --engine cdktn, with the packed tarball installed", () => {
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-terrain-"));
    appDir = path.join(workDir, "contact-centre");
    scaffoldWithTarball(appDir, "cdktn");
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  describe("the scaffold", () => {
    it("installs cdktn, @cdktn/provider-aws and cdktn-cli, and no CDKTF package at all", () => {
      const modules = path.join(appDir, "node_modules");
      for (const pkg of ["cdktn", "@cdktn/provider-aws", "cdktn-cli"]) expect(existsSync(path.join(modules, pkg, "package.json"))).toBe(true);
      expect(existsSync(path.join(modules, "cdktf"))).toBe(false);
      expect(existsSync(path.join(modules, "cdktf-cli"))).toBe(false);
      expect(existsSync(path.join(modules, "@cdktf"))).toBe(false);
    });

    it("synthesizes with npm run synth, with no edits", () => {
      const result = run("npm", ["run", "--silent", "synth"], appDir);
      expect(result.stdout).toMatch(/Terraform JSON for stack contact-centre: cdktf\.out\/stacks\/contact-centre\/cdk\.tf\.json \(\d+ resources/);
      expect(result.stdout).toContain("`npx cdktn diff`");
      expect(result.stderr).toBe("");
    });

    it("passes its own tests (CDK Terrain's matchers, connect-async's validator) after type-checking", () => {
      expect(run("npm", ["test", "--silent"], appDir).stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    });

    it("simulates and draws its flows with its npm scripts", () => {
      expect(run("npm", ["run", "--silent", "simulate"], appDir).stdout).toMatch(/Summary: scenario slow-backend, 1 flow\n.*\n {2}contact-centre-lookup +success /);
      expect(run("npm", ["run", "--silent", "diagram"], appDir).stdout).toMatch(/^flowchart TD\n/m);
    });
  });

  describe("connect-async/cdktn", () => {
    const flavour = () => path.join(appDir, "node_modules", "connect-async", "dist", ENGINES.cdktn.distFolder);

    it("loads without CDKTF and without the provider's index, and exports the constructs and the builder", () => {
      const probe = [
        'const terrain = require("connect-async/cdktn");',
        "const loaded = Object.keys(require.cache);",
        "console.log(JSON.stringify({",
        "  names: Object.keys(terrain),",
        '  cdktf: loaded.filter((file) => /[\\\\/]node_modules[\\\\/](cdktf|@cdktf)[\\\\/]/.test(file)),',
        '  index: loaded.filter((file) => /@cdktn[\\\\/]provider-aws[\\\\/]lib[\\\\/]index\\.js$/.test(file)),',
        '  cdktn: loaded.some((file) => /[\\\\/]node_modules[\\\\/]cdktn[\\\\/]/.test(file)),',
        "}));",
      ].join("\n");
      const loaded = JSON.parse(run(process.execPath, ["-e", probe], appDir).stdout) as { names: string[]; cdktf: string[]; index: string[]; cdktn: boolean };
      expect(loaded.cdktf).toEqual([]);
      expect(loaded.index).toEqual([]);
      expect(loaded.cdktn).toBe(true);
      expect(loaded.names).toEqual(expect.arrayContaining(["ConnectAsyncBridge", "ContactFlow", "Flow", "asyncInvoke", "asyncStart", "asyncAwait", "validateFlow", "renderMermaid"]));
    });

    it("imports only @cdktn/provider-aws modules that the installed provider has", () => {
      const specifiers = new Set<string>();
      const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
      for (const file of walk(flavour()).filter((name) => name.endsWith(".js"))) {
        for (const specifier of engineSpecifiersOf(readFileSync(file, "utf8"), "cdktn")) specifiers.add(specifier);
        expect(engineSpecifiersOf(readFileSync(file, "utf8"), "cdktf")).toEqual([]);
      }
      const providerImports = [...specifiers].filter((specifier) => specifier.startsWith(`${ENGINES.cdktn.provider}/lib/`));
      expect(providerImports.length).toBeGreaterThanOrEqual(15);
      expect(missingProviderModules(providerImports, path.join(appDir, "node_modules", "@cdktn", "provider-aws"))).toEqual([]);
    });

    it("is typed against CDK Terrain: the library's sources, rewritten as the build rewrites them, type-check against cdktn and @cdktn/provider-aws 25.x", () => {
      // GIVEN the sources the package compiles, copied into the scaffold (where cdktn, its provider and
      // connect-async's dependencies are installed) with their engine imports rewritten
      const checkDir = path.join(appDir, "engine-typecheck");
      const listed = (entry: string): string[] =>
        statSync(path.join(REPOSITORY, entry)).isDirectory() ? readdirSync(path.join(REPOSITORY, entry)).flatMap((child) => listed(path.posix.join(entry, child))) : [entry];
      const files = LIBRARY_SOURCES.flatMap(listed).filter((file) => /\.(ts|json)$/.test(file) && !BUILD_SCRIPTS.test(file));
      for (const file of files) {
        const text = readFileSync(path.join(REPOSITORY, file), "utf8");
        mkdirSync(path.dirname(path.join(checkDir, file)), { recursive: true });
        writeFileSync(path.join(checkDir, file), file.endsWith(".ts") ? rewriteEngineImports(text, "cdktf", "cdktn").text : text);
      }
      const compilerOptions = (JSON.parse(readFileSync(path.join(REPOSITORY, "tsconfig.json"), "utf8")) as { compilerOptions: object }).compilerOptions;
      writeFileSync(path.join(checkDir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: true, types: ["node"] }, include: ["**/*.ts"] }));
      // WHEN tsc checks them, THEN there is no error (tsc exits non-zero and lists them otherwise)
      expect(files.filter((file) => file.endsWith(".ts")).length).toBeGreaterThan(100);
      run(process.execPath, [path.join(appDir, "node_modules", "typescript", "bin", "tsc"), "-p", checkDir], appDir);
    });
  });

  describe("a user's own CDK Terrain stack, on the installed command line", () => {
    beforeAll(() => {
      // GIVEN the billing app, moved to CDK Terrain as docs/cdk-terrain.md says (imports only)
      mkdirSync(path.join(appDir, "billing"));
      cpSync(path.join(BILLING_APP, "cdktf.json"), path.join(appDir, "billing", "cdktf.json"));
      const source = readFileSync(path.join(BILLING_APP, "main.ts"), "utf8").replace('from "../../../../index"', 'from "connect-async"');
      const moved = rewriteEngineImports(source, "cdktf", "cdktn").text;
      expect(moved).toContain('from "connect-async/cdktn"');
      writeFileSync(path.join(appDir, "billing", "main.ts"), moved);
    });

    it("synth writes its Terraform", () => {
      expect(connectAsync("synth", "--project", "billing").stdout).toMatch(/Terraform JSON for stack billing: /);
      expect(existsSync(path.join(appDir, "billing", "cdktf.out", "stacks", "billing", "cdk.tf.json"))).toBe(true);
    });

    it("build-flows writes its flow, diagram draws it, and simulate runs it with its operations", () => {
      connectAsync("build-flows", "--project", "billing", "--out", "billing-flows");
      expect(readdirSync(path.join(appDir, "billing-flows")).sort()).toEqual(["Billing.json", "Billing.mmd"]);
      expect(connectAsync("diagram", "billing-flows/Billing.json").stdout).toMatch(/^flowchart /);
      const simulated = connectAsync("simulate", "--project", "billing", "--scenario", "fast-backend");
      expect(simulated.stdout).toContain("payments-start");
      expect(simulated.stdout).not.toContain("${");
    });

    it("export writes it as a Terraform module, and export --generic writes the generic module", () => {
      connectAsync("export", "--project", "billing", "--out", "billing-module");
      const module = JSON.parse(readFileSync(path.join(appDir, "billing-module", "main.tf.json"), "utf8")) as { output: object };
      expect(Object.keys(module.output)).toEqual(expect.arrayContaining(["start_function_arn", "poll_function_arn", "status_table_name", "contact_flow_arns"]));
      expect(existsSync(path.join(appDir, "billing-module", "assets", "start.zip"))).toBe(true);
      connectAsync("export", "--generic", "--out", "generic-module");
      expect(existsSync(path.join(appDir, "generic-module", "main.tf.json"))).toBe(true);
    });

    it("wrap wraps a slow call in a flow built with connect-async/cdktn/flows, and diff shows the change", () => {
      const build = [
        'const { Flow, InvokeLambdaFunction, MessageParticipant, DisconnectParticipant } = require("connect-async/cdktn/flows");',
        'const bye = new DisconnectParticipant("Bye");',
        'const say = new MessageParticipant("Say balance", { prompt: { text: "Your balance is $.External.balance" } }).onError(bye).next(bye);',
        'const call = new InvokeLambdaFunction("Look up balance", { functionArn: "arn:aws:lambda:eu-west-2:123456789012:function:legacy-balance", invocationTimeLimitSeconds: 8 }).onError(bye).next(say);',
        'require("node:fs").writeFileSync("legacy.json", JSON.stringify(new Flow({ name: "Legacy", startWith: call }).toJson()));',
      ].join("\n");
      run(process.execPath, ["-e", build], appDir);
      const wrapped = connectAsync("wrap", "legacy.json", "--block", "Look up balance", "--operation", "balance", "--flow-type", "CONTACT_FLOW", "--out", "wrapped.json");
      expect(wrapped.stdout).toMatch(/Wrapped InvokeLambdaFunction block .* in the async macro/);
      expect(connectAsync("diff", "legacy.json", "wrapped.json").stdout).toMatch(/legacy\.json → wrapped\.json: \d+ added/);
    });
  });

  describe("the same Terraform under both engines", () => {
    it("gives the same resources and arguments for the scaffold's stack, apart from engine metadata", () => {
      // GIVEN the same scaffold on CDKTF, beside the CDK Terrain one (synthesized above)
      const cdktfDir = path.join(workDir, "contact-centre-cdktf");
      scaffoldWithTarball(cdktfDir, "cdktf");
      expect(readFileSync(path.join(cdktfDir, "contact-centre-stack.ts"), "utf8")).toBe(
        rewriteEngineImports(readFileSync(path.join(appDir, "contact-centre-stack.ts"), "utf8"), "cdktn", "cdktf").text,
      );
      // WHEN both synthesize
      run("npm", ["run", "--silent", "synth"], cdktfDir);
      run("npm", ["run", "--silent", "synth"], appDir);
      const read = (dir: string) => JSON.parse(readFileSync(path.join(dir, "cdktf.out", "stacks", "contact-centre", "cdk.tf.json"), "utf8")) as object;
      const cdktf = comparableTerraform(read(cdktfDir));
      const cdktn = comparableTerraform(read(appDir));
      // THEN every resource, data source, variable, output and argument is the same, at the same address
      expect(Object.keys(cdktn.terraform.resource ?? {}).length).toBeGreaterThanOrEqual(8);
      expect(cdktn.terraform).toStrictEqual(cdktf.terraform);
      // AND the engine metadata that differs is only the engine's version and the AWS provider pin (6.x on both)
      expect(cdktf.engine.providerSource).toBe("hashicorp/aws");
      expect(cdktn.engine.providerSource).toBe("hashicorp/aws");
      expect(cdktf.engine.providerVersion).toMatch(/^6\./);
      expect(cdktn.engine.providerVersion).toMatch(/^6\./);
      // AND both flavours export the same API
      const exported = (dir: string, entry: string) => JSON.parse(run(process.execPath, ["-e", `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(entry)})).sort()))`], dir).stdout) as string[];
      expect(exported(appDir, "connect-async/cdktn")).toStrictEqual(exported(cdktfDir, "connect-async"));
      // AND the Lambda zips are the same bytes (the same asset hashes in the JSON)
      expect(readdirSync(path.join(appDir, "cdktf.out", "stacks", "contact-centre", "assets")).sort()).toEqual(readdirSync(path.join(cdktfDir, "cdktf.out", "stacks", "contact-centre", "assets")).sort());
    });
  });
});
