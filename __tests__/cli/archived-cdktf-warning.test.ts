/**
 * Node 22 deprecates `util.isArray`, which archived CDKTF calls on every synth: our commands hide that one
 * warning (DEP0044) and no other. The command-line test of build-flows (cli.test.ts) checks its stderr;
 * the package test runs it on Node 22, where the warning is real.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { hideArchivedCdktfWarning, nodeOptionsHidingArchivedCdktfWarning } from "../../bin/archived-cdktf-warning";

describe("hideArchivedCdktfWarning", () => {
  it("drops DEP0044 in each form emitWarning takes and passes every other warning on", () => {
    // GIVEN a process whose emitWarning records what it is given
    const seen: unknown[][] = [];
    const target = { emitWarning: ((...args: unknown[]) => void seen.push(args)) as typeof process.emitWarning };
    hideArchivedCdktfWarning(target);
    hideArchivedCdktfWarning(target); // a second call wraps nothing twice
    // WHEN DEP0044 and others are emitted
    target.emitWarning("util.isArray is deprecated", "DeprecationWarning", "DEP0044");
    target.emitWarning("util.isArray is deprecated", { type: "DeprecationWarning", code: "DEP0044" });
    target.emitWarning(Object.assign(new Error("util.isArray"), { code: "DEP0044" }));
    target.emitWarning("Buffer() is deprecated", "DeprecationWarning", "DEP0005");
    target.emitWarning("something else");
    // THEN only the others arrive
    expect(seen).toEqual([["Buffer() is deprecated", "DeprecationWarning", "DEP0005"], ["something else"]]);
  });

  it("keeps a real Node process quiet about DEP0044 only", () => {
    const script = [
      `require(${JSON.stringify(path.resolve(__dirname, "../../bin/archived-cdktf-warning.ts"))}).hideArchivedCdktfWarning();`,
      'process.emitWarning("The util.isArray API is deprecated", "DeprecationWarning", "DEP0044");',
      'process.emitWarning("still shown", "DeprecationWarning", "DEP0999");',
    ].join("\n");
    const child = spawnSync(process.execPath, ["--require", require.resolve("tsx/cjs"), "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(child.status).toBe(0);
    expect(child.stderr).not.toContain("DEP0044");
    expect(child.stderr).toContain("[DEP0999] DeprecationWarning: still shown");
  });
});

describe("nodeOptionsHidingArchivedCdktfWarning", () => {
  const withFlag = new Set(["--disable-warning"]);
  it("adds the flag to the user's NODE_OPTIONS, once", () => {
    expect(nodeOptionsHidingArchivedCdktfWarning(undefined, withFlag)).toBe("--disable-warning=DEP0044");
    expect(nodeOptionsHidingArchivedCdktfWarning("--max-old-space-size=4096", withFlag)).toBe("--max-old-space-size=4096 --disable-warning=DEP0044");
    expect(nodeOptionsHidingArchivedCdktfWarning("--disable-warning=DEP0044", withFlag)).toBe("--disable-warning=DEP0044");
  });
  it("leaves NODE_OPTIONS alone on a Node without --disable-warning, which would refuse to start", () => {
    expect(nodeOptionsHidingArchivedCdktfWarning("--inspect", new Set())).toBe("--inspect");
    expect(nodeOptionsHidingArchivedCdktfWarning(undefined, new Set())).toBeUndefined();
  });
});
