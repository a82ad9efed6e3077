/**
 * The name a Lambda goes by wherever a person reads it: the simulator's timeline and figures, the
 * diagram's labels, `wrap`'s listings. A flow exported from Connect holds plain ARNs; a flow synthesized
 * by CDKTF holds Terraform references in their place (`${aws_lambda_function.lookup_start.arn}`), and a
 * reader should see `lookup_start`, not the token. Pure string work, at the root of flows/ so the
 * diagram, wrap and the simulator all import it without importing up.
 */

const ARN_FUNCTION = /:function:([^:]+)/;
/** `${aws_lambda_function.NAME.arn}`, also through a data source (`data.aws_lambda_function.NAME`). */
const RESOURCE_REFERENCE = /^\$\{(?:data\.)?aws_lambda_function\.([^.}]+)\.(?:arn|qualified_arn|invoke_arn)\}$/;
/** Any other single Terraform reference, e.g. a module output or a variable. */
const OTHER_REFERENCE = /^\$\{([^}]+)\}$/;

/** `lookup` for `arn:aws:lambda:…:function:lookup[:alias]` or `${aws_lambda_function.lookup.arn}`; the text itself otherwise. */
export function functionNameOf(arnOrReference: string): string {
  const text = arnOrReference.trim();
  const resource = RESOURCE_REFERENCE.exec(text);
  if (resource) return resource[1];
  const arn = ARN_FUNCTION.exec(text);
  if (arn) return arn[1];
  const other = OTHER_REFERENCE.exec(text);
  return other ? other[1] : text;
}
