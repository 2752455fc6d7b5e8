import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { buildPlaceIndex, jurisdictionOf, type PlaceUnit, resolveJurisdiction } from '../domain/routing/address.ts';
import { type AutoRule, firstMatchingRule } from '../domain/routing/autoRules.ts';
import { type CatalogueRow, lookupCatalogue, overlaps } from '../domain/routing/catalogue.ts';
import { learningDeltas } from '../domain/routing/learn.ts';
import { type RoutingModel, suggest } from '../domain/routing/score.ts';
import { keywordList, routingText, routingTokens } from '../domain/routing/tokens.ts';
import { agentTicket, call, categoryId, seedDispatchCity, sh, unitId } from './helpers/dispatch.ts';
import { createHarness, type Harness } from './helpers/harness.ts';

const places: PlaceUnit[] = [
  { id: 1, name: '回音市12345政务服务便民热线中心', kind: 'centre', parentId: null },
  { id: 10, name: '城东区', kind: 'district', parentId: 1 },
  { id: 11, name: '城东区东风街道', kind: 'street', parentId: 10 },
  { id: 12, name: '东风社区', kind: 'community', parentId: 11 },
  { id: 20, name: '城西区', kind: 'district', parentId: 1 },
  { id: 21, name: '城西区西湖街道', kind: 'street', parentId: 20 },
];

describe('address → jurisdiction (pure)', () => {
  const idx = buildPlaceIndex(places);
  it('finds the most specific unit named, with its chain', () => {
    expect(resolveJurisdiction('城东区东风街道幸福路12号', idx)).toMatchObject({ unitId: 11, chain: [11, 10] });
    // Without the district prefix, as citizens often say it.
    expect(resolveJurisdiction('西湖街道湖滨路口', idx)).toMatchObject({
      unitId: 21,
      chain: [21, 20],
      matched: '西湖街道',
    });
    // A community resolves to its street (catalogue jurisdictions are streets and districts).
    expect(resolveJurisdiction('东风社区3栋', idx)).toMatchObject({ unitId: 11, chain: [11, 10] });
    expect(resolveJurisdiction('城西区某路', idx)).toMatchObject({ unitId: 20, chain: [20] });
    expect(resolveJurisdiction('不知道在哪里', idx)).toBeNull();
    expect(jurisdictionOf(11, idx)).toMatchObject({ chain: [11, 10] });
  });

  it('a road named after a place is not that place ("东风路" is not 东风街道)', () => {
    expect(resolveJurisdiction('城西区西湖街道东风路5号', idx)).toMatchObject({ unitId: 21 });
  });
});

describe('catalogue lookups (pure)', () => {
  const row = (id: number, j: number | null, unit: number, from: string, to: string | null = null): CatalogueRow => ({
    id,
    categoryId: 5,
    jurisdictionId: j,
    unitId: unit,
    coUnitIds: [],
    effectiveFrom: new Date(from),
    effectiveTo: to ? new Date(to) : null,
    active: true,
  });
  const rows = [
    row(1, null, 100, '2026-01-01'),
    row(2, 11, 111, '2026-01-01', '2026-12-01'),
    row(3, 11, 112, '2026-12-01'),
    row(4, 10, 110, '2026-01-01'),
  ];
  it('street before district before city-wide; by effective date', () => {
    expect(lookupCatalogue(rows, 5, [11, 10], new Date('2026-11-23'))?.unitId).toBe(111);
    expect(lookupCatalogue(rows, 5, [11, 10], new Date('2026-12-02'))?.unitId).toBe(112);
    expect(lookupCatalogue(rows, 5, [13, 10], new Date('2026-11-23'))?.unitId).toBe(110);
    expect(lookupCatalogue(rows, 5, [], new Date('2026-11-23'))?.unitId).toBe(100);
    expect(lookupCatalogue(rows, 6, [11], new Date('2026-11-23'))).toBeNull();
  });
  it('detects overlapping validity for the same category and place', () => {
    expect(overlaps(rows[1] as CatalogueRow, rows[2] as CatalogueRow)).toBe(false);
    expect(overlaps(rows[1] as CatalogueRow, row(9, 11, 1, '2026-06-01'))).toBe(true);
    expect(overlaps(rows[1] as CatalogueRow, row(9, 10, 1, '2026-06-01'))).toBe(false);
  });
});

describe('auto rules (pure)', () => {
  const rule = (id: number, sortOrder: number, conditions: AutoRule['conditions']): AutoRule => ({
    id,
    name: `r${id}`,
    active: true,
    sortOrder,
    conditions,
    unitId: id,
    coUnitIds: [],
  });
  const t = {
    categoryId: 5,
    type: 'help',
    priority: 'urgent',
    channel: 'phone',
    jurisdiction: [11, 10],
    text: '燃气味很重',
  };
  it('first match by explicit order; every condition must hold; a rule without conditions never matches', () => {
    const rules = [
      rule(1, 20, { categoryIds: [5] }),
      rule(2, 10, { categoryIds: [5], priorities: ['urgent'], keywords: ['燃气'] }),
      rule(3, 0, {}),
      rule(4, 5, { categoryIds: [5], jurisdictionIds: [20] }),
    ];
    expect(firstMatchingRule(rules, t)?.id).toBe(2);
    expect(firstMatchingRule(rules, { ...t, priority: 'normal' })?.id).toBe(1);
    expect(firstMatchingRule(rules, { ...t, categoryId: null })).toBeNull();
  });
});

