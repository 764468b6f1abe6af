import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  AlertActionCloseButton,
  Button,
  Card,
  CardBody,
  CardTitle,
  Checkbox,
  Content,
  Flex,
  FlexItem,
  Label,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  NumberInput,
  Page,
  PageSection,
  TextArea,
  TextInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
  Tooltip,
} from '@patternfly/react-core';
import { Table, Tbody, Th, Thead, Tr } from '@patternfly/react-table';
import PauseIcon from '@patternfly/react-icons/dist/esm/icons/pause-icon';
import PlayIcon from '@patternfly/react-icons/dist/esm/icons/play-icon';
import { BrandMark } from '../../shell/BrandMark.tsx';
import {
  CLASS_POLL_MS,
  ClassApiError,
  classExtend,
  classHint,
  classPause,
  classStatus,
  type ClassStatus,
  type EachResult,
  type Targets,
} from './class-client.ts';
import { TraineeRow } from './TraineeRow.tsx';
import '../../styles/classroom.css';

/** Most simulated minutes one "Extend time" gives (the contract's scenario-extend limit). */
const MAX_EXTEND_MINUTES = 240;

type Message = { kind: 'success' | 'warning' | 'danger'; text: string } | null;

const skippedText = (r: EachResult) => (r.skipped.length ? ` (${r.skipped.join(', ')} already finished)` : '');
const noAttemptText = (r: EachResult) => (r.skipped.length ? ` (${r.skipped.join(', ')}: no attempt in the lab, restart the class to give one)` : '');

/**
 * The instructor's view of a class (serve --class): every trainee live (connection, scenario state,
 * objectives, alarms, score so far, time left), pause all / resume all (a lock on every trainee's
 * clock), more time and hints to the selected trainees or all, and each trainee's console (their
 * debrief once finished). Reached on the instructor's port at /instructor, nowhere else.
 */
