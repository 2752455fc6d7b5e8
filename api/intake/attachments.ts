import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { messageAttachments } from '../../db/schema/index.ts';
import { AppError, notFound } from '../../services/errors.ts';
import { loadVisibleTicket } from '../../services/ticketAccess.ts';
import { requireRole } from '../auth/guard.ts';
import type { App } from '../env.ts';
import { errorResponses } from '../errors.ts';
import { idParam } from '../lib/crud.ts';
import { attachmentSchema } from './schemas.ts';

const meta = {
  id: messageAttachments.id,
  messageId: messageAttachments.messageId,
  ticketId: messageAttachments.ticketId,
  filename: messageAttachments.filename,
  contentType: messageAttachments.contentType,
  size: messageAttachments.size,
  sha256: messageAttachments.sha256,
  createdAt: messageAttachments.createdAt,
};

const list = createRoute({
  method: 'get',
  path: '/api/tickets/{id}/attachments',
  tags: ['intake'],
  summary: '工单收到的邮件附件（元数据）',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'attachments', content: { 'application/json': { schema: z.array(attachmentSchema) } } },
    ...errorResponses,
  },
});

const content = createRoute({
  method: 'get',
  path: '/api/intake/attachments/{id}/content',
  tags: ['intake'],
  summary: '下载附件',
  security: [{ bearer: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'the file', content: { 'application/octet-stream': { schema: z.string() } } },
    ...errorResponses,
  },
});

/** Attachments are as visible as their ticket (a unit sees only its tickets' files). */
export function registerAttachments(app: App) {
  app.openapi(list, async (c) => {
    const user = requireRole(c);
    const { id } = c.req.valid('param');
    const db = c.get('deps').db;
    await loadVisibleTicket(db, user, id);
    const rows = await db
      .select(meta)
      .from(messageAttachments)
      .where(eq(messageAttachments.ticketId, id))
      .orderBy(asc(messageAttachments.id));
    return c.json(
      rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
      200,
    );
  });

  app.openapi(content, async (c) => {
    const user = requireRole(c);
    const { id } = c.req.valid('param');
    const db = c.get('deps').db;
    const [row] = await db.select().from(messageAttachments).where(eq(messageAttachments.id, id));
    if (!row) throw notFound('附件');
    if (row.ticketId === null) {
      if (!['agent', 'dispatcher', 'supervisor', 'admin'].includes(user.role)) throw notFound('附件');
    } else {
      await loadVisibleTicket(db, user, row.ticketId).catch(() => {
        throw new AppError('not_found', '附件不存在');
      });
    }
    const ascii = row.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
    return c.body(new Uint8Array(row.data), 200, {
      'Content-Type': row.contentType,
      'Content-Length': String(row.size),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.filename)}`,
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
