import { useMemo, useState, type ReactNode } from 'react';
import { Button, MenuToggle, Select, SelectList, SelectOption, type MenuToggleElement } from '@patternfly/react-core';
import ColumnsIcon from '@patternfly/react-icons/dist/esm/icons/columns-icon';
import DownloadIcon from '@patternfly/react-icons/dist/esm/icons/download-icon';
import type { Column, SortState } from './VirtualTable.tsx';
import { sortRows } from './virtual-rows.ts';
import { columnName, toCsv } from './csv.ts';
import { downloadText } from './download.ts';
import { focusOnMount, openAfterClick, useClosedToggleFocus, useOpenAfterMount } from './closed-toggle.ts';

export { columnName } from './csv.ts';
export { toCsv } from './csv.ts';

function readHidden(key: string, fallback: string[]): string[] {
  try {
    const raw = localStorage.getItem(`vdi-columns:${key}`);
    const v: unknown = raw ? JSON.parse(raw) : null;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Which columns of a table are shown: the admin's choice, kept per table in this browser
 * (localStorage); optional columns start hidden. Returns the visible columns and the chooser.
 */
export function useColumnChooser<T>(all: readonly Column<T>[], tableKey: string): { visible: Column<T>[]; chooser: ReactNode } {
  const [hidden, setHidden] = useState<string[]>(() =>
    readHidden(
      tableKey,
      all.filter((c) => c.optional).map((c) => c.key),
    ),
  );
  const [open, setOpen] = useState(false);
  const visible = useMemo(() => all.filter((c) => !hidden.includes(c.key)), [all, hidden]);
  const toggle = (key: string) => {
    const next = hidden.includes(key) ? hidden.filter((k) => k !== key) : [...hidden, key];
    if (all.length - next.length < 1) return; // never hide the last column
    setHidden(next);
    try {
      localStorage.setItem(`vdi-columns:${tableKey}`, JSON.stringify(next));
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };
  const choosable = all.filter((c) => columnName(c).trim() !== '');
  const closedRef = useClosedToggleFocus(open);
  const shown = useOpenAfterMount(open);
  // Closed, only the toggle: a Select keeps a Popper that forces a style recalculation on every render.
  const chooser = !open ? (
    <MenuToggle
      ref={closedRef}
      onClick={() => openAfterClick(() => setOpen(true))}
      isExpanded={false}
      size="sm"
      icon={<ColumnsIcon />}
      data-testid={`${tableKey}-columns`}
    >
      Columns
    </MenuToggle>
  ) : (
    <Select
      isOpen={shown}
      onOpenChange={setOpen}
      onSelect={(_e, v) => typeof v === 'string' && toggle(v)}
      role="menu"
      toggle={(ref: React.Ref<MenuToggleElement>) => (
        <MenuToggle
          ref={focusOnMount(ref)}
          onClick={() => setOpen((o) => !o)}
          isExpanded={open}
          size="sm"
          icon={<ColumnsIcon />}
          data-testid={`${tableKey}-columns`}
        >
          Columns
        </MenuToggle>
      )}
    >
      <SelectList aria-label="Columns shown">
        {choosable.map((c) => (
          <SelectOption key={c.key} value={c.key} hasCheckbox isSelected={!hidden.includes(c.key)} data-testid={`${tableKey}-column-${c.key}`}>
            {columnName(c)}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
  return { visible, chooser };
}

/** Exports what the table shows (its filtered rows in its sort order, its visible columns) as a CSV file. */
export function CsvExportButton<T>({
  rows,
  columns,
  sort,
  fileName,
  testId,
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  sort?: SortState | undefined;
  fileName: string;
  testId: string;
}) {
  const exportNow = () => {
    const ordered = sort
      ? sortRows(
          rows,
          columns.find((c) => c.key === sort.key),
          sort.direction,
        )
      : rows;
    downloadText(`${fileName}.csv`, 'text/csv;charset=utf-8', toCsv(ordered, columns));
  };
  return (
    <Button variant="secondary" size="sm" icon={<DownloadIcon />} onClick={exportNow} isDisabled={rows.length === 0} data-testid={testId}>
      Export CSV
    </Button>
  );
}
