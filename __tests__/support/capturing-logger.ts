/** A logger that keeps its lines for assertions instead of printing them. */
import type { InvocationLogger, LogFields } from "../../handlers/lib/invocation-logger";

export interface CapturedLine {
  readonly level: "info" | "warn" | "error";
  readonly message: string;
  readonly fields: LogFields;
}

export class CapturingLogger implements InvocationLogger {
  public readonly lines: CapturedLine[] = [];
  public info(message: string, fields: LogFields): void {
    this.lines.push({ level: "info", message, fields });
  }
  public warn(message: string, fields: LogFields): void {
    this.lines.push({ level: "warn", message, fields });
  }
  public error(message: string, fields: LogFields): void {
    this.lines.push({ level: "error", message, fields });
  }
}
