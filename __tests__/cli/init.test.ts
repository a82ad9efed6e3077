/**
 * `connect-async init`: the scaffold's files, its pinned versions, and its refusal to overwrite. The
 * package test (__tests__/package) installs the packed tarball into a scaffold and runs it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { InitError, runInit } from "../../bin/commands/init";

const REPOSITORY = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(path.join(REPOSITORY, "package.json"), "utf8")) as {
  version: string;
  devDependencies: { [name: string]: string };
};

describe("connect-async init", () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-init-"));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it("writes a cdktf init-shaped TypeScript project named after its folder", () => {
    const result = runInit({ dir: path.join(workDir, "Contact Centre") });
    expect(result.name).toBe("contact-centre");
    expect(result.files).toEqual(
      expect.arrayContaining([".gitignore", "README.md", "cdktf.json", "help", "main.ts", "package.json", "tsconfig.json", "jest.config.js", "setup.js", "contact-centre-stack.ts"]),
    );
    expect(result.files.some((file) => file.startsWith("__tests__/") && file.endsWith(".test.ts"))).toBe(true);
    for (const file of result.files) expect(existsSync(path.join(result.dir, file))).toBe(true);
    const cdktf = JSON.parse(readFileSync(path.join(result.dir, "cdktf.json"), "utf8")) as { language: string; app: string; projectId: string };
    expect(cdktf).toMatchObject({ language: "typescript", app: "npx tsx main.ts", projectId: "contact-centre" });
    expect(readFileSync(path.join(result.dir, "README.md"), "utf8")).toMatch(/^# contact-centre\n/);
  });

  it("pins connect-async to the version that ran it, and CDKTF and the tools to the versions it is built with", () => {
    const { dir } = runInit({ dir: workDir, name: "ivr" });
    const scaffold = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
      dependencies: { [name: string]: string };
      devDependencies: { [name: string]: string };
      scripts: { [name: string]: string };
    };
    expect(scaffold.dependencies["connect-async"]).toBe(manifest.version);
    for (const peer of ["cdktf", "@cdktf/provider-aws", "constructs"]) expect(scaffold.dependencies[peer]).toBe(manifest.devDependencies[peer]);
    for (const tool of ["cdktf-cli", "typescript", "jest"]) expect(scaffold.devDependencies[tool]).toBe(manifest.devDependencies[tool]);
    expect(Object.keys({ ...scaffold.dependencies, ...scaffold.devDependencies }).filter((pkg) => /cdktn/.test(pkg))).toEqual([]);
    expect(Object.keys(scaffold.scripts)).toEqual(expect.arrayContaining(["synth", "test", "diff", "deploy", "simulate", "diagram"]));
  });

  it("type-checks before testing, and simulates and draws every flow, however many the app has (issue 17 B)", () => {
    const { dir } = runInit({ dir: workDir, name: "ivr" });
    const { scripts } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { scripts: { [name: string]: string } };
    // tsc first: a misspelt option (strategi: "event") synthesizes and would pass Jest, which does not type-check
    expect(scripts.test).toBe("tsc --noEmit && jest");
    expect(scripts.simulate).toMatch(/^connect-async simulate --all /);
    expect(scripts.diagram).toBe("connect-async build-flows --out flows-out && connect-async diagram flows-out");
  });

  it("with --engine cdktn, installs CDK Terrain and never CDKTF, and its code and scripts use cdktn", () => {
    // WHEN a CDK Terrain project is scaffolded
    const result = runInit({ dir: workDir, name: "terrain", engine: "cdktn" });
    const scaffold = JSON.parse(readFileSync(path.join(result.dir, "package.json"), "utf8")) as {
      dependencies: { [name: string]: string };
      devDependencies: { [name: string]: string };
      scripts: { [name: string]: string };
      engines: { node: string };
    };
    // THEN its packages are cdktn's, pinned, with a constructs cdktn 0.24 accepts (>= 10.6 < 10.8), and Node 22.19+
    const installed = { ...scaffold.dependencies, ...scaffold.devDependencies };
    expect(Object.keys(installed).filter((pkg) => /cdktf/.test(pkg))).toEqual([]);
    expect(scaffold.dependencies).toMatchObject({ "connect-async": manifest.version, cdktn: "0.24.0", "@cdktn/provider-aws": expect.stringMatching(/^25\./) });
    expect(scaffold.dependencies.constructs).toMatch(/^10\.[67]\./);
    expect(scaffold.devDependencies["cdktn-cli"]).toBe("0.24.0");
    expect(scaffold.engines.node).toBe(">=22.19");
    expect([scaffold.scripts.diff, scaffold.scripts.deploy, scaffold.scripts.destroy]).toEqual(["cdktn diff", "cdktn deploy", "cdktn destroy"]);
    // AND every TypeScript and JavaScript file imports cdktn and connect-async/cdktn, never cdktf
    const code = result.files.filter((file) => /\.(ts|js)$/.test(file)).map((file) => readFileSync(path.join(result.dir, file), "utf8")).join("\n");
    expect(code).not.toMatch(/["']@?cdktf/);
    expect(code).toContain('from "connect-async/cdktn"');
    expect(code).toContain('from "@cdktn/provider-aws/lib/data-aws-connect-instance"');
    expect(code).toContain('require("cdktn")');
    // AND the README and help name CDK Terrain and its Node
    expect(readFileSync(path.join(result.dir, "README.md"), "utf8")).toMatch(/A CDK Terrain \(TypeScript\) app[\s\S]*Node 22\.19 or newer/);
    expect(readFileSync(path.join(result.dir, "help"), "utf8")).toContain("terrain: a CDK Terrain app");
    expect(readFileSync(path.join(result.dir, "README.md"), "utf8")).not.toMatch(/\{\{\w+\}\}/);
  });

  it("defaults to CDKTF, whose scaffold is unchanged by the engine rewrite", () => {
    const result = runInit({ dir: workDir, name: "classic" });
    expect(result.engine).toBe("cdktf");
    const stack = readFileSync(path.join(result.dir, "contact-centre-stack.ts"), "utf8");
    expect(stack).toContain('from "connect-async"');
    expect(stack).toContain('from "cdktf"');
    expect(readFileSync(path.join(result.dir, "README.md"), "utf8")).toMatch(/A CDKTF \(TypeScript\) app[\s\S]*--engine cdktn/);
  });

  it("refuses an engine it does not know, from the command line", () => {
    const child = spawnSync(process.execPath, [path.join(REPOSITORY, "bin", "connect-async.js"), "init", path.join(workDir, "x"), "--engine", "pulumi"], { encoding: "utf8", timeout: 60_000 });
    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/--engine must be cdktf or cdktn, got "pulumi"/);
  });

  it("refuses to overwrite, names the files in the way, and writes nothing", () => {
    writeFileSync(path.join(workDir, "main.ts"), "// mine\n");
    expect(() => runInit({ dir: workDir })).toThrow(InitError);
    expect(() => runInit({ dir: workDir })).toThrow(/already has main\.ts; run init in a new or empty folder \(nothing was written\)/);
    expect(readFileSync(path.join(workDir, "main.ts"), "utf8")).toBe("// mine\n");
    expect(existsSync(path.join(workDir, "cdktf.json"))).toBe(false);
  });

  it("refuses a name npm would refuse", () => {
    expect(() => runInit({ dir: workDir, name: "Bad Name" })).toThrow(/"Bad Name" is not a valid npm package name; pass one with --name/);
  });

  it("exits 1 from the command line when the folder already holds a project", () => {
    runInit({ dir: workDir, name: "ivr" });
    const child = spawnSync(process.execPath, [path.join(REPOSITORY, "bin", "connect-async.js"), "init", workDir], { encoding: "utf8", timeout: 60_000 });
    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/^connect-async init: .* already has /);
    expect(child.stderr).not.toMatch(/^\s+at /m);
  });
});
