import { and, eq } from 'drizzle-orm';
import { categories } from '../../db/schema/index.ts';
import type { TicketType } from '../../domain/vocabulary.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { type IntakeOutcome, intakeCitizenTicket } from './register.ts';

export interface WebComplaint {
  /** Normalised E.164. */
  phone: string;
  content: string;
  name?: string | null;
  email?: string | null;
  title?: string | null;
  address?: string | null;
  categoryId?: number | null;
  type?: TicketType;
  confidential: boolean;
}

/**
 * The citizen's web form. The page sends an Idempotency-Key per submission, so a double click or a retry
 * after a lost response finds the first ticket instead of making a second.
 */
export async function submitWebComplaint(deps: Deps, input: WebComplaint, sourceKey: string): Promise<IntakeOutcome> {
  let type: TicketType = input.type ?? 'complaint';
  if (input.categoryId) {
    const [cat] = await deps.db
      .select({ id: categories.id, defaultType: categories.defaultType })
      .from(categories)
      .where(and(eq(categories.id, input.categoryId), eq(categories.active, true)));
    if (!cat) {
      throw new AppError('validation', '分类不存在', {
        fields: [{ path: 'categoryId', message: '分类不存在或已停用' }],
      });
    }
    if (!input.type && cat.defaultType) type = cat.defaultType;
  }
  return intakeCitizenTicket(
    deps,
    {
      channel: 'web',
      type,
      title: input.title ?? null,
      content: input.content,
      address: input.address ?? null,
      categoryId: input.categoryId ?? null,
      confidential: input.confidential,
      contact: { phone: input.phone, email: input.email ?? null, name: input.name ?? null },
      sourceKey,
    },
    { id: null, kind: 'citizen' },
  );
}
