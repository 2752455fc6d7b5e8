import type { TicketType } from '../../domain/vocabulary.ts';

/** The demo city: a centre, 20 departments, 3 districts with streets and communities. Codes are logins. */
export const CENTRE = { code: 'CENTER', name: '回音市12345政务服务便民热线中心' };

export const DEPARTMENTS: Array<[code: string, name: string]> = [
  ['ZJJ', '市住房和城乡建设局'],
  ['CGJ', '市城市管理局'],
  ['SWJ', '市水务局'],
  ['JTJ', '市交通运输局'],
  ['GAJ', '市公安局'],
  ['SCJGJ', '市市场监督管理局'],
  ['RSJ', '市人力资源和社会保障局'],
  ['YBJ', '市医疗保障局'],
  ['JYJ', '市教育局'],
  ['WJW', '市卫生健康委员会'],
  ['HBJ', '市生态环境局'],
  ['ZRJ', '市自然资源和规划局'],
  ['MZJ', '市民政局'],
  ['NYJ', '市农业农村局'],
  ['WLJ', '市文化旅游广电局'],
  ['XSJ', '市行政审批服务局'],
  ['YJJ', '市应急管理局'],
  ['GDJ', '国网回音供电公司'],
  ['RQJ', '市燃气集团'],
  ['ZJJD', '市住房公积金管理中心'],
];

export const DISTRICTS: Array<{
  code: string;
  name: string;
  streets: Array<{ code: string; name: string; communities: string[] }>;
}> = [
  {
    code: 'CD',
    name: '城东区',
    streets: [
      { code: 'CD01', name: '城东区东风街道', communities: ['东风社区', '朝阳社区'] },
      { code: 'CD02', name: '城东区新华街道', communities: ['新华社区', '建设社区'] },
      { code: 'CD03', name: '城东区龙泉镇', communities: ['龙泉村', '杨柳村'] },
    ],
  },
  {
    code: 'CX',
    name: '城西区',
    streets: [
      { code: 'CX01', name: '城西区西湖街道', communities: ['西湖社区', '湖滨社区'] },
      { code: 'CX02', name: '城西区人民路街道', communities: ['人民社区', '解放社区'] },
      { code: 'CX03', name: '城西区桂花乡', communities: ['桂花村', '石桥村'] },
    ],
  },
  {
    code: 'GX',
    name: '高新区',
    streets: [
      { code: 'GX01', name: '高新区科创街道', communities: ['科创社区', '创业社区'] },
      { code: 'GX02', name: '高新区白沙街道', communities: ['白沙社区', '金沙社区'] },
    ],
  },
];

/** Category leaf: name, default type, handle days, the department usually responsible, sample complaints. */
export interface LeafSpec {
  name: string;
  type: TicketType;
  days: number;
  dept: string;
  samples: string[];
}