describe('tokens and scoring (pure)', () => {
  it('drops the address and place names, numbers and filler from the words learned', () => {
    const text = routingText(
      {
        title: '路灯不亮',
        content: '小区门口路灯不亮。地点：城东区东风街道幸福路12号',
        address: '城东区东风街道幸福路12号',
      },
      ['城东区东风街道', '城东区'],
    );
    expect(text).not.toContain('幸福路');
    const words = routingTokens(text);
    expect(words).toContain('小区');
    expect(text).toContain('路灯');
    expect(words.some((w) => w.includes('城东') || w.includes('东风'))).toBe(false);
    expect(words).not.toContain('地点');
    expect(words.some((w) => /\d/.test(w))).toBe(false);
    expect(keywordList('商品质量', '假货,退换')).toEqual(
      expect.arrayContaining(['商品质量', '商品', '质量', '假货', '退换']),
    );
  });

  it('ranks the catalogue unit of the best category first, and history moves it', () => {
    const model: RoutingModel = {
      categories: [
        { id: 1, name: '路灯', fullName: '市政 › 路灯', keywords: ['路灯'] },
        { id: 2, name: '停电', fullName: '供电 › 停电', keywords: ['停电'] },
      ],
      catalogue: [
        {
          id: 1,
          categoryId: 1,
          jurisdictionId: null,
          unitId: 100,
          coUnitIds: [],
          effectiveFrom: new Date(0),
          effectiveTo: null,
          active: true,
        },
        {
          id: 2,
          categoryId: 2,
          jurisdictionId: null,
          unitId: 200,
          coUnitIds: [300],
          effectiveFrom: new Date(0),
          effectiveTo: null,
          active: true,
        },
      ],
      categoryWeights: new Map(),
      categoryTotals: new Map(),
      unitWeights: new Map(),
      unitTotals: new Map(),
      pairCounts: new Map(),
      unitNames: new Map([
        [100, '城管局'],
        [200, '供电公司'],
        [111, '东风街道'],
      ]),
    };
    const input = {
      text: '整栋楼停电了',
      tokens: routingTokens('整栋楼停电了'),
      jurisdiction: [11, 10],
      now: new Date(),
    };
    const [top] = suggest(model, input);
    expect(top).toMatchObject({ categoryId: 2, unitId: 200, coUnitIds: [300] });
    expect(top?.reasons.join(' ')).toMatch(/权责清单/);
    // Dispatchers keep sending 路灯 matters in street 11 to the street office: 4 overrides outweigh the catalogue.
    const lamp = { ...input, text: '路灯坏了', tokens: ['路灯', '坏了'] };
    expect(suggest(model, lamp)[0]?.unitId).toBe(100);
    model.pairCounts.set('1:11', new Map([[111, 4]]));
    const moved = suggest(model, lamp);
    expect(moved[0]).toMatchObject({ categoryId: 1, unitId: 111 });
    expect(moved[0]?.reasons.join(' ')).toMatch(/以往同类同地工单派给该单位 4 次/);
    expect(moved[1]?.unitId).toBe(100);
    // A report that names its responsible department (a window report) puts that unit first, with the reason.
    const named = suggest(model, { ...input, namedUnitId: 100 });
    expect(named[0]).toMatchObject({ categoryId: 2, unitId: 100 });
    expect(named[0]?.reasons.join(' ')).toMatch(/反映中指明的责任部门：城管局/);
    expect(named[1]).toMatchObject({ categoryId: 2, unitId: 200 });
  });

  it('learning deltas: one document per target, token counts, the (category, place) pair', () => {
    const d = learningDeltas(['路灯', '坏了', '路灯'], { categoryId: 1, unitId: 100, jurisdictionId: 11 }, 2);
    expect(d.pair).toEqual({ categoryId: 1, jurisdictionId: 11, unitId: 100, weight: 2 });
    expect(d.weights.filter((w) => w.kind === 'category' && w.token === '路灯')).toEqual([
      { kind: 'category', token: '路灯', targetId: 1, weight: 2 },
    ]);
    expect(d.weights.find((w) => w.kind === 'unit' && w.token === '#')?.weight).toBe(4);
  });
});

