import { memo, useEffect, useRef } from 'react';
import { Button, Label } from '@patternfly/react-core';
import { LazyTooltip } from '../components/LazyTooltip.tsx';
import { useCan } from '../state/whoami-store.ts';
import OutlinedClockIcon from '@patternfly/react-icons/dist/esm/icons/outlined-clock-icon';
import PauseIcon from '@patternfly/react-icons/dist/esm/icons/pause-icon';
import StepForwardIcon from '@patternfly/react-icons/dist/esm/icons/step-forward-icon';
import type { ClockSpeed } from '../../src-main/contract/index.ts';
import { setClockSpeed, simNowMs, stepClock, useClock } from '../state/clock-store.ts';
import { formatSimClock } from '../components/format.ts';
import { Segmented, type SegmentOption } from '../components/Segmented.tsx';

/** How often the masthead rewrites the ticking time (text only, no React render). */
const TICK_MS = 100;

const SPEEDS: readonly SegmentOption<ClockSpeed>[] = [
  { value: 'paused', label: <PauseIcon />, ariaLabel: 'Pause', title: 'Pause the simulation', testId: 'clock-speed-paused' },
  { value: '1', label: '1×', title: 'Real time: 1 simulated second per second', testId: 'clock-speed-1' },
  { value: '10', label: '10×', title: '10 simulated seconds per second', testId: 'clock-speed-10' },
  { value: '60', label: '60×', title: '1 simulated minute per second', testId: 'clock-speed-60' },
  { value: '600', label: '600×', title: '10 simulated minutes per second', testId: 'clock-speed-600' },
  { value: 'max', label: 'Max', title: 'As fast as this machine can', testId: 'clock-speed-max' },
];

const STEPS: readonly { seconds: number; label: string; title: string }[] = [
  { seconds: 60, label: '+1 min', title: 'Advance the paused clock by 1 simulated minute' },
  { seconds: 900, label: '+15 min', title: 'Advance the paused clock by 15 simulated minutes' },
  { seconds: 3600, label: '+1 h', title: 'Advance the paused clock by 1 simulated hour' },
];

/** The simulated date and time, ticking smoothly between the host's once-a-second clock pushes. */
function SimTime() {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let last = '';
    const paint = () => {
      const ms = simNowMs();
      const text = ms === null ? '—' : formatSimClock(ms);
      if (text !== last && ref.current) {
        ref.current.textContent = text;
        last = text;
      }
    };
    paint();
    const t = setInterval(paint, TICK_MS);
    return () => clearInterval(t);
  }, []);
  return <span className="vdi-clock__time" ref={ref} data-testid="clock-time" aria-live="off" />;
}

/**
 * Masthead clock control: the simulated time, always visible; the speed
 * (pause, 1×, 10×, 60×, 600×, max); and steps of a paused clock.
 */
export const ClockControl = memo(function ClockControl() {
  const speed = useClock((s) => s.clock?.speed ?? null);
  const known = useClock((s) => s.clock !== null);
  const stepping = useClock((s) => s.stepping);
  const changingTo = useClock((s) => s.changingTo);
  // Classroom: the instructor paused the class; the trainee's clock stays paused until the instructor resumes it.
  const locked = useClock((s) => s.clock?.lockedBy === 'instructor');
  const paused = speed === 'paused';
  const running = known && !paused;
  const state = stepping !== null ? 'stepping' : running ? 'running' : known ? 'paused' : 'unknown';
  // Help Desk and Read-only administrators see the time; only Administrators and Instructors drive it.
  const canDrive = useCan('clock-set');

  return (
    <div className="vdi-clock" data-testid="clock" data-state={state} data-speed={speed ?? ''}>
      <LazyTooltip content="Simulated time of the lab (UTC)">
        <span className="vdi-clock__readout" data-testid="masthead-simtime" tabIndex={0}>
          <span className="vdi-clock__dot" aria-hidden />
          <OutlinedClockIcon className="vdi-clock__icon" />
          <SimTime />
          <span className="vdi-clock__tz">UTC</span>
        </span>
      </LazyTooltip>
      {locked ? (
        <LazyTooltip content="Your instructor paused the class: the clock runs again when the instructor resumes it">
          <Label color="orange" icon={<PauseIcon />} data-testid="clock-locked" tabIndex={0}>
            Paused by the instructor
          </Label>
        </LazyTooltip>
      ) : canDrive ? (
        <>
          <Segmented
            options={SPEEDS}
            value={changingTo ?? speed}
            onChange={(v) => void setClockSpeed(v)}
            ariaLabel="Clock speed"
            testId="clock-speed"
            isDisabled={!known || stepping !== null}
            className="vdi-clock__speeds"
          />
          <div className="vdi-clock__steps" role="group" aria-label="Step the paused clock" title={paused ? undefined : 'Pause the clock to step it'}>
            <StepForwardIcon className="vdi-clock__step-icon" aria-hidden />
            {STEPS.map((s) => (
              <Button
                key={s.seconds}
                variant="control"
                size="sm"
                data-testid={`clock-step-${s.seconds}`}
                title={s.title}
                isDisabled={!paused || stepping !== null}
                isLoading={stepping === s.seconds || undefined}
                spinnerAriaValueText={`Stepping ${s.label}`}
                onClick={() => void stepClock(s.seconds)}
              >
                {s.label}
              </Button>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
});
