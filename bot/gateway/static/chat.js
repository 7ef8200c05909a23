// Demo wallet chat. Everything from the server is inserted with textContent, never as HTML.
"use strict";
(function () {
  const log = document.getElementById("log");
  const statusEl = document.getElementById("status");
  const picker = document.getElementById("debtor");
  const viaLink = document.getElementById("link"); // a chat link does not prove identity
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const wallet = document.getElementById("wallet");
  const walletCode = document.getElementById("wallet-code-text");
  let ws = null;
  let token = null;
  let conversationId = null;
  let retry = 0;
  // Resume after a dropped socket: every transcript message has an id; the server sends
  // everything after the highest one we have. `pending` holds our own not-yet-confirmed
  // messages so a resume does not show them twice.
  let lastId = 0;
  let seen = new Set();
  let pending = [];

  function add(author, text) {
    const div = document.createElement("div");
    div.className = "msg " + author;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function addButtons(buttons) {
    const row = document.createElement("div");
    row.className = "buttons";
    for (const b of buttons) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b.title;
      btn.addEventListener("click", () => {
        row.querySelectorAll("button").forEach((x) => { x.disabled = true; });
        if (b.payload.startsWith("wallet://pay")) { pay(b.payload); } else { send(b.payload, b.title); }
      });
      row.appendChild(btn);
    }
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  }

  function show(messages, author) {
    for (const m of messages || []) {
      if (m.id !== undefined) {
        if (seen.has(m.id)) continue;
        seen.add(m.id);
        lastId = Math.max(lastId, m.id);
      }
      if (m.author === "debtor" && pending.length && pending[0] === m.text) {
        pending.shift(); // already on screen: we showed it when we sent it
        continue;
      }
      // author: bot, agent (a person from the team, styled apart) or system notices
      if (m.text) add(m.author || author, m.text);
      if (m.buttons && m.buttons.length) addButtons(m.buttons);
    }
  }

  // The demo plays the wallet: the pay button settles the request through the signed webhook,
  // and the confirmation arrives as a push like a real one would.
  function pay(deeplink) {
    const id = new URL(deeplink.replace("wallet://", "https://wallet/")).searchParams.get("request");
    statusEl.textContent = "Paying in the wallet…";
    fetch("/v1/demo/payment-requests/" + encodeURIComponent(id) + "/pay", {
      method: "POST", headers: { Authorization: "Bearer " + token },
    }).then((r) => { statusEl.textContent = r.ok ? "" : "Payment failed"; })
      .catch(() => { statusEl.textContent = "Payment failed"; });
  }

  function connect() {
    if (!token) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    // Switching debtors closes the old socket; its late events must not touch the new
    // conversation (nor reconnect it), so every handler first checks it is still current.
    const socket = new WebSocket(scheme + "://" + location.host + "/v1/chat/ws");
    ws = socket;
    socket.addEventListener("open", () => {
      if (ws === socket) socket.send(JSON.stringify({ type: "auth", token: token }));
    });
    socket.addEventListener("message", (ev) => {
      if (ws !== socket) return;
      const data = JSON.parse(ev.data);
      if (data.type === "ready") {
        statusEl.textContent = ""; retry = 0;
        form.dataset.connected = "true"; // authenticated: what is sent now is handled
        if (conversationId) {
          socket.send(JSON.stringify({ type: "resume", conversation_id: conversationId, after_id: lastId }));
        }
      }
      else if (data.type === "reply" || data.type === "push") {
        if (data.type === "reply" && data.message_id !== undefined) {
          seen.add(data.message_id);
          lastId = Math.max(lastId, data.message_id);
          pending.shift();
        }
        if (data.conversation_id) conversationId = data.conversation_id;
        show(data.messages, "bot");
      } else if (data.type === "error") { statusEl.textContent = data.error; }
    });
    socket.addEventListener("close", () => {
      if (ws !== socket) return; // replaced on purpose, not dropped
      statusEl.textContent = "Reconnecting…";
      form.dataset.connected = "false";
      setTimeout(() => { if (ws === socket) connect(); }, Math.min(5000, 500 * 2 ** retry++));
    });
  }

  function send(text, shown) {
    if (!ws || ws.readyState !== WebSocket.OPEN) { statusEl.textContent = "Not connected yet"; return; }
    add("debtor", shown || text);
    pending.push(text);
    const frame = { type: "message", text: text };
    if (conversationId) frame.conversation_id = conversationId;
    ws.send(JSON.stringify(frame));
  }

  // Playing the wallet app beside a chat link: the signed-in app asks for a one-time code
  // (with the wallet's own token, which the link does not carry) and shows it.
  function showWalletCode() {
    const option = picker.selectedOptions[0];
    if (!option) return;
    walletCode.textContent = "…";
    fetch("/v1/identity/codes", {
      method: "POST", headers: { Authorization: "Bearer " + option.dataset.token },
    }).then((r) => r.ok ? r.json() : Promise.reject(r.status))
      .then((body) => {
        walletCode.textContent = body.code.slice(0, 3) + " " + body.code.slice(3) + "  (10 min)";
      })
      .catch(() => { walletCode.textContent = "no code (try again)"; });
  }
  document.getElementById("wallet-code").addEventListener("click", showWalletCode);

  function choose() {
    const option = picker.selectedOptions[0];
    wallet.hidden = !viaLink.checked;
    walletCode.textContent = "";
    token = option ? (viaLink.checked ? option.dataset.linkToken : option.dataset.token) : null;
    conversationId = null;
    lastId = 0; seen = new Set(); pending = [];
    log.replaceChildren();
    document.documentElement.lang = option && option.dataset.locale.startsWith("zh") ? "zh-Hans" : "en";
    input.placeholder = document.documentElement.lang === "zh-Hans" ? "输入消息…" : "Type a message…";
    form.dataset.connected = "false";
    if (ws) { const old = ws; ws = null; old.close(); }
    connect();
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  picker.addEventListener("change", choose);
  viaLink.addEventListener("change", choose);

  fetch("/v1/demo/debtors").then((r) => r.json()).then((body) => {
    for (const d of body.debtors || []) {
      const option = document.createElement("option");
      option.value = d.id;
      option.textContent = d.name + " (" + d.locale + ")";
      option.dataset.token = d.token;
      option.dataset.linkToken = d.link_token;
      option.dataset.locale = d.locale;
      picker.appendChild(option);
    }
    choose();
  }).catch(() => { statusEl.textContent = "Demo debtors unavailable"; });
})();
