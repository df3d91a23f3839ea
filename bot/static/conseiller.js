/* Cap Industrie — conseiller page: argument sheets and conversation syntheses.
 * The token is kept in sessionStorage only and sent as `Authorization: Bearer …`.
 * Everything from the server is rendered with textContent / text nodes (common.js).
 */
(function () {
  'use strict';

  var KEY_TOKEN = 'capIndustrie.conseillerToken';
  var S = window.CapSafe;
  var el = S.el;

  var $ = function (id) { return document.getElementById(id); };
  var els = {
    tokenForm: $('token-form'), token: $('token'), tokenForget: $('token-forget'), tokenStatus: $('token-status'),
    ficheForm: $('fiche-form'), ficheQ: $('fiche-q'), ficheError: $('fiche-error'), ficheResult: $('fiche-result'),
    catalogue: $('catalogue'),
    syntheseForm: $('synthese-form'), conversation: $('conversation'), syntheseError: $('synthese-error'),
    syntheseResult: $('synthese-result'), syntheseActions: $('synthese-actions'),
    download: $('download-md'), print: $('print')
  };
  var current = { conversationId: null };

  // -- token --------------------------------------------------------------------------------------------
  function getToken() {
    try { return window.sessionStorage.getItem(KEY_TOKEN) || ''; } catch (e) { return els.token.value.trim(); }
  }
  function setToken(value) {
    try {
      if (value) { window.sessionStorage.setItem(KEY_TOKEN, value); } else { window.sessionStorage.removeItem(KEY_TOKEN); }
    } catch (e) { /* the field still holds it */ }
  }

  // -- API ----------------------------------------------------------------------------------------------
  function ApiError(message, status) { this.message = message; this.status = status; }

  function api(path, asText) {
    var headers = { 'Accept': asText ? 'text/markdown' : 'application/json' };
    var token = getToken();
    if (token) { headers.Authorization = 'Bearer ' + token; }
    return fetch(path, { headers: headers, credentials: 'same-origin', cache: 'no-store' })
      .catch(function () {
        throw new ApiError('Le serveur Cap Industrie ne répond pas. Vérifiez votre connexion et réessayez.', 0);
      })
      .then(function (resp) {
        if (resp.ok) {
          return asText ? resp.text().then(function (t) { return { text: t, headers: resp.headers }; }) : resp.json();
        }
        return resp.json().catch(function () { return {}; }).then(function (body) {
          throw new ApiError(body && body.erreur ? body.erreur : 'Erreur ' + resp.status + ' : la demande n\'a pas abouti.', resp.status);
        });
      });
  }

  function showError(box, err) {
    box.textContent = err && err.message ? err.message : 'Une erreur inattendue est survenue.';
    box.hidden = false;
  }
  function clearError(box) { box.hidden = true; box.textContent = ''; }

  // -- rendering helpers ----------------------------------------------------------------------------------
  function heading(level, text) { return el('h' + level, null, text); }

  function paragraph(text, className) {
    var p = el('p', className || null);
    S.appendLinkified(p, text);
    return p;
  }

  function list(items, ordered) {
    var ul = el(ordered ? 'ol' : 'ul');
    items.forEach(function (item) {
      var li = el('li');
      if (item instanceof Node) { li.appendChild(item); } else { S.appendLinkified(li, item); }
      ul.appendChild(li);
    });
    return ul;
  }

  function sources(items, note) {
    var wrap = el('div', 'sources');
    wrap.appendChild(heading(4, 'Sources'));
    if (items.length) {
      wrap.appendChild(list(items.map(function (s) {
        var frag = document.createDocumentFragment();
        if (s.pour) { frag.appendChild(document.createTextNode(s.pour + ' : ')); }
        var href = s.url ? S.safeHref(s.url) : null;
        frag.appendChild(href ? S.link(href, s.titre || s.court) : document.createTextNode(s.titre || s.court));
        return frag;
      })));
    }
    if (note) { wrap.appendChild(el('p', 'sources__note', note)); }
    return wrap;
  }

  // -- argument sheet --------------------------------------------------------------------------------------
  function renderSheet(sheet) {
    var box = els.ficheResult;
    box.textContent = '';
    var head = el('header', 'result__head');
    head.appendChild(heading(3, sheet.titre));
    var tags = el('p', 'tags');
    tags.appendChild(el('span', 'tag', sheet.type === 'metier' ? 'Métier' : 'Dispositif'));
    if (sheet.type === 'metier') {
      if (sheet.rome) { tags.appendChild(el('span', 'tag', 'ROME ' + sheet.rome)); }
      if (sheet.en_tension) { tags.appendChild(el('span', 'tag tag--hot', 'Métier en tension')); }
      if (sheet.mrs) { tags.appendChild(el('span', 'tag', 'Souvent sans diplôme')); }   // not "recrute par la MRS": no source says it
    } else {
      if (sheet.sigle) { tags.appendChild(el('span', 'tag', sheet.sigle)); }
      tags.appendChild(el('span', 'tag' + (sheet.statut === 'actif' ? ' tag--ok' : ' tag--warn'), 'Statut : ' + sheet.statut));
    }
    head.appendChild(tags);
    box.appendChild(head);

    if (sheet.arguments && sheet.arguments.length) {
      var args = el('div', 'callout');
      args.appendChild(heading(4, 'À retenir'));
      args.appendChild(list(sheet.arguments));
      box.appendChild(args);
    }
    (sheet.sections || []).forEach(function (sec) {
      var s = el('section', 'block');
      s.appendChild(heading(4, sec.titre));
      if (sec.texte) { s.appendChild(paragraph(sec.texte)); }
      if (sec.liste && sec.liste.length) { s.appendChild(list(sec.liste)); }
      box.appendChild(s);
    });
    if (sheet.secteurs && sheet.secteurs.length) {
      box.appendChild(paragraph('Secteurs : ' + sheet.secteurs.join(', ') + '.', 'muted'));
    }
    if ((sheet.sources && sheet.sources.length) || sheet.note_sources) {
      box.appendChild(sources(sheet.sources || [], sheet.note_sources));
    }
    box.hidden = false;
  }

  function searchSheet(ev) {
    ev.preventDefault();
    clearError(els.ficheError);
    var q = els.ficheQ.value.trim();
    if (!q) {
      showError(els.ficheError, { message: 'Indiquez un métier ou un dispositif à rechercher.' });
      els.ficheQ.focus();
      return;
    }
    els.ficheResult.hidden = true;
    api('/api/conseiller/fiche?q=' + encodeURIComponent(q))
      .then(renderSheet)
      .catch(function (err) { els.ficheResult.textContent = ''; showError(els.ficheError, err); });
  }

  // -- synthesis ---------------------------------------------------------------------------------------------
  function renderSynthesis(syn) {
    var box = els.syntheseResult;
    box.textContent = '';
    var head = el('header', 'result__head');
    head.appendChild(heading(3, 'Synthèse de la conversation'));
    var idLine = el('p', 'muted');
    idLine.appendChild(document.createTextNode('N° '));
    idLine.appendChild(el('code', null, syn.conversation_id));
    head.appendChild(idLine);
    box.appendChild(head);

    var prof = el('section', 'block');
    prof.appendChild(heading(4, 'Profil'));
    if (syn.profil && syn.profil.length) {
      var dl = el('dl', 'profile');
      syn.profil.forEach(function (row) {
        dl.appendChild(el('dt', null, row.label));
        dl.appendChild(el('dd', null, row.valeur));
      });
      prof.appendChild(dl);
    } else {
      prof.appendChild(paragraph('Rien de renseigné.', 'muted'));
    }
    if (syn.publics && syn.publics.length) {
      prof.appendChild(paragraph('Publics : ' + syn.publics.join(', ') + '.'));
    }
    box.appendChild(prof);

    var met = el('section', 'block');
    met.appendChild(heading(4, 'Métiers proposés'));
    if (syn.metiers && syn.metiers.length) {
      met.appendChild(list(syn.metiers.map(function (m) {
        var frag = document.createDocumentFragment();
        frag.appendChild(el('strong', null, m.label));
        frag.appendChild(document.createTextNode(' — ' + m.raisons + '.'));
        if (m.realite) { frag.appendChild(el('span', 'realite', 'Réalité : ' + m.realite)); }
        return frag;
      })));
    } else {
      met.appendChild(paragraph('Aucun métier proposé pour l\'instant.', 'muted'));
    }
    box.appendChild(met);

    var disp = el('section', 'block');
    disp.appendChild(heading(4, 'Dispositifs'));
    if (syn.dispositifs && syn.dispositifs.length) {
      disp.appendChild(list(syn.dispositifs.map(function (d) {
        var frag = document.createDocumentFragment();
        frag.appendChild(el('strong', null, d.nom));
        frag.appendChild(document.createTextNode(' '));
        frag.appendChild(el('span', 'tag' + (/accessible/.test(d.statut) ? ' tag--ok' : ' tag--warn'), d.statut));
        if (d.detail) {
          var detail = el('span', 'detail');
          S.appendLinkified(detail, d.detail);
          frag.appendChild(detail);
        }
        return frag;
      })));
    } else {
      disp.appendChild(paragraph('Aucun dispositif abordé.', 'muted'));
    }
    box.appendChild(disp);

    var evt = el('section', 'block');
    evt.appendChild(heading(4, 'Événements proposés'));
    if (syn.evenements && syn.evenements.length) {
      evt.appendChild(list(syn.evenements));
    } else {
      evt.appendChild(paragraph('Aucun événement proposé.', 'muted'));
    }
    box.appendChild(evt);

    if (syn.orientation) {
      var ori = el('section', 'block');
      ori.appendChild(heading(4, 'Orientation : ' + (syn.orientation.organisme_label || syn.orientation.organisme)));
      ori.appendChild(paragraph(syn.orientation.pourquoi));
      ori.appendChild(paragraph(syn.orientation.comment));
      box.appendChild(ori);
    }

    var next = el('section', 'block');
    next.appendChild(heading(4, 'Prochaines étapes'));
    next.appendChild(list(syn.prochaines_etapes || [], true));
    box.appendChild(next);

    box.hidden = false;
    els.syntheseActions.hidden = false;
  }

  function loadSynthesis(ev) {
    ev.preventDefault();
    clearError(els.syntheseError);
    els.syntheseResult.hidden = true;
    els.syntheseResult.textContent = '';
    els.syntheseActions.hidden = true;
    current.conversationId = null;
    var id = els.conversation.value.replace(/\s+/g, '');
    if (!id) {
      showError(els.syntheseError, { message: 'Indiquez le numéro de conversation que la personne vous a donné.' });
      els.conversation.focus();
      return;
    }
    api('/api/conseiller/synthese/' + encodeURIComponent(id))
      .then(function (syn) { current.conversationId = id; renderSynthesis(syn); })
      .catch(function (err) { showError(els.syntheseError, err); });
  }

  function downloadMarkdown() {
    if (!current.conversationId) { return; }
    clearError(els.syntheseError);
    api('/api/conseiller/synthese/' + encodeURIComponent(current.conversationId) + '?format=md', true)
      .then(function (res) {
        var name = 'synthese-cap-industrie.md';
        var cd = res.headers.get('Content-Disposition') || '';
        var m = cd.match(/filename="([^"]+)"/);
        if (m) { name = m[1]; }
        var blob = new Blob([res.text], { type: 'text/markdown;charset=utf-8' });
        var url = URL.createObjectURL(blob);
        var a = document.createElement('a');
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      })
      .catch(function (err) { showError(els.syntheseError, err); });
  }

  function printSynthesis() {
    document.body.classList.add('printing-synthese');
    window.print();
  }
  window.addEventListener('afterprint', function () { document.body.classList.remove('printing-synthese'); });

  // -- catalogue (suggestions for the search field) -----------------------------------------------------------
  function loadCatalogue() {
    api('/api/conseiller/catalogue').then(function (cat) {
      els.catalogue.textContent = '';
      (cat.metiers || []).concat(cat.dispositifs || []).forEach(function (item) {
        var opt = document.createElement('option');
        opt.value = item.label;
        els.catalogue.appendChild(opt);
      });
    }).catch(function () { /* suggestions are optional */ });
  }

  function checkToken(announce) {
    return api('/api/conseiller/verifier').then(function () {
      els.tokenStatus.className = 'status status--ok';
      els.tokenStatus.textContent = 'Jeton accepté : vous pouvez consulter les fiches et les synthèses.';
      clearError(els.ficheError);
      clearError(els.syntheseError);
      loadCatalogue();
    }).catch(function (err) {
      if (!announce && err.status === 401 && !getToken()) {
        els.tokenStatus.className = 'status';
        els.tokenStatus.textContent = 'Saisissez votre jeton pour commencer.';
        return;
      }
      els.tokenStatus.className = 'status status--error';
      els.tokenStatus.textContent = err.message;
    });
  }

  els.tokenForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var value = els.token.value.trim();
    setToken(value);
    els.token.value = '';
    checkToken(true);
  });
  els.tokenForget.addEventListener('click', function () {
    setToken('');
    els.token.value = '';
    els.catalogue.textContent = '';
    els.ficheResult.hidden = true; els.ficheResult.textContent = '';
    els.syntheseResult.hidden = true; els.syntheseResult.textContent = '';
    els.syntheseActions.hidden = true;
    current.conversationId = null;
    els.tokenStatus.className = 'status';
    els.tokenStatus.textContent = 'Jeton oublié.';
  });
  els.ficheForm.addEventListener('submit', searchSheet);
  els.syntheseForm.addEventListener('submit', loadSynthesis);
  els.download.addEventListener('click', downloadMarkdown);
  els.print.addEventListener('click', printSynthesis);

  if (getToken()) {
    checkToken(false);
  } else {
    els.tokenStatus.textContent = 'Saisissez votre jeton pour commencer.';
  }
}());
