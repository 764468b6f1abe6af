import type { ReactNode } from 'react';
import '@patternfly/react-styles/css/components/ToggleGroup/toggle-group.css';

/** PatternFly's toggle-group classes (its stylesheet is imported above). */
const styles = {
  toggleGroup: 'pf-v6-c-toggle-group',
  toggleGroupItem: 'pf-v6-c-toggle-group__item',
  toggleGroupButton: 'pf-v6-c-toggle-group__button',
  toggleGroupText: 'pf-v6-c-toggle-group__text',
  modifiers: { compact: 'pf-m-compact', selected: 'pf-m-selected' },
};

export interface SegmentOption<T extends string> {
  value: T;
  label: ReactNode;
  /** Tooltip (native title): what the option does. */
  title?: string;
  testId?: string;
  ariaLabel?: string;
}

/**
 * A compact PatternFly toggle group (one choice of a few). Written with PF's own
 * classes rather than <ToggleGroupItem> so the test id and aria-pressed sit on the
 * button itself.
 */
export function Segmented<T extends string>({
  options,
  value,
  onChange,
  ariaLabel,
  testId,
  isDisabled = false,
  className,
}: {
  options: readonly SegmentOption<T>[];
  value: T | null;
  onChange(v: T): void;
  ariaLabel: string;
  testId?: string;
  isDisabled?: boolean;
  className?: string;
}) {
  return (
    <div
      className={`${styles.toggleGroup} ${styles.modifiers.compact} vdi-segmented${className ? ` ${className}` : ''}`}
      role="group"
      aria-label={ariaLabel}
      data-testid={testId}
      data-value={value ?? ''}
    >
      {options.map((o) => {
        const selected = o.value === value;
        return (
          <div className={styles.toggleGroupItem} key={o.value}>
            <button
              type="button"
              className={`${styles.toggleGroupButton}${selected ? ` ${styles.modifiers.selected}` : ''}`}
              aria-pressed={selected}
              aria-label={o.ariaLabel}
              title={o.title}
              disabled={isDisabled}
              data-testid={o.testId}
              onClick={() => onChange(o.value)}
            >
              <span className={styles.toggleGroupText}>{o.label}</span>
            </button>
          </div>
        );
      })}
    </div>
  );
}
