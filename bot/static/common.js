/* Cap Industrie — small helpers shared by the chat and the conseiller page.
 * Text always goes into the page as text nodes (never innerHTML); links are real <a> elements
 * with an http(s) address only, opened in a new tab with rel="noopener noreferrer".
 */
(function () {
  'use strict';

  // http(s) links, www.… and bare domains with a common TLD (e.g. « francetravail.fr »)
  var LINK_RE = /\bhttps?:\/\/[^\s<>"'«»]+|\bwww\.[^\s<>"'«»]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:gouv\.fr|fr|com|org|net|eu|info)(?:\/[^\s<>"'«»]*)?(?![\w@-])/gi;
  var TRAILING = /[.,;:!?)\]'"»…]+$/;

  function safeHref(raw) {
    var href = /^https?:\/\//i.test(raw) ? raw : 'https://' + raw;
    try {
      var url = new URL(href);
      if (url.protocol === 'http:' || url.protocol === 'https:') { return url.href; }
    } catch (e) { /* not a URL */ }
    return null;
  }

  function link(href, text) {
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  /** Append `text` to `parent` as text nodes, with web addresses turned into links. */
  function appendLinkified(parent, text) {
    text = String(text == null ? '' : text);
    var last = 0;
    var match;
    LINK_RE.lastIndex = 0;
    while ((match = LINK_RE.exec(text)) !== null) {
      var start = match.index;
      var found = match[0];
      if (start > 0 && text.charAt(start - 1) === '@') { continue; }  // part of an e-mail address
      var trail = found.match(TRAILING);
      if (trail) { found = found.slice(0, found.length - trail[0].length); }
      var href = found ? safeHref(found) : null;
      if (!href) { continue; }
      if (start > last) { parent.appendChild(document.createTextNode(text.slice(last, start))); }
      parent.appendChild(link(href, found));
      last = start + found.length;
      LINK_RE.lastIndex = last;
    }
    if (last < text.length) { parent.appendChild(document.createTextNode(text.slice(last))); }
    return parent;
  }

  /** document.createElement with a class and a text content. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text != null) { node.textContent = String(text); }
    return node;
  }

  window.CapSafe = Object.freeze({ appendLinkified: appendLinkified, safeHref: safeHref, link: link, el: el });
}());
