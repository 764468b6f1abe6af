import { useState } from 'react';
import { MenuToggle, Select, SelectList, SelectOption, type MenuToggleElement } from '@patternfly/react-core';
import { focusOnMount, openAfterClick, useClosedToggleFocus, useOpenAfterMount } from './closed-toggle.ts';

export interface FilterOption {
  value: string;
  label: string;
  /** Count shown at the right of the option (rows it would match). */
  count?: number;
}

/**
 * A single-choice toolbar filter: "All …" plus options. The toggle shows the
 * current choice so the active filter is visible without opening the menu.
 */
export function FilterSelect({
  allLabel,
  options,
  value,
  onChange,
  testId,
  ariaLabel,
  width = '14rem',
}: {
  allLabel: string;
  options: FilterOption[];
  value: string;
  onChange(value: string): void;
  testId: string;
  ariaLabel: string;
  width?: string;
}) {
  const [open, setOpen] = useState(false);
  const current = options.find((o) => o.value === value);
  const closedRef = useClosedToggleFocus(open);
  const shown = useOpenAfterMount(open);
  const toggleProps = {
    'data-testid': testId,
    // The name says what the filter is and shows its value (the visible text must be part of the name).
    'aria-label': `${ariaLabel}: ${current ? current.label : allLabel}`,
    style: { width },
    size: 'sm' as const,
  };
  // Closed, only the toggle: a Select keeps a Popper that forces a style recalculation on every render.
  if (!open)
    return (
      <MenuToggle ref={closedRef} onClick={() => openAfterClick(() => setOpen(true))} isExpanded={false} {...toggleProps}>
        {current ? current.label : allLabel}
      </MenuToggle>
    );
  return (
    <Select
      isOpen={shown}
      selected={value}
      onSelect={(_e, v) => {
        onChange(typeof v === 'string' ? v : '');
        setOpen(false);
      }}
      onOpenChange={setOpen}
      maxMenuHeight="24rem"
      isScrollable
      toggle={(ref: React.Ref<MenuToggleElement>) => (
        <MenuToggle ref={focusOnMount(ref)} onClick={() => setOpen((o) => !o)} isExpanded={open} {...toggleProps}>
          {current ? current.label : allLabel}
        </MenuToggle>
      )}
    >
      <SelectList aria-label={ariaLabel}>
        <SelectOption value="" isSelected={value === ''}>
          {allLabel}
        </SelectOption>
        {options.map((o) => (
          <SelectOption key={o.value} value={o.value} isSelected={o.value === value} data-testid={`${testId}-${o.value}`}>
            <span className="vdi-option">
              <span>{o.label}</span>
              {o.count !== undefined ? <span className="vdi-option__count">{o.count.toLocaleString('en-US')}</span> : null}
            </span>
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
}
