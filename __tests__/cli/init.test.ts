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
    expect(Object.keys(scaffold.scripts)).toEqual(expect.arrayContaining(["synth", "test", "diff", "deploy", "simulate", "diagram"]));
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
