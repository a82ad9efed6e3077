/**
 * What the package tests share: the tarball (packed once per run by pack-once.ts, as `npm publish` would
 * build it), a command runner that fails with the command's output, and `init` + `npm install` of the
 * tarball into a new scaffold.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as path from "node:path";
import type { Engine } from "../../../bin/engine/engines";

export const REPOSITORY = path.resolve(__dirname, "..", "..", "..");
export const MINUTES = 60_000;
/** Set by pack-once.ts (Jest's globalSetup) for every package test file. */
export const TARBALL_ENVIRONMENT = "CONNECT_ASYNC_PACKED_TARBALL";

/** The packed tarball of this checkout. */
export function packedTarball(): string {
  const tarball = process.env[TARBALL_ENVIRONMENT];
  if (tarball === undefined) throw new Error(`${TARBALL_ENVIRONMENT} is not set: run the package tests with npm run test:package (its globalSetup packs the tarball)`);
  return tarball;
}

/** Runs a command; a non-zero exit fails the test with its output. */
export function run(command: string, args: ReadonlyArray<string>, cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, [...args], { cwd, encoding: "utf8", timeout: 10 * MINUTES, env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** Like {@link run}, for a command expected to fail: returns its result whatever the exit code. */
export function runExpectingFailure(command: string, args: ReadonlyArray<string>, cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, [...args], { cwd, encoding: "utf8", timeout: 10 * MINUTES, env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
}

/** `connect-async init <dir> --engine <engine>` from this checkout (the tarball's version), then `npm install` of the tarball. */
export function scaffoldWithTarball(dir: string, engine: Engine): void {
  run(process.execPath, [path.join(REPOSITORY, "bin", "connect-async.js"), "init", dir, "--engine", engine], path.dirname(dir));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", packedTarball()], dir);
}

/** CDK Terrain 0.24 needs Node 22.19 or newer. */
export function nodeRunsCdkTerrain(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 19);
}
