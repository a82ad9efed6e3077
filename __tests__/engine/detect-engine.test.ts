/**
 * The installed command line runs the flavour for the engine the user's project has: fake projects with
 * `node_modules/<engine>/package.json` stand in for installs (resolution is Node's own).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { detectEngine, EngineChoiceError } from "../../bin/engine/detect-engine";

describe("detectEngine", () => {
  let workDir: string;
  let packageDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), "connect-async-engine-"));
    packageDir = path.join(workDir, "elsewhere", "connect-async");
    mkdirSync(packageDir, { recursive: true });
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  /** A project folder with these engines installed and this package.json. */
  function project(name: string, installed: ReadonlyArray<string>, dependencies: { [name: string]: string } = {}): string {
    const dir = path.join(workDir, name);
    for (const engine of installed) {
      mkdirSync(path.join(dir, "node_modules", engine), { recursive: true });
      writeFileSync(path.join(dir, "node_modules", engine, "package.json"), JSON.stringify({ name: engine, version: "0.0.0", main: "index.js" }));
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, dependencies }));
    return dir;
  }
  const detect = (cwd: string, argv: string[] = [], env: NodeJS.ProcessEnv = {}) => detectEngine({ argv, cwd, packageDir, env });

  it("runs the CDK Terrain flavour in a project that has only cdktn", () => {
    expect(detect(project("terrain", ["cdktn"])).engine).toBe("cdktn");
  });

  it("runs the CDKTF flavour in a project that has only cdktf", () => {
    expect(detect(project("classic", ["cdktf"])).engine).toBe("cdktf");
  });

  it("looks in the --project folder rather than the working directory", () => {
    const terrain = project("terrain", ["cdktn"]);
    const classic = project("classic", ["cdktf"]);
    expect(detect(classic, ["build-flows", "--project", terrain]).engine).toBe("cdktn");
    expect(detect(classic, ["export", `--project=${terrain}`, "--out", "x"]).engine).toBe("cdktn");
  });

  it("follows the project's package.json when a mixed install has both engines", () => {
    expect(detect(project("mixed", ["cdktf", "cdktn"], { cdktn: "0.24.0" })).engine).toBe("cdktn");
  });

  it("falls back to where connect-async is installed, then to CDKTF", () => {
    const bare = project("bare", []);
    expect(detect(bare).engine).toBe("cdktf");
    mkdirSync(path.join(workDir, "elsewhere", "node_modules", "cdktn"), { recursive: true });
    writeFileSync(path.join(workDir, "elsewhere", "node_modules", "cdktn", "package.json"), JSON.stringify({ name: "cdktn" }));
    expect(detect(bare).engine).toBe("cdktn");
  });

  it("obeys CONNECT_ASYNC_ENGINE, and says what to do when it names no engine", () => {
    const terrain = project("terrain", ["cdktn"]);
    expect(detect(terrain, [], { CONNECT_ASYNC_ENGINE: "cdktf" }).engine).toBe("cdktf");
    expect(() => detect(terrain, [], { CONNECT_ASYNC_ENGINE: "terraform" })).toThrow(EngineChoiceError);
    expect(() => detect(terrain, [], { CONNECT_ASYNC_ENGINE: "terraform" })).toThrow(/CONNECT_ASYNC_ENGINE=terraform names no engine; use cdktf or cdktn/);
  });
});

describe("currentEngine", () => {
  it("is CDK Terrain in dist/cdktn, and CDKTF in dist/lib and in a checkout's sources", () => {
    const { currentEngine } = require("../../bin/engine/current-engine") as typeof import("../../bin/engine/current-engine");
    expect(currentEngine(path.join("/pkg", "dist", "cdktn", "bin", "engine"))).toBe("cdktn");
    expect(currentEngine(path.join("/pkg", "dist", "lib", "bin", "engine"))).toBe("cdktf");
    expect(currentEngine(path.join("/checkout", "bin", "engine"))).toBe("cdktf");
    // a checkout that happens to live in a folder named cdktn is still the sources
    expect(currentEngine(path.join("/home", "cdktn", "bin", "engine"))).toBe("cdktf");
  });
});