export const CATEGORY_TREE: Array<{
  code: string;
  name: string;
  children: Array<{ code: string; name: string; leaves: LeafSpec[] }>;
}> = [
  {
    code: 'CX',
    name: '城乡建设',
    children: [
      {
        code: 'SZ',
        name: '市政设施',
        leaves: [
          {
            name: '路灯',
            type: 'help',
            days: 5,
            dept: 'CGJ',
            samples: ['小区门口路灯坏了一个多星期，晚上很黑不安全', '路灯白天一直亮着，浪费电'],
          },
          {
            name: '道路破损',
            type: 'help',
            days: 5,
            dept: 'CGJ',
            samples: ['路面塌陷出现大坑，电动车经过很危险', '人行道地砖松动翘起，老人容易绊倒'],
          },
          { name: '井盖缺失', type: 'help', days: 3, dept: 'CGJ', samples: ['路口井盖丢失，只用树枝挡着，请尽快处理'] },
          { name: '桥梁隧道', type: 'help', days: 5, dept: 'JTJ', samples: ['桥下通道积水严重，行人无法通过'] },
          { name: '公共厕所', type: 'help', days: 5, dept: 'CGJ', samples: ['公园公厕长期无人打扫，气味很大'] },
        ],
      },
      {
        code: 'WY',
        name: '物业管理',
        leaves: [
          {
            name: '物业服务',
            type: 'complaint',
            days: 5,
            dept: 'ZJJ',
            samples: ['物业收费不公示，服务质量差', '物业不管小区垃圾清运'],
          },
          { name: '电梯故障', type: 'help', days: 3, dept: 'SCJGJ', samples: ['小区电梯经常困人，物业不维修'] },
          {
            name: '维修基金',
            type: 'consultation',
            days: 3,
            dept: 'ZJJ',
            samples: ['想咨询住宅专项维修资金怎么申请使用'],
          },
          { name: '小区停车', type: 'complaint', days: 5, dept: 'ZJJ', samples: ['小区车位只租不售，价格上涨过快'] },
        ],
      },
      {
        code: 'FC',
        name: '房产交易',
        leaves: [
          {
            name: '延期交房',
            type: 'complaint',
            days: 15,
            dept: 'ZJJ',
            samples: ['开发商延期交房已经一年，至今没有说法'],
          },
          { name: '办证难', type: 'complaint', days: 15, dept: 'ZRJ', samples: ['买房五年了还办不了不动产权证'] },
          { name: '房屋租赁', type: 'consultation', days: 3, dept: 'ZJJ', samples: ['公租房申请需要什么条件'] },
          { name: '公积金提取', type: 'consultation', days: 3, dept: 'ZJJD', samples: ['租房提取公积金需要哪些材料'] },
        ],
      },
      {
        code: 'JZ',
        name: '建筑施工',
        leaves: [
          {
            name: '夜间施工噪音',
            type: 'complaint',
            days: 5,
            dept: 'ZJJ',
            samples: ['工地晚上十一点还在施工，噪音扰民无法休息'],
          },
          { name: '违章建筑', type: 'report', days: 15, dept: 'CGJ', samples: ['楼顶有人私自搭建彩钢棚'] },
          { name: '工地扬尘', type: 'complaint', days: 5, dept: 'HBJ', samples: ['工地渣土车不盖篷布，扬尘严重'] },
        ],
      },
    ],
  },
  {
    code: 'SH',
    name: '水电气暖',
    children: [
      {
        code: 'GS',
        name: '供水排水',
        leaves: [
          {
            name: '停水',
            type: 'help',
            days: 1,
            dept: 'SWJ',
            samples: ['小区突然停水一整天，没有提前通知', '家里自来水浑浊发黄'],
          },
          { name: '水压不足', type: 'help', days: 3, dept: 'SWJ', samples: ['高层住户水压不够，热水器打不着'] },
          { name: '下水道堵塞', type: 'help', days: 3, dept: 'SWJ', samples: ['小区下水道堵塞，污水漫到路面'] },
          {
            name: '水费',
            type: 'consultation',
            days: 3,
            dept: 'SWJ',
            samples: ['这个月水费比平时高出很多，怀疑水表有问题'],
          },
        ],
      },
      {
        code: 'GD',
        name: '供电',
        leaves: [
          { name: '停电', type: 'help', days: 1, dept: 'GDJ', samples: ['整栋楼停电三个小时了，什么时候能恢复'] },
          { name: '电压不稳', type: 'help', days: 3, dept: 'GDJ', samples: ['晚上电压不稳，电器经常跳闸'] },
          { name: '电费', type: 'consultation', days: 3, dept: 'GDJ', samples: ['阶梯电价怎么计算'] },
        ],
      },
      {
        code: 'RQ',
        name: '燃气',
        leaves: [
          { name: '燃气泄漏', type: 'help', days: 1, dept: 'RQJ', samples: ['楼道里有很重的燃气味'] },
          { name: '燃气开户', type: 'consultation', days: 3, dept: 'RQJ', samples: ['新房燃气开户需要带什么材料'] },
          { name: '燃气收费', type: 'complaint', days: 5, dept: 'RQJ', samples: ['燃气公司强制更换表具并收费'] },
        ],
      },
    ],
  },
  {
    code: 'JT',
    name: '交通出行',
    children: [
      {
        code: 'GJ',
        name: '公共交通',
        leaves: [
          { name: '公交线路', type: 'suggestion', days: 10, dept: 'JTJ', samples: ['建议增开到高新区的公交线路'] },
          { name: '公交服务', type: 'complaint', days: 5, dept: 'JTJ', samples: ['公交车司机不到站就开走，态度恶劣'] },
          { name: '出租车', type: 'complaint', days: 5, dept: 'JTJ', samples: ['出租车拒载还绕路多收费'] },
          { name: '网约车', type: 'complaint', days: 5, dept: 'JTJ', samples: ['网约车司机中途加价'] },
        ],
      },
      {
        code: 'DL',
        name: '道路交通',
        leaves: [
          { name: '红绿灯', type: 'help', days: 3, dept: 'GAJ', samples: ['路口红绿灯坏了，车辆乱行很危险'] },
          { name: '乱停车', type: 'report', days: 3, dept: 'GAJ', samples: ['车辆长期占用消防通道'] },
          { name: '交通标志', type: 'suggestion', days: 10, dept: 'GAJ', samples: ['学校门口缺少减速带和警示标志'] },
          { name: '违章处理', type: 'consultation', days: 3, dept: 'GAJ', samples: ['异地违章怎么处理'] },
        ],
      },
    ],
  },
  {
    code: 'SB',
    name: '劳动社保',
    children: [
      {
        code: 'LD',
        name: '劳动权益',
        leaves: [
          {
            name: '拖欠工资',
            type: 'complaint',
            days: 15,
            dept: 'RSJ',
            samples: ['工地老板拖欠农民工工资三个月', '公司辞退员工不给补偿'],
          },
          { name: '劳动合同', type: 'consultation', days: 3, dept: 'RSJ', samples: ['试用期可以不签劳动合同吗'] },
          { name: '就业创业', type: 'consultation', days: 3, dept: 'RSJ', samples: ['创业担保贷款怎么申请'] },
        ],
      },
      {
        code: 'SBX',
        name: '社会保险',
        leaves: [
          { name: '养老保险', type: 'consultation', days: 3, dept: 'RSJ', samples: ['养老保险断缴了怎么补缴'] },
          {
            name: '医保报销',
            type: 'consultation',
            days: 3,
            dept: 'YBJ',
            samples: ['异地就医备案怎么办理', '门诊费用报销比例是多少'],
          },
          { name: '医保卡', type: 'help', days: 3, dept: 'YBJ', samples: ['医保卡丢失怎么补办'] },
          { name: '失业保险', type: 'consultation', days: 3, dept: 'RSJ', samples: ['失业金领取条件'] },
        ],
      },
    ],
  },
  {
    code: 'JY',
    name: '教育文化',
    children: [
      {
        code: 'XX',
        name: '学校教育',
        leaves: [
          {
            name: '入学招生',
            type: 'consultation',
            days: 3,
            dept: 'JYJ',
            samples: ['小学入学需要准备哪些材料', '随迁子女入学政策'],
          },
          { name: '校外培训', type: 'report', days: 15, dept: 'JYJ', samples: ['有机构违规开展学科类培训'] },
          { name: '教育收费', type: 'complaint', days: 5, dept: 'JYJ', samples: ['学校强制学生购买教辅资料'] },
          { name: '校园安全', type: 'help', days: 3, dept: 'JYJ', samples: ['学校周边流动摊贩太多，存在安全隐患'] },
        ],
      },
      {
        code: 'WH',
        name: '文化旅游',
        leaves: [
          { name: '景区服务', type: 'complaint', days: 5, dept: 'WLJ', samples: ['景区门票价格与公示不符'] },
          {
            name: '广场舞噪音',
            type: 'complaint',
            days: 5,
            dept: 'CGJ',
            samples: ['广场舞音响太大，晚上九点后还在跳'],
          },
          { name: '文化活动', type: 'consultation', days: 3, dept: 'WLJ', samples: ['图书馆开放时间是几点'] },
        ],
      },
    ],
  },
  {
    code: 'WS',
    name: '医疗卫生',
    children: [
      {
        code: 'YY',
        name: '医院服务',
        leaves: [
          {
            name: '医疗服务',
            type: 'complaint',
            days: 5,
            dept: 'WJW',
            samples: ['医院挂号排队时间太长', '医生态度恶劣'],
          },
          { name: '疫苗接种', type: 'consultation', days: 2, dept: 'WJW', samples: ['流感疫苗在哪里可以打'] },
          { name: '药品价格', type: 'complaint', days: 5, dept: 'YBJ', samples: ['药店药品价格比医院贵很多'] },
        ],
      },
      {
        code: 'SP',
        name: '食品药品',
        leaves: [
          {
            name: '食品安全',
            type: 'report',
            days: 15,
            dept: 'SCJGJ',
            samples: ['餐馆后厨卫生条件很差', '超市销售过期食品'],
          },
          { name: '药品安全', type: 'report', days: 15, dept: 'SCJGJ', samples: ['药店无处方销售处方药'] },
        ],
      },
    ],
  },
  {
    code: 'SC',
    name: '市场监管',
    children: [
      {
        code: 'XF',
        name: '消费维权',
        leaves: [
          {
            name: '预付卡',
            type: 'complaint',
            days: 5,
            dept: 'SCJGJ',
            samples: ['健身房突然关门，办的卡无法退费', '理发店充值卡不能退'],
          },
          { name: '商品质量', type: 'complaint', days: 5, dept: 'SCJGJ', samples: ['买的家电质量问题商家拒绝退换'] },
          { name: '价格欺诈', type: 'report', days: 15, dept: 'SCJGJ', samples: ['商家先涨价再打折'] },
          { name: '虚假广告', type: 'report', days: 15, dept: 'SCJGJ', samples: ['保健品宣传能治病'] },
        ],
      },
      {
        code: 'QY',
        name: '企业登记',
        leaves: [
          { name: '营业执照', type: 'consultation', days: 2, dept: 'XSJ', samples: ['个体户营业执照怎么网上办理'] },
          { name: '企业注销', type: 'consultation', days: 3, dept: 'XSJ', samples: ['公司简易注销需要多长时间'] },
        ],
      },
    ],
  },
  {
    code: 'HJ',
    name: '生态环境',
    children: [
      {
        code: 'WR',
        name: '环境污染',
        leaves: [
          { name: '噪音污染', type: 'complaint', days: 5, dept: 'HBJ', samples: ['楼下饭店排风扇噪音太大'] },
          { name: '大气污染', type: 'complaint', days: 5, dept: 'HBJ', samples: ['附近工厂晚上偷排废气，味道刺鼻'] },
          { name: '水污染', type: 'report', days: 15, dept: 'HBJ', samples: ['河道里有工厂排放的污水'] },
          { name: '油烟扰民', type: 'complaint', days: 5, dept: 'CGJ', samples: ['烧烤摊油烟直冲居民楼'] },
        ],
      },
      {
        code: 'SR',
        name: '市容环卫',
        leaves: [
          {
            name: '垃圾清运',
            type: 'help',
            days: 3,
            dept: 'CGJ',
            samples: ['垃圾桶满了几天没人清运', '垃圾分类点脏乱差'],
          },
          { name: '占道经营', type: 'report', days: 3, dept: 'CGJ', samples: ['商户占用人行道经营'] },
          { name: '绿化养护', type: 'help', days: 5, dept: 'CGJ', samples: ['行道树枝干断裂，随时可能掉落'] },
          { name: '违规广告牌', type: 'report', days: 5, dept: 'CGJ', samples: ['沿街店铺违规设置户外广告'] },
        ],
      },
    ],
  },
  {
    code: 'MZ',
    name: '民政服务',
    children: [
      {
        code: 'SHJZ',
        name: '社会救助',
        leaves: [
          { name: '低保', type: 'consultation', days: 3, dept: 'MZJ', samples: ['低保申请条件和流程'] },
          { name: '临时救助', type: 'help', days: 5, dept: 'MZJ', samples: ['家里突发重病，生活困难，能否申请救助'] },
          {
            name: '养老服务',
            type: 'consultation',
            days: 3,
            dept: 'MZJ',
            samples: ['高龄津贴怎么申请', '社区养老服务中心收费标准'],
          },
        ],
      },
      {
        code: 'HY',
        name: '婚姻殡葬',
        leaves: [
          { name: '婚姻登记', type: 'consultation', days: 2, dept: 'MZJ', samples: ['结婚登记需要预约吗'] },
          { name: '殡葬服务', type: 'consultation', days: 3, dept: 'MZJ', samples: ['公墓价格是否有统一标准'] },
        ],
      },
    ],
  },
  {
    code: 'GA',
    name: '公安政法',
    children: [
      {
        code: 'HZ',
        name: '户籍证件',
        leaves: [
          { name: '户口迁移', type: 'consultation', days: 3, dept: 'GAJ', samples: ['落户需要什么条件'] },
          { name: '身份证办理', type: 'consultation', days: 2, dept: 'GAJ', samples: ['身份证过期了在哪里换'] },
          { name: '出入境', type: 'consultation', days: 3, dept: 'GAJ', samples: ['护照办理需要多长时间'] },
        ],
      },
      {
        code: 'ZA',
        name: '治安管理',
        leaves: [
          { name: '电信诈骗', type: 'report', days: 15, dept: 'GAJ', samples: ['接到冒充客服的诈骗电话'] },
          { name: '治安隐患', type: 'report', days: 5, dept: 'GAJ', samples: ['小区附近有人聚众赌博'] },
        ],
      },
    ],
  },
  {
    code: 'NY',
    name: '农业农村',
    children: [
      {
        code: 'NC',
        name: '农村事务',
        leaves: [
          { name: '农业补贴', type: 'consultation', days: 3, dept: 'NYJ', samples: ['耕地地力保护补贴什么时候发放'] },
          { name: '宅基地', type: 'consultation', days: 5, dept: 'ZRJ', samples: ['农村宅基地建房审批流程'] },
          { name: '农村道路', type: 'help', days: 10, dept: 'JTJ', samples: ['村里道路坑洼多年未修'] },
          { name: '动物防疫', type: 'consultation', days: 3, dept: 'NYJ', samples: ['养殖户生猪防疫怎么登记'] },
        ],
      },
    ],
  },
  {
    code: 'ZW',
    name: '政务服务',
    children: [
      {
        code: 'BS',
        name: '办事服务',
        leaves: [
          {
            name: '办事指南',
            type: 'consultation',
            days: 2,
            dept: 'XSJ',
            samples: ['不动产登记需要哪些材料', '居住证怎么办理'],
          },
          { name: '窗口服务', type: 'complaint', days: 5, dept: 'XSJ', samples: ['窗口工作人员让我跑了三次还没办成'] },
          {
            name: '表扬',
            type: 'praise',
            days: 2,
            dept: 'XSJ',
            samples: ['表扬政务大厅工作人员耐心细致，帮我一次办好'],
          },
          { name: '意见建议', type: 'suggestion', days: 10, dept: 'XSJ', samples: ['建议政务大厅延长周末服务时间'] },
        ],
      },
      {
        code: 'AQ',
        name: '安全生产',
        leaves: [
          { name: '安全隐患', type: 'report', days: 5, dept: 'YJJ', samples: ['商铺违规存放液化气罐'] },
          { name: '消防通道', type: 'report', days: 3, dept: 'YJJ', samples: ['楼道堆放杂物堵塞消防通道'] },
        ],
      },
    ],
  },
];

export const STREET_NAMES = [
  '幸福路',
  '人民路',
  '建设大道',
  '解放路',
  '东风路',
  '湘江路',
  '五一路',
  '劳动路',
  '芙蓉路',
  '文化路',
  '白沙路',
  '科创大道',
];
export const RESIDENCES = [
  '阳光花园',
  '锦绣家园',
  '翠竹小区',
  '和平新村',
  '金色港湾',
  '幸福里',
  '滨江一号',
  '康桥小区',
  '书香门第',
  '东方明珠',
];
export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
];
