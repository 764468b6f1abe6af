// Recent Tasks: its public face (the shell mounts the pane and the masthead button).
export { RecentTasksPanel, useTasksPane } from './RecentTasks.tsx';
export { TasksButton } from './TasksButton.tsx';