export function InstructorView() {
  const [st, setSt] = useState<ClassStatus | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [minutes, setMinutes] = useState<number | ''>(10);
  const [hint, setHint] = useState('');
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    try {
      const s = await classStatus();
      if (!alive.current) return;
      setSt(s);
      setFailure(null);
    } catch (e) {
      if (alive.current) setFailure(e instanceof ClassApiError ? e.message : `The class does not answer: ${(e as Error).message}`);
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      await refresh();
      if (alive.current) timer = setTimeout(() => void loop(), CLASS_POLL_MS);
    };
    void loop();
    return () => {
      alive.current = false;
      clearTimeout(timer);
    };
  }, [refresh]);

  useEffect(() => {
    document.title = st ? `Classroom: ${st.title} · VDI Fleet Console` : 'Classroom · VDI Fleet Console';
  }, [st]);

  const targets: Targets = selected.size ? [...selected].sort() : 'all';
  /** Runs an instructor's action; its answer is a success, or a warning when some lab could not take it. */
  const act = async (run: () => Promise<string | { kind: 'success' | 'warning'; text: string }>) => {
    setBusy(true);
    try {
      const r = await run();
      setMessage(typeof r === 'string' ? { kind: 'success', text: r } : r);
      await refresh();
    } catch (e) {
      setMessage({ kind: 'danger', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const sendHint = () =>
    void act(async () => {
      const r = await classHint(hint.trim(), targets);
      setHint('');
      return `Hint sent to ${r.changed} trainee(s)${skippedText(r)}.`;
    });

  const trainees = st?.trainees ?? [];
  const working = trainees.filter((t) => t.running).length;
  const finished = trainees.filter((t) => !t.running && t.finishReason).length;
  const online = trainees.filter((t) => t.connections > 0).length;
  const notStarted = trainees.length > 0 && trainees.every((t) => t.elapsedSec === 0);
  const minutesOk = typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_EXTEND_MINUTES;
  const hintOk = hint.trim().length >= 1 && hint.trim().length <= 500;
  const allSelected = trainees.length > 0 && trainees.every((t) => selected.has(t.id));
  const urls = trainees.map((t) => `${t.name}\t${t.url}`).join('\n');

  const masthead = (
    <Masthead className="vdi-class__masthead">
      <MastheadMain>
        <MastheadBrand>
          <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
            <BrandMark />
            <span className="vdi-class__brand">VDI Fleet Console</span>
          </Flex>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <span className="vdi-class__crumb">Training · Classroom (instructor)</span>
      </MastheadContent>
    </Masthead>
  );

  return (
    <Page masthead={masthead} className="vdi-class">
      <PageSection hasBodyWrapper={false}>
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsFlexEnd' }}>
          <FlexItem>
            <Title headingLevel="h1" size="xl" data-testid="class-title">
              {st ? `Classroom: ${st.title}` : 'Classroom'}
            </Title>
            <Content component="p" className="vdi-muted" data-testid="class-summary">
              {st
                ? `${trainees.length} trainees · ${online} online · ${working} working · ${finished} finished · class ${st.paused ? 'paused' : 'running'}`
                : 'Loading the class…'}
            </Content>
          </FlexItem>
          <FlexItem>
            {st ? (
              <Label color={st.paused ? 'orange' : 'green'} icon={st.paused ? <PauseIcon /> : <PlayIcon />} data-testid="class-paused">
                {st.paused ? 'Class paused: trainees cannot run their clocks' : 'Class running'}
                {st.speed ? (st.paused ? ` · clock ${st.speed}× once resumed` : ` at ${st.speed}×`) : ''}
              </Label>
            ) : null}
          </FlexItem>
        </Flex>
      </PageSection>
      <PageSection hasBodyWrapper={false} className="vdi-class__body">
        {failure ? <Alert variant="danger" isInline title={failure} data-testid="class-failure" className="vdi-class__alert" /> : null}
        <Card isCompact>
          <CardBody>
            <Toolbar>
              <ToolbarContent>
                <ToolbarGroup>
                  <ToolbarItem>
                    <Button
                      variant="primary"
                      icon={<PlayIcon />}
                      isDisabled={!st?.paused || busy}
                      data-testid="class-resume"
                      onClick={() =>
                        void act(async () => {
                          const r = await classPause(false);
                          return { kind: r.skipped.length ? 'warning' : 'success', text: `Running ${r.changed} lab(s)${noAttemptText(r)}.` };
                        })
                      }
                    >
                      {notStarted ? 'Start the class' : 'Resume all'}
                    </Button>
                  </ToolbarItem>
                  <ToolbarItem>
                    <Button
                      variant="secondary"
                      icon={<PauseIcon />}
                      isDisabled={!st || st.paused || busy}
                      data-testid="class-pause"
                      onClick={() =>
                        void act(async () => {
                          const r = await classPause(true);
                          return { kind: r.skipped.length ? 'warning' : 'success', text: `Paused ${r.changed} lab(s)${noAttemptText(r)}.` };
                        })
                      }
                    >
                      Pause all
                    </Button>
                  </ToolbarItem>
                </ToolbarGroup>
                <ToolbarGroup variant="action-group-plain" className="vdi-class__extend">
                  <ToolbarItem>
                    <NumberInput
                      value={minutes}
                      min={1}
                      max={MAX_EXTEND_MINUTES}
                      unit="min"
                      widthChars={4}
                      inputName="minutes"
                      inputAriaLabel="Minutes to add"
                      minusBtnAriaLabel="Fewer minutes"
                      plusBtnAriaLabel="More minutes"
                      onMinus={() => setMinutes((m) => Math.max(1, (typeof m === 'number' ? m : 10) - 5))}
                      onPlus={() => setMinutes((m) => Math.min(MAX_EXTEND_MINUTES, (typeof m === 'number' ? m : 10) + 5))}
                      onChange={(e) => {
                        const v = (e.target as HTMLInputElement).value;
                        setMinutes(v === '' ? '' : Number(v));
                      }}
                      validated={minutesOk ? 'default' : 'error'}
                      data-testid="class-extend-minutes"
                    />
                  </ToolbarItem>
                  <ToolbarItem>
                    <Button
                      variant="secondary"
                      isDisabled={!st || !minutesOk || busy}
                      data-testid="class-extend"
                      onClick={() =>
                        void act(async () => {
                          const r = await classExtend(minutes as number, targets);
                          return `Gave ${minutes} more minute(s) to ${r.changed} trainee(s)${skippedText(r)}.`;
                        })
                      }
                    >
                      Extend time
                    </Button>
                  </ToolbarItem>
                </ToolbarGroup>
                <ToolbarGroup className="vdi-class__hint">
                  <ToolbarItem className="vdi-class__hint-input">
                    <TextInput
                      value={hint}
                      onChange={(_e, v) => setHint(v)}
                      aria-label="Hint text"
                      placeholder="A hint, e.g. compare the datastores' latency on the Performance page"
                      maxLength={500}
                      data-testid="class-hint-text"
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' && st && hintOk && !busy) sendHint();
                      }}
                    />
                  </ToolbarItem>
                  <ToolbarItem>
                    <Button variant="secondary" isDisabled={!st || !hintOk || busy} data-testid="class-hint-send" onClick={sendHint}>
                      Push hint
                    </Button>
                  </ToolbarItem>
                </ToolbarGroup>
              </ToolbarContent>
            </Toolbar>
            <Content component="small" className="vdi-muted" data-testid="class-target">
              {selected.size
                ? `Extend time and hints go to ${selected.size} selected trainee(s): ${[...selected].sort().join(', ')}.`
                : 'Extend time and hints go to every trainee (select trainees below to address only them).'}
            </Content>
            {message ? (
              <Alert
                variant={message.kind}
                isInline
                isPlain
                title={<span data-testid="class-message">{message.text}</span>}
                role="status"
                className="vdi-class__alert"
                actionClose={<AlertActionCloseButton onClose={() => setMessage(null)} />}
              />
            ) : null}
          </CardBody>
        </Card>
        <Card isCompact className="vdi-class__card">
          <CardTitle>Trainees</CardTitle>
          <CardBody>
            <Table aria-label="Trainees" variant="compact" data-testid="class-table">
              <Thead>
                <Tr>
                  <Th className="pf-v6-c-table__check" aria-label="Select">
                    <Checkbox
                      id="class-select-all"
                      isChecked={allSelected ? true : selected.size ? null : false}
                      onChange={(_e, on) => setSelected(on ? new Set(trainees.map((t) => t.id)) : new Set())}
                      aria-label="Select every trainee"
                    />
                  </Th>
                  <Th>Trainee</Th>
                  <Th>Connection</Th>
                  <Th>State</Th>
                  <Th>Objectives</Th>
                  <Th>Active alarms</Th>
                  <Th>Score</Th>
                  <Th>
                    <Tooltip content="Simulated time left of the attempt (the scenario's limit plus any time you gave)">
                      <span>Time left</span>
                    </Tooltip>
                  </Th>
                  <Th>Actions</Th>
                  <Th>Hints</Th>
                  <Th screenReaderText="Open" />
                </Tr>
              </Thead>
              <Tbody>
                {trainees.map((t, i) => (
                  <TraineeRow
                    key={t.id}
                    t={t}
                    index={i}
                    selected={selected.has(t.id)}
                    onSelect={(on) =>
                      setSelected((prev) => {
                        const next = new Set(prev);
                        if (on) next.add(t.id);
                        else next.delete(t.id);
                        return next;
                      })
                    }
                  />
                ))}
              </Tbody>
            </Table>
          </CardBody>
        </Card>
        <Card isCompact className="vdi-class__card">
          <CardTitle>Trainee URLs</CardTitle>
          <CardBody>
            <Content component="p" className="vdi-muted">
              Give each trainee their own URL: it opens their own lab (their token works nowhere else).
            </Content>
            <Flex alignItems={{ default: 'alignItemsFlexStart' }} flexWrap={{ default: 'nowrap' }}>
              <FlexItem grow={{ default: 'grow' }}>
                <TextArea
                  value={urls}
                  readOnlyVariant="default"
                  rows={Math.min(8, Math.max(2, trainees.length))}
                  aria-label="Trainee URLs"
                  data-testid="class-urls"
                />
              </FlexItem>
              <FlexItem>
                <Button
                  variant="secondary"
                  data-testid="class-copy-urls"
                  onClick={() =>
                    void navigator.clipboard.writeText(urls).then(
                      () => setMessage({ kind: 'success', text: 'Copied every trainee URL.' }),
                      () => setMessage({ kind: 'danger', text: 'The browser refused the clipboard: select the list and copy it.' }),
                    )
                  }
                >
                  Copy all
                </Button>
              </FlexItem>
            </Flex>
          </CardBody>
        </Card>
      </PageSection>
    </Page>
  );
}
