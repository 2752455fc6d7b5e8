export type { ClockRow, OpenClock, SegmentRow, StartClockInput, StartedClock } from './clocks.ts';
export {
  extendClock,
  openClockIds,
  pauseClock,
  restartClock,
  resumeClock,
  startClock,
  stopClock,
} from './clocks.ts';
export type { ClockEventHandler, FireOutcome, TimerJobData } from './timers.ts';
export { fireClockEvent, fireDueClocks, onClockEvent, scheduleClockTimers, timerJobId } from './timers.ts';