describe('suggestions over the API, learning from overrides', () => {
  let h: Harness;
  let ref: ReferenceIds;
  let agent: string;
  let disp: string;
  beforeAll(async () => {
    h = await createHarness({ now: sh('2026-11-23 10:00').toISOString() });
    ref = await seedDispatchCity(h);
    [agent, disp] = await Promise.all([h.login('agent1'), h.login('dispatcher1')]);
  });
  afterAll(() => h.close());

  it('suggests category and unit with confidence and reasons; units may not ask', async () => {
    const t = await agentTicket(h, agent, {
      content: '整栋楼停电三个小时了，什么时候能恢复',
      address: '高新区白沙街道白沙路9号',
    });
    const res = await call(h, 'GET', `/api/tickets/${t.id}/suggestions?limit=3`, disp);
    expect(res.status).toBe(200);
    expect(res.body.suggestions.length).toBeLessThanOrEqual(3);
    expect(res.body.suggestions[0]).toMatchObject({
      categoryId: categoryId(ref, '停电'),
      unitId: unitId(ref, 'GDJ'),
      unitName: '国网回音供电公司',
      categoryName: '水电气暖 › 供电 › 停电',
    });
    expect(res.body.jurisdiction).toMatchObject({ unitId: unitId(ref, 'GX02') });
    expect(res.body.keywords).toContain('停电');
    const unit = await h.login('cgj');
    expect((await call(h, 'GET', `/api/tickets/${t.id}/suggestions`, unit)).status).toBe(403);
    expect((await call(h, 'GET', '/api/tickets/999999/suggestions', disp)).status).toBe(404);
    const empty = await call(h, 'POST', '/api/routing/suggest', agent, { content: '' });
    expect(empty.status).toBe(400);
  });

  it('a window report names its responsible department, and the suggestion follows it', async () => {
    const clerk = await h.login('clerk1');
    const filed = await call(h, 'POST', '/api/intake/window-reports', clerk, {
      hall: '市民服务中心',
      window: '9号窗口',
      serviceItem: '临时占道审批',
      departmentId: unitId(ref, 'JTJ'),
      reason: 'hard',
      content: '整栋楼停电三个小时了，申请临时占道施工抢修的审批迟迟办不下来。',
      anonymous: true,
    });
    expect(filed.status).toBe(201);
    const res = await call(h, 'GET', `/api/tickets/${filed.body.ticketId}/suggestions`, disp);
    expect(res.status).toBe(200);
    expect(res.body.suggestions[0]).toMatchObject({ unitId: unitId(ref, 'JTJ') });
    expect(res.body.suggestions[0].reasons.join(' ')).toContain('反映中指明的责任部门：市交通运输局');
    // The same words without a named department go to the power company, as above.
    const plain = await call(h, 'POST', '/api/routing/suggest', agent, {
      content: '整栋楼停电三个小时了，什么时候能恢复',
    });
    expect(plain.body.suggestions[0]).toMatchObject({ unitId: unitId(ref, 'GDJ') });
  });

  it('an agent-chosen category is taken as given', async () => {
    const t = await agentTicket(h, agent, { content: '有点事情想反映一下', categoryId: categoryId(ref, '水费') });
    const res = await call(h, 'GET', `/api/tickets/${t.id}/suggestions`, disp);
    expect(res.body.suggestions[0]).toMatchObject({ categoryId: categoryId(ref, '水费'), unitId: unitId(ref, 'SWJ') });
    expect(res.body.suggestions[0].confidence).toBe(1);
  });

  it('repeated overrides change later suggestions, and the acceptance rate is reported', async () => {
    const text = { content: '小区楼下的共享单车乱停乱放，堵住了出入口', address: '城东区新华街道人民路3号' };
    const first = await agentTicket(h, agent, text);
    const before = await call(h, 'GET', `/api/tickets/${first.id}/suggestions`, disp);
    const street = unitId(ref, 'CD02');
    expect(before.body.suggestions[0].unitId).not.toBe(street);
    // The dispatchers know better: the street office handles this, under 占道经营.
    for (let i = 0; i < 3; i++) {
      const t = i === 0 ? first : await agentTicket(h, agent, text);
      const d = await call(h, 'POST', `/api/tickets/${t.id}/dispatch`, disp, {
        unitId: street,
        categoryId: categoryId(ref, '占道经营'),
      });
      expect(d.status).toBe(201);
      if (i === 0) expect(d.body.acceptedSuggestion).toBe(false);
    }
    const next = await agentTicket(h, agent, text);
    const after = await call(h, 'GET', `/api/tickets/${next.id}/suggestions`, disp);
    expect(after.body.suggestions[0]).toMatchObject({ unitId: street, categoryId: categoryId(ref, '占道经营') });
    const acc = await call(h, 'POST', `/api/tickets/${next.id}/dispatch`, disp, { unitId: street });
    expect(acc.body.acceptedSuggestion).toBe(true);
    const stats = await call(h, 'GET', '/api/routing/stats', disp);
    expect(stats.status).toBe(200);
    expect(stats.body.decisions).toBeGreaterThanOrEqual(4);
    expect(stats.body.accepted).toBeGreaterThanOrEqual(1);
    expect(stats.body.acceptanceRate).toBeGreaterThan(0);
  });
});
