/**
 * The two engines connect-async serves from one source: CDKTF (`cdktf`, archived by HashiCorp on
 * 2025-12-10) and its maintained fork CDK Terrain (`cdktn`). They share the construct API, cdktf.json,
 * cdktf.out and the Terraform they write; they differ in package names, CLI name and the Node.js they need.
 * A project must have exactly one of them installed: the two share `Symbol.for("cdktf/…")` markers, so a
 * cdktn app that also loads cdktf crashes at synth.
 */

/** The engine names, as `init --engine` and CONNECT_ASYNC_ENGINE take them. */
export const ENGINE = { cdktf: "cdktf", cdktn: "cdktn" } as const;
export type Engine = (typeof ENGINE)[keyof typeof ENGINE];

/** What differs between the engines. */
export interface EngineFacts {
  /** The construct library (`App`, `TerraformStack`, `Testing`, …). */
  readonly core: string;
  /** The prebuilt AWS provider bindings; resources are imported from `<provider>/lib/<resource>`. */
  readonly provider: string;
  /** The command line package; its bin has the engine's name (`cdktf synth`, `cdktn synth`). */
  readonly cli: string;
  /** connect-async's entry for apps on this engine. */
  readonly library: string;
  /** The folder under dist/ holding connect-async compiled for this engine. */
  readonly distFolder: string;
  /** How documentation names it. */
  readonly title: string;
  /** The Node.js versions the engine runs on (its package.json `engines.node`). */
  readonly node: string;
}

export const ENGINES: { readonly [engine in Engine]: EngineFacts } = {
  cdktf: { core: "cdktf", provider: "@cdktf/provider-aws", cli: "cdktf-cli", library: "connect-async", distFolder: "lib", title: "CDKTF", node: ">=20.9" },
  cdktn: { core: "cdktn", provider: "@cdktn/provider-aws", cli: "cdktn-cli", library: "connect-async/cdktn", distFolder: "cdktn", title: "CDK Terrain", node: ">=22.19" },
};

/**
 * The CDK Terrain versions a cdktn scaffold installs: the ones the package test runs it with (on Node 22).
 * cdktn 0.24 wants `constructs` >= 10.6 < 10.8, hence 10.7.x where the CDKTF scaffold has 10.8.
 * The CDKTF scaffold's versions are connect-async's own devDependencies.
 */
export const CDKTN_VERSIONS = {
  cdktn: "0.24.0",
  "@cdktn/provider-aws": "25.7.0",
  "cdktn-cli": "0.24.0",
  constructs: "10.7.2",
} as const;

/** Checks a name given on the command line or in the environment. */
export function isEngine(value: string): value is Engine {
  return Object.prototype.hasOwnProperty.call(ENGINES, value);
}
