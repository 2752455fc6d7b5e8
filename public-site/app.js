// 12345 citizen page: complaint form and status lookup. Plain browser JavaScript, no build step.
(() => {
  const $ = (id) => document.getElementById(id);
  const tabs = { complaint: $('tab-complaint'), status: $('tab-status') };

  function show(name) {
    for (const [key, tab] of Object.entries(tabs)) {
      const on = key === name;
      tab.setAttribute('aria-selected', String(on));
      $(key).hidden = !on;
    }
  }
  tabs.complaint.addEventListener('click', () => show('complaint'));
  tabs.status.addEventListener('click', () => show('status'));

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
  }
  // One key per complaint: a double tap or a retry after a lost answer returns the same ticket.
  let idempotencyKey = newKey();

  function clearErrors(form) {
    for (const p of form.querySelectorAll('.err')) p.textContent = '';
    for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
  }

  function fieldError(form, field, message) {
    const p = form.querySelector(`.err[data-for="${field}"]`);
    const input = form.querySelector(`[name="${field}"]`);
    if (input) input.classList.add('invalid');
    if (p) {
      p.textContent = message;
      return true;
    }
    return false;
  }

  async function callApi(url, init) {
    let res;
    try {
      res = await fetch(url, init);
    } catch {
      return { ok: false, message: '网络连接失败，请检查网络后重试' };
    }
    const body = await res.json().catch(() => null);
    if (res.ok) return { ok: true, body };
    if (res.status === 429) {
      const wait = Number(res.headers.get('Retry-After') || 60);
      const minutes = Math.max(1, Math.ceil(wait / 60));
      return { ok: false, message: `操作过于频繁，请约 ${minutes} 分钟后再试，或直接拨打 12345` };
    }
    const err = body?.error ? body.error : null;
    return {
      ok: false,
      status: res.status,
      fields: err?.fields ? err.fields : [],
      message: err ? err.message : `服务暂时不可用（${res.status}），请稍后再试`,
    };
  }

  const form = $('complaint-form');
  const content = $('content');
  content.addEventListener('input', () => {
    $('count').textContent = String(content.value.length);
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    $('form-error').textContent = '';
    const data = {
      phone: $('phone').value.trim(),
      content: content.value.trim(),
      confidential: $('confidential').checked,
    };
    for (const f of ['name', 'title', 'address', 'email', 'type']) {
      const v = $(f).value.trim();
      if (v) data[f] = v;
    }
    let bad = false;
    if (!data.phone) bad = fieldError(form, 'phone', '请填写手机号码') || true;
    if (data.content.length < 5) bad = fieldError(form, 'content', '反映内容至少 5 个字') || true;
    if (bad) return;
    const button = $('submit');
    button.disabled = true;
    button.textContent = '正在提交…';
    const r = await callApi('/api/public/complaints', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(data),
    });
    button.disabled = false;
    button.textContent = '提交';
    if (!r.ok) {
      let shown = false;
      for (const f of r.fields || []) shown = fieldError(form, f.path, f.message) || shown;
      if (!shown) $('form-error').textContent = r.message;
      return;
    }
    $('done-no').textContent = r.body.ticketNo;
    $('done-code').textContent = r.body.queryCode;
    form.hidden = true;
    $('done').hidden = false;
    idempotencyKey = newKey();
  });

  $('done-again').addEventListener('click', () => {
    form.reset();
    $('count').textContent = '0';
    form.hidden = false;
    $('done').hidden = true;
  });
  $('done-status').addEventListener('click', () => {
    $('ticketNo').value = $('done-no').textContent;
    $('code').value = $('done-code').textContent;
    show('status');
    lookup();
  });

  const statusForm = $('status-form');
  function fmt(iso) {
    const d = new Date(iso);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }

  async function lookup() {
    clearErrors(statusForm);
    $('status-error').textContent = '';
    $('result').hidden = true;
    const no = $('ticketNo').value.replace(/\s/g, '');
    const code = $('code').value.trim().toUpperCase();
    let bad = false;
    if (!/^\d{14}$/.test(no)) bad = fieldError(statusForm, 'ticketNo', '工单号为 14 位数字') || true;
    if (code.length < 4) bad = fieldError(statusForm, 'code', '请填写查询码') || true;
    if (bad) return;
    const r = await callApi(`/api/public/tickets/${no}?code=${encodeURIComponent(code)}`, { method: 'GET' });
    if (!r.ok) {
      $('status-error').textContent = r.status === 404 ? '没有找到该工单，请核对工单号和查询码' : r.message;
      return;
    }
    const t = r.body;
    $('r-title').textContent = t.title;
    $('r-status').textContent = t.statusLabel;
    $('r-meta').textContent = `${t.typeLabel} · ${t.channelLabel} · ${fmt(t.createdAt)} 受理`;
    const list = $('r-timeline');
    list.textContent = '';
    for (const m of t.timeline) {
      const li = document.createElement('li');
      const time = document.createElement('time');
      time.textContent = fmt(m.at);
      li.append(time, document.createTextNode(m.label));
      list.append(li);
    }
    $('r-reply-box').hidden = !t.reply;
    $('r-reply').textContent = t.reply || '';
    $('result').hidden = false;
  }
  statusForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    lookup();
  });

  // Links from SMS: /status?ticketNo=…&code=… lands here with the lookup filled in.
  const params = new URLSearchParams(location.search);
  if (params.get('ticketNo')) $('ticketNo').value = params.get('ticketNo');
  if (params.get('code')) $('code').value = params.get('code');
  if (location.hash === '#status' || params.get('ticketNo')) {
    show('status');
    if (params.get('ticketNo') && params.get('code')) lookup();
  }
})();
