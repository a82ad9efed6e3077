/**
 * A synthesized stack split into what Terraform acts on and what only says which engine wrote it, so the
 * same stack synthesized by CDKTF and by CDK Terrain can be compared. Engine metadata: every `//` key
 * (construct paths, the engine's name and version), and the AWS provider's pin in `required_providers`,
 * which follows each engine's prebuilt provider (`aws` and `hashicorp/aws` name the same provider).
 */

/** The two parts. */
export interface ComparableTerraform {
  /** The document without engine metadata. */
  readonly terraform: { readonly resource?: object; readonly [block: string]: unknown };
  readonly engine: { readonly providerSource: string; readonly providerVersion: string };
}

export function comparableTerraform(json: object): ComparableTerraform {
  const stripped = withoutMetadata(json) as { terraform?: { required_providers?: { aws?: { source?: string; version?: string } } } };
  const aws = stripped.terraform?.required_providers?.aws ?? {};
  const source = String(aws.source ?? "");
  // Terraform reads a source without a namespace as hashicorp/<name>.
  const providerSource = source.includes("/") ? source : `hashicorp/${source}`;
  const providerVersion = String(aws.version ?? "");
  if (stripped.terraform?.required_providers?.aws !== undefined) delete stripped.terraform.required_providers.aws;
  return { terraform: stripped as ComparableTerraform["terraform"], engine: { providerSource, providerVersion } };
}

function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "//").map(([key, child]) => [key, withoutMetadata(child)]));
}
