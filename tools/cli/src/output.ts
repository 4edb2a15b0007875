import Table from 'cli-table3';

export type Cell = string | number | boolean | null | undefined;

/** Where a command writes: a table (and lines) for people, or one JSON document for scripts. */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {}

  /** `data` as JSON; otherwise the table of `rows` under `headers`. */
  table(data: unknown, headers: string[], rows: Cell[][]): void {
    if (this.json) return this.document(data);
    if (rows.length === 0) {
      this.out.write('(none)\n');
      return;
    }
    const table = new Table({ head: headers, style: { head: [], border: [] } });
    for (const row of rows) table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
    this.out.write(`${table.toString()}\n`);
  }

  /** `data` as JSON; otherwise the lines given. */
  lines(data: unknown, lines: string[]): void {
    if (this.json) return this.document(data);
    this.out.write(`${lines.join('\n')}\n`);
  }

  document(data: unknown): void {
    this.out.write(`${JSON.stringify(data, null, 2)}\n`);
  }

  line(text: string): void {
    this.out.write(`${text}\n`);
  }
}

/** A short one-line rendering of JSON data for table cells. */
export const brief = (value: unknown, width = 60): string => {
  const text = JSON.stringify(value) ?? '';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
};
