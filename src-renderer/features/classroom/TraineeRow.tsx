import { Button, Checkbox, Content, Label, Progress, ProgressMeasureLocation, ProgressSize } from '@patternfly/react-core';
import { Td, Tr } from '@patternfly/react-table';
import { clockText, type TraineeStatus } from './class-client.ts';

const FINISH_TEXT: Record<NonNullable<TraineeStatus['finishReason']>, string> = {
  'objectives-met': 'objectives met',
  'time-limit': 'time is up',
  trainee: 'trainee finished',
};

function stateOf(t: TraineeStatus): { text: string; color: 'grey' | 'green' | 'orange' | 'blue' | 'red' } {
  if (t.error) return { text: 'error', color: 'red' };
  if (!t.running) return t.finishReason ? { text: `finished (${FINISH_TEXT[t.finishReason]})`, color: 'blue' } : { text: 'not started', color: 'grey' };
  if (t.clockSpeed === 'paused') return { text: 'paused', color: 'orange' };
  return { text: `running ${t.clockSpeed === 'max' ? 'max' : `${t.clockSpeed}×`}`, color: 'green' };
}

/** One trainee's line in the instructor's roster. */
export function TraineeRow({ t, selected, onSelect, index }: { t: TraineeStatus; selected: boolean; onSelect(on: boolean): void; index: number }) {
  const st = stateOf(t);
  const done = !t.running && t.finishReason !== null;
  const pct = t.objectivesTotal ? Math.round((100 * t.objectivesMet) / t.objectivesTotal) : 0;
  return (
    <Tr data-testid={`class-row-${t.id}`} isRowSelected={selected}>
      <Td className="pf-v6-c-table__check">
        <Checkbox id={`class-select-${index}`} isChecked={selected} onChange={(_e, on) => onSelect(on)} aria-label={`Select ${t.name}`} />
      </Td>
      <Td dataLabel="Trainee">
        <div className="vdi-class__name">{t.name}</div>
        <Content component="small" className="vdi-muted">
          {t.id}
        </Content>
      </Td>
      <Td dataLabel="Connection">
        <Label isCompact color={t.connections > 0 ? 'green' : 'grey'} data-testid={`class-conn-${t.id}`}>
          {t.connections > 0 ? 'online' : 'not connected'}
        </Label>
      </Td>
      <Td dataLabel="State">
        <Label isCompact color={st.color} data-testid={`class-state-${t.id}`} title={t.error ?? undefined}>
          {st.text}
        </Label>
        {t.pausedByInstructor && t.running ? (
          <Content component="small" className="vdi-muted vdi-class__sub">
            locked by you
          </Content>
        ) : null}
      </Td>
      <Td dataLabel="Objectives" className="vdi-class__objectives">
        <Progress
          value={pct}
          size={ProgressSize.sm}
          measureLocation={ProgressMeasureLocation.none}
          aria-label={`Objectives met by ${t.name}`}
          variant={done && pct === 100 ? 'success' : undefined}
        />
        <span data-testid={`class-objectives-${t.id}`} className="vdi-class__num">
          {t.objectivesMet} / {t.objectivesTotal}
        </span>
      </Td>
      <Td dataLabel="Active alarms" data-testid={`class-alarms-${t.id}`}>
        {t.activeAlarms === 0 ? (
          <span className="vdi-muted">none</span>
        ) : (
          <Label isCompact color={t.criticalAlarms ? 'red' : 'orange'}>
            {[t.criticalAlarms ? `${t.criticalAlarms} critical` : '', t.activeAlarms - t.criticalAlarms ? `${t.activeAlarms - t.criticalAlarms} warning` : '']
              .filter(Boolean)
              .join(', ')}
          </Label>
        )}
      </Td>
      <Td dataLabel="Score" className="vdi-class__num" data-testid={`class-score-${t.id}`}>
        {t.score} / {t.maxScore}
      </Td>
      <Td dataLabel="Time left" className="vdi-class__num" data-testid={`class-left-${t.id}`}>
        {t.running ? clockText(t.timeLeftSec) : '—'}
      </Td>
      <Td dataLabel="Actions" className="vdi-class__num">
        {t.actions}
      </Td>
      <Td dataLabel="Hints sent" className="vdi-class__num" data-testid={`class-hints-${t.id}`}>
        {t.instructorHints}
      </Td>
      <Td dataLabel="Open" isActionCell>
        <Button
          component="a"
          href={t.url}
          target="_blank"
          rel="noreferrer"
          variant={done ? 'secondary' : 'link'}
          size="sm"
          data-testid={done ? `class-debrief-${t.id}` : `class-open-${t.id}`}
        >
          {done ? 'Open debrief' : 'Open console'}
        </Button>
      </Td>
    </Tr>
  );
}
