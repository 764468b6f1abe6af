import { memo, useCallback, useRef, useState, type ReactNode } from 'react';
import { Tooltip, type TooltipPosition } from '@patternfly/react-core';

/**
 * PatternFly's Tooltip, mounted only once the pointer or the focus reaches its trigger. A mounted
 * Tooltip keeps a Popper that reads getComputedStyle(trigger's parent) on every render, and each
 * read forces a style recalculation of the whole page: the masthead's five tooltips re-rendering
 * while the Sessions page fills its table cost more than the table itself (issue 18). Until then
 * this is only the trigger inside the same `display: contents` box PatternFly puts around it.
 *
 * Once mounted the tooltip is a memoized sibling that follows the trigger by reference, so the
 * trigger's own re-renders (a ticking clock, a changing count) do not re-render its Popper; it
 * re-renders only when `content` changes.
 */
export function LazyTooltip({ content, position, children }: { content: ReactNode; position?: `${TooltipPosition}`; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [armed, setArmed] = useState(false);
  const arm = armed ? undefined : () => setArmed(true);
  return (
    <div style={{ display: 'contents' }} ref={box} onMouseOver={arm} onFocus={arm}>
      {children}
      {armed ? <ArmedTooltip content={content} position={position} box={box} /> : null}
    </div>
  );
}

const ArmedTooltip = memo(function ArmedTooltip({
  content,
  position,
  box,
}: {
  content: ReactNode;
  position: `${TooltipPosition}` | undefined;
  box: React.RefObject<HTMLDivElement | null>;
}) {
  const trigger = useCallback(() => box.current?.firstElementChild as HTMLElement, [box]);
  // Shown at once: the pointer or the focus that mounted it is on the trigger now (PatternFly's
  // own listeners on the trigger hide it when they leave). aria-live off, as with a wrapped trigger.
  return <Tooltip content={content} position={position} triggerRef={trigger} isVisible aria-live="off" />;
});
