import { labels } from '../../domain/vocabulary.ts';

type LabelGroup = keyof typeof labels;

/** SelectInput / SelectField choices for a domain enum, named by translation key (`enums.<group>.<code>`). */
export function choicesOf(group: LabelGroup): Array<{ id: string; name: string }> {
  return Object.keys(labels[group]).map((id) => ({ id, name: `enums.${group}.${id}` }));
}

/** The Chinese label of a code, for places outside the translator (CSV export, charts). */
export function labelOf(group: LabelGroup, code: string | null | undefined): string {
  if (!code) return '';
  return (labels[group] as Record<string, string>)[code] ?? code;
}
