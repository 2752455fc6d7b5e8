/*
 * Deadline computations per second on the default calendar, against a raw Date-arithmetic baseline
 * over the same inputs. Run: node --import tsx bench/calendar.ts  (bounded to a few seconds).
 */
import {
  addWorkingTime,
  buildCalendar,
  DEFAULT_CALENDAR_SPEC,
  endOfNthWorkingDay,
  workingTimeBetween,
} from '../domain/calendar/index.ts';

const TARGET_PER_SECOND = 1_000_000;
const INPUTS = 1 << 16;
const BUDGET_MS = 1_500; // per measurement; 5 measurements + build stay well under 20 s

// Deterministic inputs (mulberry32) so runs are comparable.
let seed = 0x12345;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

const from = Date.UTC(2024, 0, 1);
const to = Date.UTC(2027, 0, 1);
const starts: Date[] = [];
const ends: Date[] = [];
const minutes: number[] = [];
const days: number[] = [];
for (let i = 0; i < INPUTS; i++) {
  const s = from + Math.floor(random() * ((to - from) / 60_000)) * 60_000;
  starts.push(new Date(s));
  ends.push(new Date(s + Math.floor(random() * 30 * 1440) * 60_000));
  // Mix of SLA shapes: sign within 30–120 min, handle within up to 15 working days of minutes.
  minutes.push(random() < 0.5 ? 30 + Math.floor(random() * 90) : Math.floor(random() * 15 * 420));
  days.push(Math.floor(random() * 16));
}

const t0 = performance.now();
const cal = buildCalendar(DEFAULT_CALENDAR_SPEC);
const buildMs = performance.now() - t0;

/** Runs `op` over the inputs until the time budget is spent; returns operations per second. */
function measure(op: (i: number) => number): { perSecond: number; sink: number } {
  let sink = 0;
  for (let i = 0; i < INPUTS; i++) sink += op(i); // warm-up / JIT
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < INPUTS; i++) sink += op(i);
    ops += INPUTS;
    elapsed = performance.now() - start;
  } while (elapsed < BUDGET_MS);
  return { perSecond: (ops / elapsed) * 1000, sink };
}

const mask = INPUTS - 1;
const runs = {
  'baseline: new Date(start + minutes)': measure(
    (i) => new Date(starts[i & mask].getTime() + minutes[i & mask] * 60_000).getTime() & 1,
  ),
  'baseline: (b - a) / 60000': measure((i) => (ends[i & mask].getTime() - starts[i & mask].getTime()) / 60_000),
  addWorkingTime: measure((i) => addWorkingTime(cal, starts[i & mask], minutes[i & mask]).getTime() & 1),
  endOfNthWorkingDay: measure((i) => endOfNthWorkingDay(cal, starts[i & mask], days[i & mask]).getTime() & 1),
  workingTimeBetween: measure((i) => workingTimeBetween(cal, starts[i & mask], ends[i & mask])),
};

const baselineAdd = runs['baseline: new Date(start + minutes)'].perSecond;
const baselineDiff = runs['baseline: (b - a) / 60000'].perSecond;
const fmt = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`;
console.log(`buildCalendar(default, 2020–2035): ${buildMs.toFixed(1)} ms (first build reads chinese-days)`);
let sink = 0;
let allMet = true;
for (const [name, r] of Object.entries(runs)) {
  sink += r.sink;
  const isBaseline = name.startsWith('baseline');
  const base = name === 'workingTimeBetween' ? baselineDiff : baselineAdd;
  const met = r.perSecond >= TARGET_PER_SECOND;
  if (!isBaseline) allMet &&= met;
  const extra = isBaseline
    ? ''
    : `  ${(base / r.perSecond).toFixed(1)}× slower than baseline  ${met ? 'OK' : 'BELOW'} ≥1M/s`;
  console.log(`${name.padEnd(38)} ${fmt(r.perSecond).padStart(10)}${extra}`);
}
console.log(`target ≥ ${fmt(TARGET_PER_SECOND)} per function: ${allMet ? 'met' : 'NOT met'}  (checksum ${sink % 997})`);
process.exitCode = allMet ? 0 : 1;
