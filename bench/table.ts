/**
 * Renders the benchmark tables as plain text: one titled section per figure, columns padded to the
 * widest cell, numbers right-aligned. Cells are preformatted strings; {@link fmt} holds the formats.
 */

/** One figure's table. */
export interface BenchTable {
  readonly title: string;
  readonly columns: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<ReadonlyArray<string>>;
  /** Lines printed under the table (what the baseline is, caveats). */
  readonly notes?: ReadonlyArray<string>;
}

const NUMERIC = /^[-+~]?[\d.,]+\s*(%|×|ms|s|µs|KiB|MiB|MB|\/s|\$)?$|^[-+]?\$[\d.,]+$|^n\/a$|^—$/;

/** Renders one table. */
export function renderTable(table: BenchTable): string {
  const widths = table.columns.map((column, index) => Math.max(column.length, ...table.rows.map((row) => (row[index] ?? "").length)));
  const line = (cells: ReadonlyArray<string>, header = false) =>
    cells
      .map((cell, index) => (!header && index > 0 && NUMERIC.test(cell) ? cell.padStart(widths[index]) : cell.padEnd(widths[index])))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "─".repeat(width)).join("  ");
  const lines = [`== ${table.title}`, line(table.columns, true), rule, ...table.rows.map((row) => line(row))];
  for (const note of table.notes ?? []) lines.push(`   ${note}`);
  return lines.join("\n");
}

/** Renders every table, separated by blank lines. */
export function renderTables(tables: ReadonlyArray<BenchTable>): string {
  return tables.map(renderTable).join("\n\n");
}

/** Cell formats. */
export const fmt = {
  ms: (value: number): string => (!Number.isFinite(value) ? "n/a" : value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(value >= 10 ? 1 : 2)} ms`),
  us: (value: number): string => (!Number.isFinite(value) ? "n/a" : `${Math.round(value)} µs`),
  s: (valueMs: number): string => (!Number.isFinite(valueMs) ? "n/a" : `${(valueMs / 1000).toFixed(2)} s`),
  mib: (bytes: number): string => (!Number.isFinite(bytes) ? "n/a" : `${(bytes / 1024 / 1024).toFixed(0)} MiB`),
  kib: (bytes: number): string => (!Number.isFinite(bytes) ? "n/a" : `${(bytes / 1024).toFixed(1)} KiB`),
  ratio: (value: number): string => (!Number.isFinite(value) ? "n/a" : `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`),
  percent: (value: number): string => (!Number.isFinite(value) ? "n/a" : `${(value * 100).toFixed(0)}%`),
  count: (value: number): string => (!Number.isFinite(value) ? "n/a" : value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(1)),
  dollars: (value: number): string => (!Number.isFinite(value) ? "n/a" : `$${value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2)}`),
  perSecond: (value: number): string => (!Number.isFinite(value) ? "n/a" : `${value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(1)}/s`),
} as const;
