/**
 * The synthesized Terraform JSON (`cdk.tf.json`), typed as far as connect-async reads it, and how to
 * list its blocks.
 */

/** One resource, data source, variable or output block. */
export interface TerraformBlock {
  readonly [argument: string]: unknown;
  /** CDKTF's metadata: the construct path of the block. */
  readonly "//"?: { readonly metadata?: { readonly path?: string } };
}

/** A Terraform JSON document. */
export interface TerraformJson {
  readonly [block: string]: unknown;
  readonly terraform?: { readonly [key: string]: unknown };
  readonly provider?: { readonly [name: string]: ReadonlyArray<TerraformBlock> };
  readonly variable?: { readonly [name: string]: TerraformBlock };
  readonly output?: { readonly [name: string]: TerraformBlock };
  readonly resource?: { readonly [type: string]: { readonly [name: string]: TerraformBlock } };
  readonly data?: { readonly [type: string]: { readonly [name: string]: TerraformBlock } };
}

/** A resource with its Terraform address parts. */
export interface AddressedResource {
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>`, the address Terraform and interpolations use. */
  readonly address: string;
  /** The construct path, when CDKTF recorded it. */
  readonly constructPath?: string;
  readonly block: TerraformBlock;
}

/** The resources of one type, sorted by name. */
export function resourcesOfType(json: TerraformJson, type: string): AddressedResource[] {
  return Object.entries(json.resource?.[type] ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, block]) => ({ type, name, address: `${type}.${name}`, constructPath: block["//"]?.metadata?.path, block }));
}
