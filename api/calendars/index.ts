import type { App } from '../env.ts';
import { registerCreate } from './create.ts';
import { registerDays } from './days.ts';
import { registerDeadline } from './deadline.ts';
import { registerDelete } from './delete.ts';
import { registerGet } from './get.ts';
import { registerList } from './list.ts';
import { registerUnits } from './units.ts';
import { registerUpdate } from './update.ts';

/** Working-day calendars: CRUD, day overrides per year, unit assignment and the deadline calculator. */
export function registerCalendars(app: App) {
  registerList(app);
  registerCreate(app);
  registerDeadline(app);
  registerDays(app);
  registerUnits(app);
  registerGet(app);
  registerUpdate(app);
  registerDelete(app);
}
