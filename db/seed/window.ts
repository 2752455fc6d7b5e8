import type { WindowReason, WindowReviewOutcome } from '../../domain/intake/window.ts';
import type { Deps } from '../../services/deps.ts';
import { createWindowReport, reviewWindowReport } from '../../services/intake/window.ts';
import type { ReferenceIds } from './reference.ts';

interface DemoReport {
  window: string;
  serviceItem: string;
  dept: string;
  reason: WindowReason;
  content: string;
  phone?: string;
  name?: string;
  review?: { outcome: WindowReviewOutcome; note: string };
}

const HALL = '回音市民服务中心';

const REPORTS: DemoReport[] = [
  {
    window: '12号窗口',
    serviceItem: '二手房转移登记',
    dept: 'ZRJ',
    reason: 'hard',
    content: '市民办理二手房过户，窗口要求提供原始购房发票，发票早已遗失，已跑了三次仍未办成。',
    phone: '+8613912340001',
    name: '赵女士',
  },
  {
    window: '7号窗口',
    serviceItem: '社会保障卡补办',
    dept: 'RSJ',
    reason: 'cannot',
    content: '外省户籍市民补办社保卡，窗口称须回参保地办理，市民希望能跨省通办。',
    phone: '+8615812340002',
    name: '钱先生',
    review: { outcome: 'answered', note: '社保卡可在“跨省通办”专区线上申请补办，制好后邮寄到家，无需回参保地。' },
  },
  {
    window: '21号窗口',
    serviceItem: '个体工商户注销',
    dept: 'SCJGJ',
    reason: 'refused',
    content: '窗口工作人员以系统故障为由不予受理，也未告知何时可以办理。',
  },
  {
    window: '15号窗口',
    serviceItem: '租房提取住房公积金',
    dept: 'ZJJD',
    reason: 'hard',
    content: '租房提取要求提供房东身份证复印件，房东长期在外地，无法提供。',
    phone: '+8613612340004',
    name: '孙先生',
    review: { outcome: 'dispatch', note: '转住房公积金管理中心核实租房提取的材料要求，能否以备案合同代替。' },
  },
  {
    window: '3号窗口',
    serviceItem: '新生儿参保登记',
    dept: 'YBJ',
    reason: 'cannot',
    content: '出生医学证明与户口登记信息不一致，医保和公安窗口互相要求对方先改，市民无所适从。',
    phone: '+8618712340005',
    name: '李女士',
  },
];

/**
 * Reports from the service hall's "cannot-get-it-done" window, filed by the demo clerk through the same
 * service as the API, so the clerk's list, the dispatchers' review queue and the tickets all show them;
 * two are already reviewed by the centre.
 */
export async function seedWindowDemo(deps: Deps, ref: ReferenceIds): Promise<void> {
  const clerkId = ref.userByName.get('clerk1');
  const reviewerId = ref.userByName.get('dispatcher1');
  if (!clerkId || !reviewerId) return;
  for (const [i, r] of REPORTS.entries()) {
    const out = await createWindowReport(
      deps,
      {
        hall: HALL,
        window: r.window,
        serviceItem: r.serviceItem,
        departmentId: ref.unitByCode.get(r.dept) ?? null,
        reason: r.reason,
        content: r.content,
        phone: r.phone ?? null,
        name: r.name ?? null,
        anonymous: !r.phone,
      },
      { id: clerkId, kind: 'user' },
      `demo:window:${i}`,
    );
    const review = r.review;
    if (review) {
      await deps.db.transaction((tx) =>
        reviewWindowReport(tx, deps, out.reportId, review, { id: reviewerId, kind: 'user' }, deps.clock.now()),
      );
    }
  }
}
