import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceIds } from '../db/seed/reference.ts';
import { createHarness, type Harness } from './helpers/harness.ts';
import { must, seedCity } from './helpers/seed.ts';

let h: Harness;
let ref: ReferenceIds;
let admin: string;

beforeAll(async () => {
  h = await createHarness();
  ref = await seedCity(h);
  admin = await h.login('admin');
});
afterAll(() => h.close());

describe('units', () => {
  it('lists the demo tree in path order with totals', async () => {
    const res = await h.request('GET', '/api/units?_end=500', { token: admin });
    const rows = await res.json();
    expect(Number(res.headers.get('x-total-count'))).toBe(rows.length);
    expect(rows[0].kind).toBe('centre');
    expect(rows.filter((u: { kind: string }) => u.kind === 'department')).toHaveLength(20);
    expect(rows.filter((u: { kind: string }) => u.kind === 'district')).toHaveLength(3);
  });

  it('creates a unit under a parent and moves it with its subtree', async () => {
    const cd = must(ref.unitByCode.get('CD'));
    const cx = must(ref.unitByCode.get('CX'));
    const street = await (
      await h.request('POST', '/api/units', {
        token: admin,
        body: { code: 'cd09', name: '新设街道', kind: 'street', parentId: cd },
      })
    ).json();
    expect(street.code).toBe('CD09');
    const community = await (
      await h.request('POST', '/api/units', {
        token: admin,
        body: { code: 'CD0901', name: '新社区', kind: 'community', parentId: street.id },
      })
    ).json();
    expect(community.path).toBe(`${street.path}${community.id}/`);
    const moved = await (
      await h.request('PATCH', `/api/units/${street.id}`, { token: admin, body: { parentId: cx } })
    ).json();
    expect(moved.path.startsWith(`/${ref.centreId}/${cx}/`)).toBe(true);
    const child = await (await h.request('GET', `/api/units/${community.id}`, { token: admin })).json();
    expect(child.path).toBe(`${moved.path}${community.id}/`);
  });

  it('refuses cycles, duplicates and non-admins', async () => {
    const cd = must(ref.unitByCode.get('CD'));
    const cd01 = must(ref.unitByCode.get('CD01'));
    const cycle = await h.request('PATCH', `/api/units/${cd}`, { token: admin, body: { parentId: cd01 } });
    expect(cycle.status).toBe(400);
    expect((await cycle.json()).error.fields[0].path).toBe('parentId');
    const dup = await h.request('POST', '/api/units', {
      token: admin,
      body: { code: 'CGJ', name: 'x', kind: 'department' },
    });
    expect(dup.status).toBe(409);
    const agent = await h.login('agent1');
    expect(
      (await h.request('POST', '/api/units', { token: agent, body: { code: 'ZZZ', name: 'x', kind: 'department' } }))
        .status,
    ).toBe(403);
  });
});

describe('users', () => {
  it('never returns password hashes and lets admins reset passwords', async () => {
    const list = await (await h.request('GET', '/api/users?_end=200', { token: admin })).json();
    expect(list.length).toBeGreaterThan(40);
    expect(JSON.stringify(list)).not.toContain('argon2');
    const created = await h.request('POST', '/api/users', {
      token: admin,
      body: {
        username: 'agent9',
        displayName: '新话务员',
        password: 'secret-123',
        role: 'agent',
        unitId: ref.centreId,
      },
    });
    expect(created.status).toBe(201);
    const u = await created.json();
    expect(u).not.toHaveProperty('passwordHash');
    await h.login('agent9', 'secret-123');
    await h.request('PATCH', `/api/users/${u.id}`, { token: admin, body: { password: 'another-456' } });
    await expect(h.login('agent9', 'secret-123')).rejects.toThrow(/401/);
    await h.login('agent9', 'another-456');
  });

  it('blocks deactivated users at once', async () => {
    const token = await h.login('agent2');
    const id = must(ref.userByName.get('agent2'));
    await h.request('PATCH', `/api/users/${id}`, { token: admin, body: { active: false } });
    expect((await h.request('GET', '/api/auth/me', { token })).status).toBe(401);
    await h.request('PATCH', `/api/users/${id}`, { token: admin, body: { active: true } });
  });

  it('validates usernames and passwords by field', async () => {
    const res = await h.request('POST', '/api/users', {
      token: admin,
      body: { username: 'Bad Name', displayName: 'x', password: '1', role: 'agent' },
    });
    expect(res.status).toBe(400);
    const paths = (await res.json()).error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'password']));
  });
});

describe('categories', () => {
  it('keeps full names and leaf flags when the tree changes', async () => {
    const leaves = await (await h.request('GET', `/api/categories?isLeaf=true&_end=500`, { token: admin })).json();
    expect(leaves.length).toBeGreaterThanOrEqual(80);
    const top = await (
      await h.request('POST', '/api/categories', { token: admin, body: { code: 'T1', name: '测试大类' } })
    ).json();
    const leaf = await (
      await h.request('POST', '/api/categories', {
        token: admin,
        body: { code: 'T1-1', name: '小类', parentId: top.id, handleDays: 5 },
      })
    ).json();
    expect(leaf.fullName).toBe('测试大类 › 小类');
    expect((await (await h.request('GET', `/api/categories/${top.id}`, { token: admin })).json()).isLeaf).toBe(false);
    await h.request('PATCH', `/api/categories/${top.id}`, { token: admin, body: { name: '改名大类' } });
    expect((await (await h.request('GET', `/api/categories/${leaf.id}`, { token: admin })).json()).fullName).toBe(
      '改名大类 › 小类',
    );
  });

  it('searches categories by name for the intake picker', async () => {
    const rows = await (
      await h.request('GET', `/api/categories?q=${encodeURIComponent('路灯')}`, { token: admin })
    ).json();
    expect(rows.map((r: { fullName: string }) => r.fullName)).toContain('城乡建设 › 市政设施 › 路灯');
  });
});

describe('contacts', () => {
  it('finds a citizen by any spelling of the phone number; units may not browse citizens', async () => {
    const agent = await h.login('agent1');
    await h.request('POST', '/api/tickets', {
      token: agent,
      body: { type: 'help', content: '测试', phone: '13812345678', name: '钱女士' },
    });
    const found = await (
      await h.request('GET', `/api/contacts?q=${encodeURIComponent('+86 138-1234-5678')}`, { token: agent })
    ).json();
    expect(found).toHaveLength(1);
    expect(found[0].name).toBe('钱女士');
    const unit = await h.login('cgj');
    expect((await h.request('GET', '/api/contacts', { token: unit })).status).toBe(403);
  });
});

describe('audit trail', () => {
  it('records who changed reference data, field by field, without secrets', async () => {
    const id = must(ref.userByName.get('agent1'));
    await h.request('PATCH', `/api/users/${id}`, {
      token: admin,
      body: { extension: '8111', password: 'rotated-pass-1' },
    });
    const rows = await (await h.request('GET', `/api/audit?entity=user&entityId=${id}`, { token: admin })).json();
    expect(rows[0].action).toBe('update');
    expect(rows[0].actorId).toBe(ref.userByName.get('admin'));
    expect(rows[0].changes.extension).toEqual({ from: '8001', to: '8111' });
    expect(rows[0].changes.passwordHash).toEqual({ from: '***', to: '***' });
    const agent = await h.login('agent1', 'rotated-pass-1');
    expect((await h.request('GET', '/api/audit', { token: agent })).status).toBe(403);
  });
});
