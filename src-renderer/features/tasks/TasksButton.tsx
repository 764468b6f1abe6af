import { memo } from 'react';
import { Button } from '@patternfly/react-core';
import { LazyTooltip } from '../../components/LazyTooltip.tsx';
import TasksIcon from '@patternfly/react-icons/dist/esm/icons/tasks-icon';
import { useTaskLines, useTasksPane } from './RecentTasks.tsx';

/** The masthead's Recent Tasks toggle, with how many tasks are running. */
export const TasksButton = memo(function TasksButton() {
  const toggle = useTasksPane((s) => s.toggle);
  const open = useTasksPane((s) => s.open);
  const { activeCount } = useTaskLines(false);
  const label = activeCount ? `Recent tasks: ${activeCount} running` : 'Recent tasks';
  return (
    <LazyTooltip content={label}>
      <Button
        variant={open ? 'secondary' : 'plain'}
        size="sm"
        icon={<TasksIcon />}
        onClick={toggle}
        aria-label={label}
        aria-expanded={open}
        data-testid="tasks-toggle"
        data-active={activeCount}
      >
        {activeCount ? <span className="vdi-tasks-count">{activeCount}</span> : null}
      </Button>
    </LazyTooltip>
  );
});
