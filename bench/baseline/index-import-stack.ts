/**
 * Baseline of the synth benchmark: the default app (main.ts), but with `@cdktf/provider-aws` loaded
 * from its package index first, the way most CDKTF examples import it
 * (`import * as aws from "@cdktf/provider-aws"`). The index `require`s every one of the provider's
 * ~1,500 resource and data-source modules eagerly, so this is the cost a stack pays when any file
 * imports the index; the stack built afterwards is identical (the benchmark checks the output bytes).
 *
 * A bare side-effect import, because TypeScript transpilers drop a namespace import that is never
 * used as a value.
 */
import "@cdktf/provider-aws";
import "../../main";
