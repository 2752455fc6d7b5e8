import { ENUMS } from './enums.ts';

export type EnumGroup = keyof typeof ENUMS;

/** SelectInput / SelectField choices for an enum, named by translation key (`enums.<group>.<code>`). */
export function choicesOf(group: EnumGroup): Array<{ id: string; name: string }> {
  return Object.keys(ENUMS[group]).map((id) => ({ id, name: `enums.${group}.${id}` }));
}

/** The Chinese label of a code, for places outside the translator (CSV export, charts). */
export function labelOf(group: EnumGroup, code: string | null | undefined): string {
  if (!code) return '';
  return (ENUMS[group] as Record<string, string>)[code] ?? code;
}
