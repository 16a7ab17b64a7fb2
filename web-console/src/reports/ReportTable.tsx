import type { ComponentChildren } from 'preact';

/** A column's heading; `hidden` headings are read by screen readers only (the column of Open buttons). */
export type ReportColumn = string | { label: string; hidden: true };

export interface ReportTableProps {
  columns: readonly ReportColumn[];
  /** The rows (`<tr>`s), each starting with its row heading or first cell. */
  children: ComponentChildren;
  caption?: ComponentChildren;
  /** A caption for screen readers only, where the card's heading already says it on screen. */
  captionHidden?: boolean;
  testId?: string | undefined;
  id?: string | undefined;
}

/**
 * Every table of the Reports page: scrolls sideways on a narrow screen instead of widening the page, and
 * heads each column with a scoped header so a screen reader names the column of every cell.
 */
export function ReportTable(props: ReportTableProps) {
  return (
    <div class="cc-table-scroll" id={props.id}>
      <table class="cc-report-table" data-testid={props.testId}>
        {props.caption !== undefined && (
          <caption class={props.captionHidden ? 'cc-visually-hidden' : undefined}>{props.caption}</caption>
        )}
        <thead>
          <tr>
            {props.columns.map((column, index) =>
              typeof column === 'string' ? (
                <th scope="col" key={index}>
                  {column}
                </th>
              ) : (
                <th scope="col" key={index}>
                  <span class="cc-visually-hidden">{column.label}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
