/**
 * Saved CloudWatch Logs Insights queries over the bridge's log groups. The handlers write one JSON line
 * per invocation (handlers/lib/invocation.ts) with `handler`, `operation`, `requestId`, `contactId`,
 * `outcome`, `errorCode` and `durationMs`, never a parameter value, which is all these queries read.
 */
import type { MonitoredBridge } from "./monitored-bridge";

/** What the one-contact query asks the user to replace. */
export const CONTACT_ID_PLACEHOLDER = "REPLACE-WITH-CONTACT-ID";

/** One saved query. */
export interface SavedQuery {
  /** A short, stable id (the resource id). */
  readonly id: string;
  /** The name in the console; `/` makes folders. */
  readonly name: string;
  readonly logGroupNames: ReadonlyArray<string>;
  readonly queryString: string;
}

/** The bridge's saved queries. */
export function savedQueries(bridge: MonitoredBridge): SavedQuery[] {
  const functionGroups = bridge.functions.map((fn) => fn.logGroupName);
  const machineGroups = bridge.stateMachines.map((machine) => machine.logGroupName);
  const folder = `${bridge.namePrefix}`;
  return [
    {
      id: "one-contact",
      name: `${folder}/everything-about-one-contact`,
      logGroupNames: [...functionGroups, ...machineGroups],
      // Handler lines carry contactId; state machine lines carry it in the execution input when
      // includeExecutionData is on, hence the text match too.
      queryString: [
        "fields @timestamp, @log, handler, operation, outcome, errorCode, durationMs, requestId, executionName, type, execution_arn",
        `| filter contactId = "${CONTACT_ID_PLACEHOLDER}" or @message like "${CONTACT_ID_PLACEHOLDER}"`,
        "| sort @timestamp asc",
        "| limit 1000",
      ].join("\n"),
    },
    {
      id: "slowest-calls",
      name: `${folder}/slowest-calls`,
      logGroupNames: functionGroups,
      queryString: [
        "fields @timestamp, handler, operation, outcome, errorCode, durationMs, longPoll, path, contactId, requestId",
        '| filter message = "invocation"',
        "| sort durationMs desc",
        "| limit 100",
      ].join("\n"),
    },
    {
      id: "errors-by-code",
      name: `${folder}/errors-by-code`,
      logGroupNames: functionGroups,
      queryString: [
        'filter message = "invocation" and ispresent(errorCode)',
        "| stats count(*) as answers, max(@timestamp) as latest by handler, operation, outcome, errorCode",
        "| sort answers desc",
      ].join("\n"),
    },
  ];
}
