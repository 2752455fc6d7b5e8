import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { TOTAL_CAP } from '../../../api/tickets/list.ts';
import { screenshot } from '../browser.ts';
import type { Fixture } from '../fixture.ts';
import { confirmDialog } from '../pages.ts';
import { dispatchToUnit } from './setup.ts';

export function supervisorScenarios(fx: Fixture) {
  describe('supervisor: boards and supervision', () => {
    it('reads the KPI board, then opens a supervision case on a ticket', async () => {
      const ticket = await dispatchToUnit(fx.server(), 'SWJ');
      const d = await fx.desk('supervisor1');
      await d.page.getByTestId('kpi-cards').waitFor();
      for (const chart of ['chart-intake', 'chart-backlog', 'chart-satisfaction']) {
        await d.page.getByTestId(chart).locator('.recharts-wrapper').first().waitFor();
      }
      await screenshot(d.page, 'supervisor-workspace');
      await d.shell.goto(`/tickets/${ticket.id}/show`);
      await d.page.getByTestId('open-supervision').click();
      await confirmDialog(d.page, { 督办事由: '市民多次来电反映，请水务局限期处理。' });
      expect(await d.shell.notification()).toContain('已立督办件');
      await d.shell.goto('/');
      await d.page.getByTestId('tab-cases').click();
      await d.page.getByTestId('supervision-cases').getByText(`#${ticket.id}`).waitFor();
      // The KPI board by unit for this month, from the rollups.
      await d.shell.goto('/kpi');
      await d.page.getByTestId('kpi-table').getByText('合计').waitFor();
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 90_000);

    it('fits the ticket list on a 1366-pixel desk: a line a row, no sideways scrolling, whole values on hover', async () => {
      // The newest ticket, first in the list: a long complaint, whose tooltip is clipped for a glance.
      const long = '楼下餐馆油烟直排，'.repeat(120);
      const filed = await fx.server().api('POST', '/api/public/complaints', {
        body: { phone: '13907346612', content: long },
      });
      expect(filed.status).toBe(201);
      const d = await fx.desk('supervisor1');
      await d.shell.goto('/tickets');
      const category = d.page.locator('tbody td.column-categoryName [title]').first();
      await category.waitFor();
      // Chinese text may break after any character: squeezed columns used to wrap one character a line.
      const layout = () =>
        d.page.evaluate(() => ({
          sideways: document.documentElement.scrollWidth - window.innerWidth,
          tallestRow: Math.max(
            ...[...document.querySelectorAll('tbody tr')].map((r) => r.getBoundingClientRect().height),
          ),
        }));
      const narrow = await layout();
      expect(narrow.sideways).toBeLessThanOrEqual(0);
      expect(narrow.tallestRow).toBeLessThan(60);
      const path = (await category.getAttribute('title')) ?? '';
      expect(path).toContain(' › ');
      expect(await category.textContent()).toBe(path.split(' › ').pop());
      const content = d.page.locator('tbody td.column-content [title]').first();
      expect(await content.getAttribute('title')).toBe(`${long.slice(0, 300)}…`);
      await screenshot(d.page, 'supervisor-ticket-list-1366');
      // A wide screen has room for the whole path and the full dates.
      await d.page.setViewportSize({ width: 1920, height: 1080 });
      await expect.poll(() => category.textContent()).toBe(path);
      expect(await d.page.locator('tbody td.column-createdAt').first().textContent()).toMatch(
        /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/,
      );
      const wide = await layout();
      expect(wide.sideways).toBeLessThanOrEqual(0);
      expect(wide.tallestRow).toBeLessThan(60);
      await screenshot(d.page, 'supervisor-ticket-list-1920');
      expect(d.problems()).toEqual([]);
      await d.close();
    }, 90_000);

    it('reads a total the API stopped counting at as "more than", not as exact', async () => {
      // More tickets than the list counts: closed copies of one demo ticket, removed again afterwards so the
      // other scenarios see the demo city as it was.
      const db = postgres(fx.server().databaseUrl, { max: 1, onnotice: () => {} });
      const copies = db`
        select '29990101' || lpad(g::text, 6, '0'), channel, type, priority, 'closed', title, content, contact_id,
               confidential, query_code, search_text, created_at - interval '400 days', updated_at
          from (select * from tickets order by id limit 1) t, generate_series(1, ${TOTAL_CAP}) g`;
      try {
        await db`insert into tickets (ticket_no, channel, type, priority, status, title, content, contact_id,
                                      confidential, query_code, search_text, created_at, updated_at) ${copies}`;
        const d = await fx.desk('supervisor1');
        await d.shell.goto('/tickets');
        const pagination = d.page.locator('.MuiTablePagination-displayedRows');
        await pagination.getByText('共超过 10,000 条').waitFor();
        expect(await pagination.textContent()).toBe('第 1-25 条，共超过 10,000 条（请加筛选条件缩小范围）');
        await pagination.scrollIntoViewIfNeeded();
        await screenshot(d.page, 'supervisor-ticket-list-capped');
        // A filter narrow enough is counted exactly again.
        await d.shell.goto('/tickets?filter=%7B%22status%22%3A%22registered%22%7D');
        await expect.poll(() => pagination.textContent()).toMatch(/^第 1-\d+ 条，共 \d+ 条$/);
        expect(d.problems()).toEqual([]);
        await d.close();
      } finally {
        await db`delete from tickets where ticket_no like '29990101%'`;
        await db.end();
      }
    }, 90_000);
  });
}
