/** Server-rendered pages: the monthly bulletin and the public KPI page. Everything interpolated is escaped. */
import { formatRate } from '../../domain/kpi/definitions.ts';
import type { Bulletin } from '../../services/kpi/bulletin.ts';
import type { CorrectionNote, PublishedPeriod } from '../../services/kpi/publish.ts';

export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;margin:0;background:#f5f6f8;color:#1f2329}
header{background:#c0392b;color:#fff;padding:18px 24px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.9}
main{max-width:1080px;margin:0 auto;padding:16px 24px 48px}
section{background:#fff;border-radius:8px;padding:16px 20px;margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{font-size:17px;margin:0 0 12px}table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #eceef1;padding:6px 8px;text-align:left}th{background:#fafbfc;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#6b7280;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}
.card{border:1px solid #eceef1;border-radius:6px;padding:10px 12px}.card b{display:block;font-size:22px;margin-top:4px}
.up{color:#15803d}.down{color:#b91c1c}nav a{margin-right:12px}.note{background:#fff7e6;border-left:4px solid #f59e0b;padding:8px 12px}
`;

function page(title: string, subtitle: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><header><h1>${esc(title)}</h1><p>${esc(subtitle)}</p></header><main>${body}</main></body></html>`;
}

function delta(d: number | null): string {
  if (d === null) return '';
  const pts = (d * 100).toFixed(2);
  if (Math.abs(d) < 0.00005) return '<span class="muted">持平</span>';
  return d > 0 ? `<span class="up">↑${pts}个百分点</span>` : `<span class="down">↓${pts.slice(1)}个百分点</span>`;
}

export function bulletinHtml(b: Bulletin): string {
  const status =
    b.status === 'published'
      ? `已发布（${esc(b.publishedAt?.slice(0, 10))}），数据已冻结`
      : '未发布：以下为实时统计，发布前可能变化';
  const cards = b.headline
    .map(
      (h) => `<div class="card"><span>${esc(h.name)}</span><b>${esc(formatRate(h.value))}</b>
      <span class="muted">${esc(h.numerator)} / ${esc(h.denominator)}</span> ${delta(h.delta)}</div>`,
    )
    .join('');
  const cats = b.topCategories
    .map(
      (c, i) =>
        `<tr><td>${i + 1}</td><td>${esc(c.label)}</td><td class="n">${c.created}</td><td class="n">${c.dispatches}</td></tr>`,
    )
    .join('');
  const ranks = b.rankings
    .map(
      (r) => `<tr><td>${esc(r.name)}</td>
      <td>${r.best.map((e) => `${esc(e.name)}（${esc(formatRate(e.value))}）`).join('、') || '—'}</td>
      <td>${r.worst.map((e) => `${esc(e.name)}（${esc(formatRate(e.value))}）`).join('、') || '—'}</td></tr>`,
    )
    .join('');
  const corrections = b.corrections.length
    ? `<section><h2>更正说明</h2><div class="note">发布后又收到属于本月的数据（已发布数据不变）：<br>${b.corrections.map(esc).join('<br>')}</div></section>`
    : '';
  const body = `
<section><h2>一、总体情况</h2><p>本月受理工单 <b>${b.volume.created}</b> 件，直接答复办结 <b>${b.volume.directAnswered}</b> 件，
派单 <b>${b.volume.dispatches}</b> 件，办结 <b>${b.volume.completed}</b> 件；呼入电话 <b>${b.volume.callsOffered}</b> 个。</p>
<div class="cards">${cards}</div><p class="muted">箭头为与上月相比的变化。</p></section>
<section><h2>二、群众反映较多的问题</h2><table><tr><th>#</th><th>分类</th><th>受理</th><th>派单</th></tr>${cats || '<tr><td colspan="4">—</td></tr>'}</table></section>
<section><h2>三、承办单位排名</h2><table><tr><th>指标</th><th>前三名</th><th>后三名</th></tr>${ranks}</table>
<p class="muted">各单位含其下级单位合计；样本不足 5 件的单位不参与排名。</p></section>${corrections}`;
  return page(`12345热线${b.label}工作通报`, status, body);
}

export interface PublicPageData {
  periods: PublishedPeriod[];
  selected: PublishedPeriod | null;
  corrections: CorrectionNote | null;
}

export function publicKpiHtml(d: PublicPageData): string {
  const nav = d.periods.map((p) => `<a href="?period=${esc(`${p.kind}:${p.key}`)}">${esc(p.label)}</a>`).join('');
  if (!d.selected) {
    return page(
      '12345热线服务质量公开',
      '尚无已发布的统计数据',
      `<section><p>暂无已发布的月度或季度数据。</p></section>`,
    );
  }
  const f = d.selected.figures;
  const rows = f.definitions
    .map((def) => {
      const v = f.total.kpis[def.code] ?? null;
      return `<tr><td>${esc(def.name)}</td><td class="n">${esc(formatRate(v))}</td><td class="muted">${esc(def.formula)}</td></tr>`;
    })
    .join('');
  const units = f.byUnit
    .filter((u) => u.key !== '0' && u.key !== null)
    .map(
      (u) => `<tr><td>${esc(u.label)}</td><td class="n">${u.counters.dispatches ?? 0}</td>
      <td class="n">${esc(formatRate(u.kpis.onTimeCompletionRate ?? null))}</td>
      <td class="n">${esc(formatRate(u.kpis.satisfactionRate ?? null))}</td>
      <td class="n">${esc(formatRate(u.kpis.resolutionRate ?? null))}</td></tr>`,
    )
    .join('');
  const corr = d.corrections;
  const note =
    corr && (corr.lines.length || corr.notes.length)
      ? `<section><h2>更正说明</h2><div class="note">${[...corr.lines, ...corr.notes.map((n) => n.body)].map(esc).join('<br>')}</div>
        <p class="muted">已发布数据保持不变；以上为发布后收到的数据或说明。</p></section>`
      : '';
  const body = `<nav>${nav}</nav>
<section><h2>${esc(f.period.label)}主要指标</h2><table><tr><th>指标</th><th>数值</th><th>计算方法</th></tr>${rows}</table>
<p class="muted">发布于 ${esc(d.selected.publishedAt.slice(0, 10))}；统计口径为北京时间自然日。</p></section>
<section><h2>承办单位情况</h2><table><tr><th>单位（含下级）</th><th>派单</th><th>按时办结率</th><th>满意率</th><th>解决率</th></tr>${units}</table></section>${note}`;
  return page('12345热线服务质量公开', `${f.period.label} · 已发布数据`, body);
}
