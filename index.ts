/**
 * The package entry of connect-async (`import { ConnectAsyncBridge, ContactFlow, Flow, asyncInvoke } from
 * "connect-async"`): the CDKTF constructs and the flow builder with its validator, layout and Mermaid
 * renderer.
 *
 * Everything here imports `@cdktf/provider-aws` by deep paths (`@cdktf/provider-aws/lib/<resource>`),
 * never through the provider's package index, which loads all of its ~1,500 modules. For less, import a
 * part: `connect-async/flows` (no CDKTF at all), `connect-async/infra`, or any module under
 * `connect-async/lib/…` (e.g. `connect-async/lib/flows/async`). The simulator is the `simulate` command
 * and `connect-async/lib/sim/call-simulator`.
 */
export * from "./infra";
export * from "./flows";
