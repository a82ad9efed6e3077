/**
 * Shared by the infra tests: fixture handler bundles (so the tests do not depend on `npm run build`),
 * a full in-process synthesis of the default stack into a temporary folder, and readers for the
 * synthesized Terraform JSON.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createDefaultApp, type DefaultAppOptions } from "../../../infra/default-app";
import { DEFAULT_STACK_ID } from "../../../infra/demo-stack";

/** A Terraform block (resource, data source, …) as synthesized. */
export type TerraformBlock = { readonly [argument: string]: unknown };

/** The synthesized Terraform JSON. */
export interface TerraformJson {
  readonly [block: string]: unknown;
  readonly terraform?: { readonly backend?: unknown; readonly required_providers?: { readonly [name: string]: unknown } };
  readonly provider?: unknown;
  readonly variable?: { readonly [name: string]: TerraformBlock };
  readonly output?: { readonly [name: string]: TerraformBlock };
  readonly resource?: { readonly [type: string]: { readonly [name: string]: TerraformBlock } };
  readonly data?: { readonly [type: string]: { readonly [name: string]: TerraformBlock } };
}

export const FIXTURE_BUNDLES = ["start", "poll", "demo-backend"] as const;

/** Writes `<dir>/<name>/index.js` for every bundle; the same content every time. */
export function writeFixtureBundles(dir: string = fs.mkdtempSync(path.join(os.tmpdir(), "connect-async-bundles-"))): string {
  for (const name of FIXTURE_BUNDLES) {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    fs.writeFileSync(path.join(dir, name, "index.js"), `"use strict";exports.handler=async()=>({bundle:${JSON.stringify(name)}});\n`);
  }
  return dir;
}

/** One full synthesis of the default stack. */
export interface SynthesizedStack {
  /** The CDKTF output folder. */
  readonly outdir: string;
  /** `<outdir>/stacks/connect-async`. */
  readonly stackDir: string;
  /** `cdk.tf.json` as text. */
  readonly text: string;
  readonly json: TerraformJson;
}

/** Synthesizes the default stack (assets included) into a new temporary folder. */
export function synthesizeDefaultStack(options: Omit<DefaultAppOptions, "outdir"> & { outdir?: string } = {}): SynthesizedStack {
  const outdir = options.outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), "connect-async-synth-"));
  const { app } = createDefaultApp({ env: {}, handlersDir: writeFixtureBundles(), ...options, outdir });
  app.synth();
  const stackDir = path.join(outdir, "stacks", DEFAULT_STACK_ID);
  const text = fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8");
  return { outdir, stackDir, text, json: JSON.parse(text) as TerraformJson };
}

/** The resources of one type, as `[name, block]` pairs. */
export function resourcesOf(json: TerraformJson, type: string): Array<[string, TerraformBlock]> {
  return Object.entries(json.resource?.[type] ?? {});
}

/** The only resource of a type. */
export function onlyResource(json: TerraformJson, type: string): TerraformBlock {
  const resources = resourcesOf(json, type);
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0][1];
}

/** The resource whose name attribute (e.g. `function_name`) ends with `suffix`. */
export function resourceNamed(json: TerraformJson, type: string, attribute: string, suffix: string): TerraformBlock {
  const found = resourcesOf(json, type).filter(([, block]) => String(block[attribute]).endsWith(suffix));
  if (found.length !== 1) throw new Error(`expected one ${type} with ${attribute} ending "${suffix}", found ${found.length}`);
  return found[0][1];
}

/** `${aws_x.name.attr}` for a resource block found by object identity. */
export function referenceTo(json: TerraformJson, type: string, block: TerraformBlock, attribute: string): string {
  const entry = resourcesOf(json, type).find(([, candidate]) => candidate === block);
  if (!entry) throw new Error(`block not found among ${type}`);
  return `\${${type}.${entry[0]}.${attribute}}`;
}

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(path.relative(dir, full).split(path.sep).join("/"));
    }
  };
  walk(dir);
  return files.sort();
}
