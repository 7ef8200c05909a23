// Agent console. Anything that came from a debtor (or from the server at all) is inserted
// with textContent, never as HTML: a debtor can type <script> and it must stay text.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const state = {
    me: null,
    csrf: null,
    filter: "open",
    queue: [],
    current: null, // the open handoff's detail
    revealed: false,
    ws: null,
    retry: 0,
    refreshTimer: null,
    detailTimer: null,
  };

  // -- helpers ------------------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function toast(message) {
    const box = $("toast");
    box.textContent = message;
    box.classList.add("show");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => box.classList.remove("show"), 3000);
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
    const response = await fetch(path, {
      method: method,
      headers: headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const error = new Error((data && data.error) || ("HTTP " + response.status));
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function digits(currency) {
    try {
      return new Intl.NumberFormat("en", { style: "currency", currency: currency })
        .resolvedOptions().maximumFractionDigits;
    } catch (e) { return 2; }
  }

  function money(minor, currency) {
    const value = Number(minor) / Math.pow(10, digits(currency));
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency: currency }).format(value);
    } catch (e) { return value.toFixed(2) + " " + currency; }
  }

  function toMinor(text, currency) {
    const cleaned = String(text).replace(/[,\s]/g, "");
    if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
    const [whole, frac = ""] = cleaned.split(".");
    const d = digits(currency);
    if (frac.length > d) return null;
    return Number(whole) * Math.pow(10, d) + Number((frac + "0".repeat(d)).slice(0, d) || 0);
  }

  function ago(iso) {
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 60) return seconds + "s";
    if (seconds < 3600) return Math.floor(seconds / 60) + "m " + (seconds % 60) + "s";
    return Math.floor(seconds / 3600) + "h " + Math.floor((seconds % 3600) / 60) + "m";
  }

  // Mirrors bot/handoff/policy.py sla_status so the colours move between refreshes.
  function sla(handoff) {
    const s = handoff.sla;
    if (s.met !== null && s.met !== undefined) {
      return { colour: s.met ? "green" : "red", label: s.met ? "answered in time" : "answered late" };
    }
    const left = Math.floor((Date.parse(s.due_at) - Date.now()) / 1000);
    const colour = left <= 0 ? "red" : left <= s.seconds_total * 0.5 ? "amber" : "green";
    const abs = Math.abs(left);
    const text = Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
    return { colour: colour, label: left <= 0 ? "overdue " + text : text + " left" };
  }

  // -- login ----------------------------------------------------------------------------------

  function showLogin() {
    $("app-view").hidden = true;
    $("login-view").hidden = false;
    if (state.ws) { const old = state.ws; state.ws = null; old.close(); }
  }

  function showApp() {
    $("login-view").hidden = true;
    $("app-view").hidden = false;
    $("who").textContent = state.me.name + " (" + state.me.role + ")";
    loadQueue();
    connect();
  }

  $("login-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("login-error").textContent = "";
    try {
      const body = await api("POST", "/v1/agent/login", {
        name: $("login-name").value, password: $("login-password").value,
      });
      state.me = body.agent;
      state.csrf = body.csrf_token;
      $("login-password").value = "";
      showApp();
    } catch (e) {
      $("login-error").textContent = e.message;
    }
  });

  $("logout").addEventListener("click", async () => {
    try { await api("POST", "/v1/agent/logout", {}); } catch (e) { /* the session is gone anyway */ }
    state.me = null; state.csrf = null; state.current = null;
    $("detail").hidden = true;
    showLogin();
  });

  // -- queue ----------------------------------------------------------------------------------

  async function loadQueue() {
    try {
      const body = await api("GET", "/v1/agent/handoffs?status=" + encodeURIComponent(state.filter));
      state.queue = body.handoffs;
      renderQueue();
    } catch (e) {
      if (e.status === 401) showLogin(); else toast(e.message);
    }
  }

  function scheduleQueueRefresh() {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(loadQueue, 150);
  }

  // Same order as the server's queue: priority, then longest waiting, then id.
  function queueOrder(a, b) {
    return a.priority - b.priority || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
  }

  function showNew(handoff) {
    state.queue = state.queue.filter((h) => h.id !== handoff.id).concat([handoff]).sort(queueOrder);
    renderQueue();
  }

  function renderQueue() {
    const list = $("queue");
    list.replaceChildren();
    for (const h of state.queue) {
      const li = el("li", "queue-item");
      li.dataset.id = h.id;
      li.dataset.reason = h.reason;
      if (state.current && state.current.handoff.id === h.id) li.classList.add("selected");
      li.appendChild(el("span", "prio", "P" + h.priority));
      li.appendChild(el("span", "badge reason-" + h.reason, h.reason));
      li.appendChild(el("span", "sla", ""));
      li.appendChild(el("span", "headline", h.headline || ""));
      const who = h.claimed_by ? " · " + h.claimed_by : "";
      const callback = h.callback_requested ? " · callback" : "";
      li.appendChild(el("span", "meta", h.debtor_id + " · " + h.status + who + callback + " · waiting " + ago(h.created_at)));
      li.addEventListener("click", () => openDetail(h.id));
      list.appendChild(li);
    }
    $("queue-empty").hidden = state.queue.length > 0;
    tick();
  }

  function tick() {
    const items = $("queue").children;
    for (let i = 0; i < items.length; i++) {
      const h = state.queue[i];
      if (!h) continue;
      const s = sla(h);
      items[i].classList.remove("sla-green", "sla-amber", "sla-red");
      items[i].classList.add("sla-" + s.colour);
      items[i].querySelector(".sla").textContent = s.label;
      items[i].querySelector(".meta").textContent = items[i].querySelector(".meta").textContent
        .replace(/waiting .*$/, "waiting " + ago(h.created_at));
    }
    if (state.current) {
      const s = sla(state.current.handoff);
      const box = $("d-sla");
      box.className = "sla sla-" + s.colour;
      box.textContent = s.label;
    }
  }
  setInterval(tick, 1000);

  $("queue-filter").addEventListener("change", () => {
    state.filter = $("queue-filter").value;
    loadQueue();
  });

  // -- one handoff ------------------------------------------------------------------------------

  async function openDetail(id, keepReveal) {
    if (!keepReveal) { state.revealed = false; $("reveal").checked = false; }
    try {
      const body = state.revealed
        ? await api("POST", "/v1/agent/handoffs/" + encodeURIComponent(id) + "/reveal", {})
        : await api("GET", "/v1/agent/handoffs/" + encodeURIComponent(id));
      state.current = body;
      renderDetail();
      renderQueue();
    } catch (e) {
      toast(e.message);
    }
  }

  function refreshDetail() {
    if (!state.current) return;
    clearTimeout(state.detailTimer);
    state.detailTimer = setTimeout(() => openDetail(state.current.handoff.id, true), 150);
  }

  function renderDetail() {
    const d = state.current;
    const h = d.handoff;
    $("detail").hidden = false;
    $("d-title").textContent = "Debtor " + h.debtor_id + " · " + (d.conversation.locale || "");
    $("d-reason").textContent = h.reason + " · P" + h.priority;
    $("d-reason").className = "badge reason-" + h.reason;
    $("d-status").textContent = h.status + (h.claimed_by ? " by " + h.claimed_by : "");
    $("d-callback").hidden = !h.callback_requested;
    $("claim").hidden = h.status !== "open";
    $("reassign-box").hidden = !(state.me.role === "supervisor" && h.status === "claimed");
    if (!$("reassign-box").hidden) loadAgents(h.claimed_by);
    const canWork = d.can_work;
    for (const id of ["reply-text", "reply-send", "canned", "outcome", "return-to", "resolve"]) $(id).disabled = !canWork;
    for (const form of document.querySelectorAll(".act button, .act select, .act input")) form.disabled = !canWork;
    renderSummary(d);
    renderTranscript(d.transcript);
    renderNotes(d.notes);
    renderLedger(d.ledger);
    renderCanned(d.canned);
    tick();
  }

  // Lexicon regexes are long and unreadable: a short form is enough to say why.
  function evidence(text) {
    const value = String(text);
    if (!value.startsWith("re:")) return value;
    return value.length > 48 ? "pattern " + value.slice(3, 48) + "…" : "pattern " + value.slice(3);
  }

  function row(dl, label, value) {
    dl.appendChild(el("dt", "", label));
    dl.appendChild(el("dd", "", value));
  }

  function renderSummary(d) {
    const s = d.summary || {};
    const box = $("d-summary");
    box.replaceChildren();
    const dl = el("dl");
    row(dl, "Why", s.headline || d.handoff.reason);
    row(dl, "Asked", (s.asked || []).join("\n") || "—");
    row(dl, "Intents", (s.intents || []).join(", ") || "—");
    row(dl, "Signals", (s.signals || []).map((x) => x.kind + " (" + x.source + "): " + evidence(x.evidence)).join("\n") || "—");
    const slots = s.slots;
    row(dl, "Slots", slots === null || slots === undefined ? "assistant unreachable"
      : Object.keys(slots).map((k) => k + " = " + JSON.stringify(slots[k])).join("\n") || "—");
    box.appendChild(dl);
  }

  function renderTranscript(messages) {
    const list = $("transcript");
    list.replaceChildren();
    for (const m of messages) appendMessage(m);
  }

  function appendMessage(m) {
    const list = $("transcript");
    if (list.querySelector('[data-id="' + Number(m.id) + '"]')) return;
    const li = el("li", m.author);
    li.dataset.id = String(Number(m.id));
    li.appendChild(el("span", "who", m.author + " · " + new Date(m.created_at || Date.now()).toLocaleTimeString()));
    li.appendChild(document.createTextNode(m.text));
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }

  function renderNotes(notes) {
    const list = $("notes");
    list.replaceChildren();
    for (const n of notes) {
      list.appendChild(el("li", n.kind, n.author + " · " + new Date(n.at).toLocaleString() + "\n" + n.text));
    }
  }

  function renderCanned(canned) {
    const select = $("canned");
    select.replaceChildren(el("option", "", "Canned replies…"));
    select.firstChild.value = "";
    for (const c of canned || []) {
      const option = el("option", "", c.title);
      option.value = c.text;
      select.appendChild(option);
    }
  }

  const shownAccounts = new Map();  // account id → the snapshot's account, for the action forms

  function renderLedger(ledger) {
    const box = $("ledger");
    box.replaceChildren();
    shownAccounts.clear();
    const selects = document.querySelectorAll(".act-account");
    selects.forEach((s) => s.replaceChildren());
    if (!ledger) { box.appendChild(el("p", "muted", "No ledger record.")); return; }
    const debtor = ledger.debtor;
    box.appendChild(el("div", "", debtor.name + " · " + debtor.locale + " · " + debtor.timezone));
    const flags = el("div", "flags");
    for (const [name, value] of Object.entries(debtor.flags || {})) {
      if (!value) continue;
      const label = value === true ? name : name.replace(/_until$/, "") + " until " + new Date(value).toLocaleDateString();
      flags.appendChild(el("span", "on", label.replace(/_/g, " ") + "  "));
    }
    if (!flags.childNodes.length) flags.textContent = "no flags";
    box.appendChild(flags);
    for (const a of ledger.accounts || []) {
      shownAccounts.set(a.id, a);
      const card = el("div", "account");
      card.appendChild(el("div", "", a.product + " ••" + a.number_last4 + " · " + a.status + " · " + a.days_past_due + " days past due"));
      card.appendChild(el("div", "balance", money(a.balance_minor, a.currency)));
      const items = el("ul");
      const it = a.itemization || {};
      for (const [k, v] of Object.entries(it)) items.appendChild(el("li", "", k.replace("_minor", "") + ": " + money(v, a.currency)));
      for (const dsp of a.disputes || []) items.appendChild(el("li", "", "dispute " + dsp.reference + ": " + dsp.reason + " · " + dsp.status));
      if (a.active_plan) items.appendChild(el("li", "", "plan " + a.active_plan.kind + " · " + money(a.active_plan.total_minor, a.currency) + " · " + a.active_plan.status));
      for (const p of a.promises || []) items.appendChild(el("li", "", "promise " + money(p.amount_minor, p.currency) + " on " + p.date + " · " + p.status));
      card.appendChild(items);
      box.appendChild(card);
      selects.forEach((s) => {
        const option = el("option", "", a.product + " ••" + a.number_last4);
        option.value = a.id;
        option.dataset.currency = a.currency;
        s.appendChild(option);
      });
    }
  }

  async function loadAgents(current) {
    try {
      const body = await api("GET", "/v1/agent/agents");
      const select = $("reassign-to");
      select.replaceChildren();
      for (const a of body.agents) {
        if (a.name === current || !a.active) continue;
        const option = el("option", "", a.name + (a.online ? " (online)" : ""));
        option.value = a.name;
        select.appendChild(option);
      }
    } catch (e) { toast(e.message); }
  }

  // -- actions --------------------------------------------------------------------------------

  function currentPath(suffix) {
    return "/v1/agent/handoffs/" + encodeURIComponent(state.current.handoff.id) + suffix;
  }

  async function act(work, done) {
    try {
      const result = await work();
      if (done) toast(done);
      await openDetail(state.current.handoff.id, true);
      loadQueue();
      return result;
    } catch (e) {
      toast(e.message);
      return null;
    }
  }

  $("claim").addEventListener("click", () => act(() => api("POST", currentPath("/claim"), {}), "Claimed"));
  $("reassign").addEventListener("click", () => act(
    () => api("POST", currentPath("/reassign"), { agent: $("reassign-to").value }), "Reassigned"));

  $("canned").addEventListener("change", () => {
    if ($("canned").value) $("reply-text").value = $("canned").value;
    $("canned").value = "";
  });

  $("reply-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("reply-text").value.trim();
    if (!text) return;
    act(() => api("POST", currentPath("/messages"), { text: text }))
      .then((r) => { if (r) $("reply-text").value = ""; });
  });

  $("resolve-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const body = { outcome: $("outcome").value.trim(), return_to: $("return-to").value };
    act(() => api("POST", currentPath("/resolve"), body), "Resolved")
      .then((r) => { if (r) $("outcome").value = ""; });
  });

  $("note-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("note-text").value.trim();
    if (!text) return;
    act(() => api("POST", currentPath("/notes"), { text: text }))
      .then((r) => { if (r) $("note-text").value = ""; });
  });

  $("reveal").addEventListener("change", () => {
    state.revealed = $("reveal").checked;
    if (state.current) openDetail(state.current.handoff.id, true);
  });

  function accountOf(form) {
    const select = form.querySelector(".act-account");
    const option = select.selectedOptions[0];
    return option ? { id: option.value, currency: option.dataset.currency } : null;
  }

  function idempotencyKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return "console-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function ledgerAction(action, body, done) {
    const result = await act(() => api("POST", currentPath("/ledger/" + action), body), done);
    $("act-result").textContent = result ? done : "";
    return result;
  }

  $("act-dispute").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const account = accountOf(ev.target);
    if (!account) return;
    const body = { account_id: account.id, reason: $("dispute-reason").value, idempotency_key: idempotencyKey() };
    if ($("dispute-details").value.trim()) body.details = $("dispute-details").value.trim();
    ledgerAction("dispute", body, "Dispute opened");
  });

  $("act-promise").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const account = accountOf(ev.target);
    if (!account) return;
    const minor = toMinor($("promise-amount").value, account.currency);
    if (minor === null || minor <= 0) { toast("Enter an amount like 50.00"); return; }
    const body = {
      account_id: account.id, date: $("promise-date").value, amount_minor: minor,
      reminder_consent: $("promise-reminder").checked, idempotency_key: idempotencyKey(),
    };
    // One pending promise per account: recording another changes it, after the agent confirms.
    const shown = shownAccounts.get(account.id) || {};
    const pending = (shown.promises || []).find((p) => p.status === "pending");
    if (pending) {
      const old = money(pending.amount_minor, pending.currency) + " on " + pending.date;
      if (!window.confirm("This replaces the pending promise of " + old + ".")) return;
      body.replaces = pending.id;
    }
    ledgerAction("promise", body, pending ? "Promise changed" : "Promise recorded");
  });

  $("plan-quote").addEventListener("click", async () => {
    const form = $("act-plan");
    const account = accountOf(form);
    if (!account) return;
    try {
      const body = await api("POST", currentPath("/ledger/plan_quote"), { account_id: account.id, frequency: $("plan-frequency").value });
      const select = $("plan-option");
      select.replaceChildren();
      for (const o of (body.ledger && body.ledger.options) || []) {
        const n = (o.installments || []).length;
        const option = el("option", "", o.kind + " · " + n + " × " + (n ? money(o.installments[0].amount_minor, o.currency) : "") + " · total " + money(o.total_minor, o.currency));
        option.value = o.option_id;
        select.appendChild(option);
      }
      select.hidden = $("plan-accept").hidden = !select.children.length;
      if (!select.children.length) toast("No plan options for this account");
    } catch (e) { toast(e.message); }
  });

  $("act-plan").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const account = accountOf(ev.target);
    if (!account || !$("plan-option").value) return;
    ledgerAction("plan", {
      account_id: account.id, option_id: $("plan-option").value,
      frequency: $("plan-frequency").value, idempotency_key: idempotencyKey(),
    }, "Plan accepted").then(() => { $("plan-option").hidden = $("plan-accept").hidden = true; });
  });

  // -- live updates ---------------------------------------------------------------------------

  function connect() {
    if (state.ws || !state.me) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(scheme + "://" + location.host + "/v1/agent/ws");
    state.ws = ws;
    ws.addEventListener("message", (ev) => {
      const data = JSON.parse(ev.data);
      if (data.type === "ready") {
        $("live").classList.remove("off");
        state.retry = 0;
        loadQueue(); // anything that happened while disconnected
      } else if (data.type === "handoff") {
        // A new handoff shows at once (seconds count in a crisis); the refresh confirms it.
        if (data.event === "created" && state.filter === "open") showNew(data.handoff);
        scheduleQueueRefresh();
        if (state.current && state.current.handoff.id === data.handoff.id) refreshDetail();
      } else if (data.type === "message") {
        scheduleQueueRefresh();
        if (state.current && state.current.handoff.id === data.handoff_id) {
          // Live text is masked; a revealed view asks the server again (audited once).
          if (state.revealed) refreshDetail(); else appendMessage(data.message);
        }
      }
    });
    ws.addEventListener("close", () => {
      $("live").classList.add("off");
      if (state.ws !== ws) return;
      state.ws = null;
      if (!state.me) return;
      setTimeout(connect, Math.min(5000, 500 * Math.pow(2, state.retry++)));
    });
  }

  // -- start ----------------------------------------------------------------------------------

  api("GET", "/v1/agent/me").then((body) => {
    state.me = body.agent;
    state.csrf = body.csrf_token;
    showApp();
  }).catch(() => showLogin());
})();
