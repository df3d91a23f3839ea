/* Cap Industrie — public chat page.
 *
 * Talks to Rasa's socket.io channel through this page's own server (bot/server.py proxies /socket.io;
 * credentials.yml, session_persistence: true):
 *   connect → emit session_request {session_id: <stored id or null>} → session_confirm <id>
 *   emit user_uttered {message, session_id} ; receive bot_uttered {text, quick_replies?}
 * The session id joins the conversation: it stays in this page (localStorage) and is never shown.
 * The number shown to give a conseiller comes from POST /api/numero (a keyed hash of the session id).
 * The page forgets its conversation after RETENTION_DAYS without activity (cfg.retentionDays), as the
 * server does, and on "Nouvelle conversation".
 * Every text (user's or bot's) is put in the page with textContent / text nodes: never innerHTML.
 */
(function () {
  'use strict';

  var KEY_SESSION = 'capIndustrie.sessionId';
  var KEY_HISTORY = 'capIndustrie.history';
  var KEY_LAST_ACTIVE = 'capIndustrie.lastActive';
  var KEY_NUMBER = 'capIndustrie.number';
  var DAY_MS = 24 * 3600 * 1000;
  var MAX_HISTORY = 300;
  var REPLY_TIMEOUT_MS = 30000;
  var GREETING = '/greet';

  var cfg = window.CAP_CONFIG || {};
  var els = {
    messages: document.getElementById('messages'),
    scroll: document.getElementById('scroll'),
    typing: document.getElementById('typing'),
    banner: document.getElementById('banner'),
    form: document.getElementById('composer'),
    input: document.getElementById('message'),
    newConv: document.getElementById('new-conversation'),
    sessionId: document.getElementById('session-id'),
    copy: document.getElementById('copy-session'),
    copyStatus: document.getElementById('copy-status')
  };

  var state = {
    sessionId: null,
    number: null,         // the conversation number given to a conseiller (not the session id)
    history: [],          // [{from: 'user'|'bot', text, buttons?: [{title, payload}], answered?: bool}]
    socket: null,
    confirmed: false,
    queue: [],            // messages typed before the session is confirmed
    greetOnConfirm: false,
    replyTimer: null
  };

  // -- storage (may be unavailable: private browsing, disabled cookies) ---------------------------
  function storageGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* the chat still works, unsaved */ }
  }
  function storageRemove(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
  }

  function forgetIfExpired() {
    var days = Number(cfg.retentionDays) || 30;
    var last = Number(storageGet(KEY_LAST_ACTIVE)) || 0;
    if (storageGet(KEY_SESSION) && (!last || Date.now() - last > days * DAY_MS)) {
      // the server has deleted (or will delete) this conversation: do not show it to the next person
      storageRemove(KEY_SESSION);
      storageRemove(KEY_HISTORY);
      storageRemove(KEY_LAST_ACTIVE);
      storageRemove(KEY_NUMBER);
    }
  }

  function touch() {
    storageSet(KEY_LAST_ACTIVE, String(Date.now()));
  }

  function loadState() {
    forgetIfExpired();
    var id = storageGet(KEY_SESSION);
    state.sessionId = id && /^[A-Za-z0-9_.:@-]{1,128}$/.test(id) ? id : null;
    var number = storageGet(KEY_NUMBER);
    state.number = state.sessionId && number && /^[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(number) ? number : null;
    var raw = storageGet(KEY_HISTORY);
    var saved = null;
    try { saved = raw ? JSON.parse(raw) : null; } catch (e) { saved = null; }
    if (saved && Array.isArray(saved.messages) && saved.sessionId === state.sessionId) {
      state.history = saved.messages.filter(function (m) {
        return m && (m.from === 'user' || m.from === 'bot') && typeof m.text === 'string';
      });
    } else {
      state.history = [];
    }
  }

  function saveHistory() {
    if (state.history.length > MAX_HISTORY) {
      state.history = state.history.slice(state.history.length - MAX_HISTORY);
    }
    storageSet(KEY_HISTORY, JSON.stringify({ sessionId: state.sessionId, messages: state.history }));
    touch();
  }

  // -- safe rendering (see common.js) -------------------------------------------------------------
  var appendLinkified = window.CapSafe.appendLinkified;

  function scrollToEnd() {
    els.scroll.scrollTop = els.scroll.scrollHeight;
  }

  /** After a bot reply: show its beginning when the whole reply does not fit, else the end. */
  function scrollToReply() {
    var users = els.messages.querySelectorAll('.msg--user');
    var lastUser = users.length ? users[users.length - 1] : null;
    var first = lastUser ? lastUser.nextElementSibling : els.messages.firstElementChild;
    if (!first) { scrollToEnd(); return; }
    var top = first.offsetTop - 12;  // .chat__scroll is the offsetParent
    if (els.scroll.scrollHeight - top > els.scroll.clientHeight) {
      els.scroll.scrollTop = Math.max(0, top);
    } else {
      scrollToEnd();
    }
  }

  function renderMessage(entry, index, animate) {
    var wrap = document.createElement('div');
    wrap.className = 'msg msg--' + entry.from + (animate ? ' msg--new' : '');
    wrap.setAttribute('data-from', entry.from);
    var bubble = document.createElement('p');
    bubble.className = 'msg__bubble';
    var who = document.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = entry.from === 'user' ? 'Vous : ' : 'Cap Industrie : ';
    bubble.appendChild(who);
    if (entry.from === 'bot') {
      appendLinkified(bubble, entry.text);
    } else {
      bubble.appendChild(document.createTextNode(entry.text));
    }
    wrap.appendChild(bubble);
    if (entry.from === 'bot' && entry.buttons && entry.buttons.length && !entry.answered) {
      wrap.appendChild(renderQuickReplies(entry, index));
    }
    els.messages.appendChild(wrap);
  }

  function renderQuickReplies(entry, index) {
    var group = document.createElement('div');
    group.className = 'quick-replies';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', 'Réponses proposées');
    entry.buttons.forEach(function (b) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'btn quick-reply';
      btn.textContent = b.title;
      btn.setAttribute('data-payload', b.payload);
      btn.addEventListener('click', function () {
        sendMessage(b.payload, b.title);
        els.input.focus();
      });
      group.appendChild(btn);
    });
    group.setAttribute('data-index', String(index));
    return group;
  }

  function renderAll() {
    els.messages.textContent = '';
    state.history.forEach(function (entry, i) { renderMessage(entry, i, false); });
    scrollToEnd();
  }

  /** Once the person answers, older quick replies disappear (their choice is shown as a message). */
  function retireQuickReplies() {
    var changed = false;
    state.history.forEach(function (m) {
      if (m.buttons && m.buttons.length && !m.answered) { m.answered = true; changed = true; }
    });
    var groups = els.messages.querySelectorAll('.quick-replies');
    Array.prototype.forEach.call(groups, function (g) { g.parentNode.removeChild(g); });
    return changed;
  }

  function addEntry(entry) {
    state.history.push(entry);
    saveHistory();
    renderMessage(entry, state.history.length - 1, true);
    if (entry.from === 'bot') { scrollToReply(); } else { scrollToEnd(); }
  }

  // -- banner & typing indicator --------------------------------------------------------------------
  function showBanner(text) {
    els.banner.textContent = text;
    els.banner.hidden = false;
  }
  function hideBanner() {
    els.banner.hidden = true;
    els.banner.textContent = '';
  }

  function showTyping() {
    els.typing.hidden = false;
    scrollToEnd();
    clearTimeout(state.replyTimer);
    state.replyTimer = setTimeout(function () {
      hideTyping();
      showBanner('Cap Industrie met du temps à répondre. Patientez un instant ou renvoyez votre message.');
    }, REPLY_TIMEOUT_MS);
  }
  function hideTyping() {
    els.typing.hidden = true;
    clearTimeout(state.replyTimer);
  }

  function showSessionId() {
    if (state.number) {
      els.sessionId.textContent = state.number;
      els.copy.hidden = false;
    } else {
      els.sessionId.textContent = 'en cours de connexion…';
      els.copy.hidden = true;
    }
  }

  // -- sending ----------------------------------------------------------------------------------------
  function emit(text) {
    state.socket.emit('user_uttered', { message: text, session_id: state.sessionId });
  }

  /** Send `payload` to the bot; show `display` (default: the payload) as the person's message. */
  function sendMessage(payload, display) {
    var text = (payload || '').trim();
    if (!text) { return; }
    retireQuickReplies();
    addEntry({ from: 'user', text: display != null ? display : text });
    if (state.socket && state.socket.connected && state.confirmed) {
      emit(text);
    } else {
      state.queue.push(text);
      if (!els.banner.hidden || !state.socket) {
        showBanner('Votre message sera envoyé dès que la connexion avec Cap Industrie sera rétablie.');
      }
    }
    showTyping();
  }

  function flushQueue() {
    while (state.queue.length) { emit(state.queue.shift()); }
  }

  // -- receiving --------------------------------------------------------------------------------------
  function buttonsOf(msg) {
    var raw = msg.quick_replies || msg.buttons || [];
    if (!Array.isArray(raw)) { return []; }
    return raw.filter(function (b) {
      return b && typeof b.title === 'string' && typeof b.payload === 'string';
    }).map(function (b) { return { title: b.title, payload: b.payload }; });
  }

  function onBotUttered(msg) {
    hideTyping();
    hideBanner();
    if (!msg || typeof msg !== 'object') { return; }
    var text = typeof msg.text === 'string' ? msg.text : '';
    var attachment = msg.attachment;
    if (!text && attachment && attachment.payload && typeof attachment.payload.src === 'string') {
      text = 'Document : ' + attachment.payload.src;
    }
    var buttons = buttonsOf(msg);
    if (!text && !buttons.length) { return; }
    addEntry({ from: 'bot', text: text, buttons: buttons });
  }

  // -- connection -------------------------------------------------------------------------------------
  function requestSession() {
    state.confirmed = false;
    state.socket.emit('session_request', { session_id: state.sessionId });
  }

  function fetchNumber(id) {
    if (!window.fetch) { return; }
    window.fetch('/api/numero', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ session_id: id }),
      credentials: 'same-origin'
    }).then(function (resp) { return resp.ok ? resp.json() : null; })
      .then(function (data) {
        if (data && typeof data.numero === 'string' && id === state.sessionId) {
          state.number = data.numero;
          storageSet(KEY_NUMBER, data.numero);
          routeBy(data.numero);
          showSessionId();
        }
      })
      .catch(function () { /* shown at the next connection */ });
  }

  // with several Rasa instances, bot/server.py sends every socket of a conversation to the same one,
  // chosen by its number (not a secret): used from the next (re)connection on
  function routeBy(number) {
    if (state.socket && state.socket.io && state.socket.io.opts) {
      state.socket.io.opts.query = number ? { r: number } : {};
    }
  }

  function onSessionConfirm(data) {
    var id = data && typeof data === 'object' ? data.session_id : data;
    if (typeof id !== 'string' || !id) { return; }
    if (id !== state.sessionId) {
      state.sessionId = id;
      state.number = null;
      storageRemove(KEY_NUMBER);
      storageSet(KEY_SESSION, id);
      saveHistory();
    }
    state.confirmed = true;
    hideBanner();
    showSessionId();
    if (!state.number) { fetchNumber(id); }
    if (state.greetOnConfirm && !state.history.length && !state.queue.length) {
      // a brand-new conversation: ask the bot for its welcome message (not shown as a message of the person)
      state.greetOnConfirm = false;
      emit(GREETING);
      showTyping();
    }
    flushQueue();
  }

  function connect() {
    if (typeof window.io !== 'function') {
      showBanner('La discussion n\'a pas pu se charger. Rechargez la page ; si le problème continue, revenez un peu plus tard.');
      return;
    }
    state.greetOnConfirm = !state.history.length;
    var socket = window.io(window.location.origin, {
      path: cfg.socketPath || '/socket.io',
      query: state.number ? { r: state.number } : {},
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 8000,
      timeout: 10000
    });
    state.socket = socket;
    socket.on('connect', requestSession);
    socket.on('session_confirm', onSessionConfirm);
    socket.on('bot_uttered', onBotUttered);
    socket.on('connect_error', function () {
      state.confirmed = false;
      hideTyping();
      showBanner('Impossible de joindre Cap Industrie pour le moment. Vérifiez votre connexion : nous réessayons automatiquement.');
    });
    socket.on('disconnect', function (reason) {
      state.confirmed = false;
      if (reason !== 'io client disconnect') {
        showBanner('La connexion avec Cap Industrie est interrompue. Nous réessayons automatiquement…');
      }
    });
  }

  function newConversation() {
    hideTyping();
    hideBanner();
    state.history = [];
    state.queue = [];
    state.sessionId = null;
    state.number = null;
    routeBy(null);
    storageRemove(KEY_SESSION);
    storageRemove(KEY_HISTORY);
    storageRemove(KEY_LAST_ACTIVE);
    storageRemove(KEY_NUMBER);
    renderAll();
    showSessionId();
    state.greetOnConfirm = true;
    if (state.socket) {
      // reconnect to leave the old conversation's room; on connect, session_request without an id
      // makes Rasa open a new conversation and confirm its number
      state.confirmed = false;
      state.socket.disconnect();
      state.socket.connect();
    } else {
      connect();
    }
    els.input.focus();
  }

  function copySessionId() {
    var id = state.number;
    if (!id) { return; }
    var done = function () { els.copyStatus.textContent = 'Numéro copié.'; els.copy.textContent = 'Copié !'; };
    var fail = function () {
      var range = document.createRange();
      range.selectNodeContents(els.sessionId);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      els.copyStatus.textContent = 'Numéro sélectionné : copiez-le avec Ctrl+C.';
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(id).then(done, fail);
    } else {
      fail();
    }
    setTimeout(function () { els.copy.textContent = 'Copier'; }, 2000);
  }

  // -- start --------------------------------------------------------------------------------------------
  els.form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = els.input.value;
    if (!text.trim()) { els.input.focus(); return; }
    els.input.value = '';
    sendMessage(text);
  });
  els.newConv.addEventListener('click', newConversation);
  els.copy.addEventListener('click', copySessionId);

  loadState();
  renderAll();
  showSessionId();
  connect();
}());
