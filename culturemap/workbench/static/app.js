/* culturemap workbench: the page. Plain JS, no libraries, nothing loaded from the network.
 * Every key is saved at once through the JSON API (see the README's API table). */
"use strict";

const PHRASES = {
  nl: {
    interviews: "Interviews", codebook: "Codeboek", loops: "Lussen", similar: "Meer zoals dit", undo: "Ongedaan maken",
    search: "Zoeken ( / )", keys: "Toetsen", close: "Sluiten", negatedLabel: "ontkend (bv. 'we vieren nooit iets')",
    newCode: "Nieuwe code", codeId: "Id", codeLabel: "Naam", codeKind: "Soort", codeEffect: "Effect", create: "Aanmaken",
    signQuestion: "Teken van het verband: + (meer A, meer B) of \u2212 (meer A, minder B)?",
    pickerHint: "Typ om te zoeken \u00b7 \u2191\u2193 kiezen \u00b7 Enter bevestigen \u00b7 Esc annuleren",
    similarHint: "j/k kiezen \u00b7 a overnemen \u00b7 r afwijzen \u00b7 Esc terug",
    pickTag: "Code voor deze tekst", pickChange: "Andere code", pickEffect: "Effect van", newCodeFor: "+ Nieuwe code",
    open: "open", accepted: "geaccepteerd", rejected: "afgewezen", manual: "handmatig", suggested: "voorstel",
    affirmed: "bevestigd", denied: "ontkend", enabling: "bevorderend", hindering: "belemmerend", ambivalent: "ambivalent",
    value: "waarde", belief: "overtuiging", behaviour: "gedrag", outcome: "uitkomst",
    accept: "accepteren", reject: "afwijzen", change: "andere code", flip: "ontkenning omdraaien", link: "verband",
    more: "meer zoals dit", saved: "Opgeslagen", noItem: "Geen voorstel gekozen: j/k gaat naar het volgende.",
    nothingOpen: "Geen open voorstellen meer in dit interview.", selectFirst: "Selecteer eerst woorden van de geinterviewde.",
    interviewerTurn: "Beurten van de interviewer worden nooit gecodeerd.", noLoops: "Nog geen lussen.",
    like: "lijkt op", shared: "gedeelde woorden", learned: "geleerd", thisTag: "deze tag", busy: "Even bezig, opnieuw\u2026",
    stale: "Dit transcript is gewijzigd sinds het laatst getagd werd. Draai 'culturemap tag' om de codes opnieuw te verankeren.",
    notTagged: "Nog niet getagd: je kunt wel handmatig coderen.", noSimilar: "Niets gevonden dat erop lijkt.",
    sign: "teken", cause: "oorzaak", changed: "Bijgewerkt vanuit de opdrachtregel.",
    k_next: "volgend / vorig voorstel", k_sent: "volgende / vorige zin", k_accept: "accepteren", k_reject: "afwijzen",
    k_change: "andere code", k_flip: "ontkenning omdraaien", k_undo: "laatste besluit ongedaan maken",
    k_tag: "selectie of zin coderen (code kiezen)", k_extend: "selectie woord voor woord groter / kleiner",
    k_link: "verband tekenen vanaf deze code", k_more: "meer zoals dit", k_search: "zoeken", k_interview: "vorig / volgend interview",
    k_help: "deze hulp",
  },
  en: {
    interviews: "Interviews", codebook: "Codebook", loops: "Loops", similar: "More like this", undo: "Undo",
    search: "Search ( / )", keys: "Keys", close: "Close", negatedLabel: "negated (e.g. 'we never celebrate')",
    newCode: "New code", codeId: "Id", codeLabel: "Label", codeKind: "Kind", codeEffect: "Effect", create: "Create",
    signQuestion: "Sign of the link: + (more A, more B) or \u2212 (more A, less B)?",
    pickerHint: "Type to search \u00b7 \u2191\u2193 choose \u00b7 Enter confirm \u00b7 Esc cancel",
    similarHint: "j/k choose \u00b7 a take \u00b7 r reject \u00b7 Esc back",
    pickTag: "Code for this text", pickChange: "Another code", pickEffect: "Effect of", newCodeFor: "+ New code",
    open: "open", accepted: "accepted", rejected: "rejected", manual: "manual", suggested: "suggested",
    affirmed: "affirmed", denied: "denied", enabling: "enabling", hindering: "hindering", ambivalent: "ambivalent",
    value: "value", belief: "belief", behaviour: "behaviour", outcome: "outcome",
    accept: "accept", reject: "reject", change: "change code", flip: "flip negation", link: "link",
    more: "more like this", saved: "Saved", noItem: "No suggestion chosen: j/k goes to the next one.",
    nothingOpen: "No open suggestions left in this interview.", selectFirst: "Select words of the interviewee first.",
    interviewerTurn: "Interviewer turns are never coded.", noLoops: "No loops yet.",
    like: "like", shared: "shared words", learned: "learned", thisTag: "this tag", busy: "Busy, trying again\u2026",
    stale: "This transcript changed since it was last tagged. Run 'culturemap tag' to re-anchor the codes.",
    notTagged: "Not tagged yet: you can still code by hand.", noSimilar: "Nothing found that looks like it.",
    sign: "sign", cause: "cause", changed: "Updated from the command line.",
    k_next: "next / previous suggestion", k_sent: "next / previous sentence", k_accept: "accept", k_reject: "reject",
    k_change: "change code", k_flip: "flip negation", k_undo: "undo the last decision",
    k_tag: "code the selection or sentence (pick a code)", k_extend: "grow / shrink the selection by a word",
    k_link: "draw a link from this code", k_more: "more like this", k_search: "search", k_interview: "previous / next interview",
    k_help: "this help",
  },
};
const KEYS = [["j / k", "k_next"], ["\u2193 / \u2191", "k_sent"], ["a", "k_accept"], ["r", "k_reject"], ["c", "k_change"],
  ["x", "k_flip"], ["u", "k_undo"], ["t / Enter", "k_tag"], ["Shift+\u2192 / \u2190", "k_extend"], ["l", "k_link"],
  ["m", "k_more"], ["/", "k_search"], ["[ / ]", "k_interview"], ["?", "k_help"]];
const KINDS = ["value", "belief", "behaviour", "outcome"];
const EFFECTS = ["enabling", "hindering", "ambivalent"];

const S = {
  lang: "nl", interviews: [], codes: [], byId: {}, current: null, data: null, items: [], focus: null,
  cursor: -1, similar: null, simFocus: 0, picker: null, search: "", searchFrom: 0,
  nav: 0,   // bumped by every move of the user: a save that ends later does not pull the focus back
};
const $ = (id) => document.getElementById(id);
const T = (k) => (PHRASES[S.lang] || PHRASES.en)[k] || k;

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "colour") e.style.setProperty("--c", v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
  return e;
}

// distinct colours, given to the codes in codebook order (a code keeps its colour while the codebook keeps its order)
const PALETTE = ["#d1495b", "#2e86ab", "#e8a33d", "#3c9d5d", "#8e5ec9", "#d1701f", "#1b998b", "#c0508f",
  "#5c7cfa", "#8a9a2b", "#a0522d", "#00838f", "#b3467a", "#6d6875", "#4f772d", "#bc6c25"];
function colour(code) {
  const i = S.codes.findIndex((c) => c.id === code);
  if (i >= 0) return PALETTE[i % PALETTE.length];
  let h = 0;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h} 55% 45%)`;
}
const keyStr = (item) => JSON.stringify(item.key);
const label = (code) => (S.byId[code] ? S.byId[code].label : code);

// ------------------------------------------------------------------ API

async function api(method, path, body, retried) {
  const opts = { method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
  if (body !== undefined) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
  const r = await fetch(path, opts);
  let data = null;
  try { data = await r.json(); } catch (e) { data = null; }
  if (!r.ok) {
    const err = (data && data.error) || { code: "", message: `${r.status}` };
    if (err.code === "E304" && !retried) {
      say(T("busy"));
      await new Promise((res) => setTimeout(res, 1500));
      return api(method, path, body, true);
    }
    const e = new Error(err.message);
    e.code = err.code;
    throw e;
  }
  return data;
}

function say(text, isError) {
  const s = $("status");
  s.textContent = text || "";
  s.classList.toggle("error", !!isError);
}

async function guarded(fn) {
  try { return await fn(); } catch (e) { say(e.message, true); if (e.code === "E312" || e.code === "E315") await reload(); return null; }
}

// ------------------------------------------------------------------ loading

async function start() {
  const meta = await api("GET", "/api/meta");
  S.lang = meta.language === "en" ? "en" : "nl";
  document.documentElement.lang = S.lang;
  if (meta.title) $("title").textContent = meta.title;
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = T(e.dataset.i18n);
  for (const e of document.querySelectorAll("[data-i18n-placeholder]")) e.placeholder = T(e.dataset.i18nPlaceholder);
  $("help-keys").replaceChildren(...KEYS.flatMap(([k, p]) => [el("dt", {}, el("kbd", { text: k })), el("dd", { text: T(p) })]));
  $("new-kind").replaceChildren(...KINDS.map((k) => el("option", { value: k, text: T(k) })));
  $("new-effect").replaceChildren(...EFFECTS.map((k) => el("option", { value: k, text: T(k) })));
  wire();
  await loadCodebook();
  await loadInterviews();
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = S.interviews.find((i) => i.id === wanted) || S.interviews.find((i) => i.progress.open) || S.interviews[0];
  if (first) await openInterview(first.id);
  loadLoops();
  setInterval(() => { if (document.visibilityState === "visible" && !busyUI()) refresh(); }, 10000);
  window.addEventListener("focus", () => { if (!busyUI()) refresh(); });
}

async function loadCodebook() {
  S.codes = await api("GET", "/api/codebook");
  S.byId = Object.fromEntries(S.codes.map((c) => [c.id, c]));
  $("codebook").replaceChildren(...S.codes.map((c) => el("li", { title: `${c.id} \u00b7 ${T(c.kind)} \u00b7 ${T(c.effect)}` },
    el("span", { class: "swatch", colour: colour(c.id) }), el("span", { text: c.label }),
    el("span", { class: "n", title: `${c.accepted} ${T("accepted")}, ${c.open} ${T("open")}`, text: `${c.accepted} \u2713${c.open ? " \u00b7 " + c.open + " " + T("open") : ""}` }))));
}

async function loadInterviews() {
  S.interviews = await api("GET", "/api/interviews");
  $("interview-list").replaceChildren(...S.interviews.map((i) => {
    const p = i.progress, total = Math.max(p.total, 1);
    const bar = el("div", { class: "progress" }, ...["accepted", "manual", "rejected"].map((k) => {
      const s = el("span", { class: k }); s.style.width = `${(100 * p[k]) / total}%`; return s; }));
    return el("li", { class: i.id === S.current ? "active" : "", "data-id": i.id, onclick: () => openInterview(i.id) },
      el("div", {}, el("strong", { text: i.id }), " ", el("span", { class: "group", text: [i.group, i.role].filter(Boolean).join(" \u00b7 ") })),
      bar, el("div", { class: "counts", text: `${p.open} ${T("open")} \u00b7 ${p.accepted} \u2713 \u00b7 ${p.rejected} \u2717 \u00b7 ${p.manual} ${T("manual")}` }));
  }));
}

async function loadLoops() {
  const loops = await guarded(() => api("GET", "/api/loops"));
  if (!loops) return;
  $("loops").replaceChildren(...(loops.length ? loops.map((l) => el("li", {},
    el("strong", { text: `${l.id} ` }), l.nodes.map(label).join(" \u2192 ") + " \u2192 " + label(l.nodes[0]))) : [el("li", { class: "hint", text: T("noLoops") })]));
}

async function openInterview(id) {
  S.current = id;
  S.focus = null; S.cursor = -1; closeSimilar();
  history.replaceState(null, "", `#${encodeURIComponent(id)}`);
  await reload();
  const first = S.items.find((i) => i.status === "suggested" && !i.orphaned);
  if (first) setFocus(first);
  for (const li of $("interview-list").children) li.classList.toggle("active", li.dataset.id === id);
  $("transcript").focus();
}

async function reload() {
  if (!S.current) return;
  show(await api("GET", `/api/interviews/${encodeURIComponent(S.current)}`));
}

function show(data) {
  S.data = data;
  S.items = [...data.tags, ...data.links].filter((i) => !i.orphaned)
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.cause ? 1 : 0) - (b.cause ? 1 : 0));
  if (S.focus && !S.items.some((i) => keyStr(i) === S.focus)) S.focus = null;
  $("where").textContent = [data.id, data.group, data.role].filter(Boolean).join(" \u00b7 ");
  render();
}

// what another side (terminal review, accept-all, a re-tag) changed: shown without disturbing a selection
async function refresh() {
  if (!S.current || running) return;
  await guarded(async () => {
    await loadInterviews();
    const data = await api("GET", `/api/interviews/${encodeURIComponent(S.current)}`);
    if (JSON.stringify(data) === JSON.stringify(S.data)) return;
    if (running || !window.getSelection().isCollapsed) return;
    show(data);
    say(T("changed"));
    await Promise.all([loadCodebook(), loadLoops()]);
  });
}

const busyUI = () => !$("picker").hidden || !$("help").hidden || document.activeElement === $("search");

// ------------------------------------------------------------------ rendering

function render() {
  const d = S.data, text = d.text, box = $("transcript");
  const kids = [];
  if (d.stale) kids.push(el("p", { class: "stale", text: T("stale") }));
  if (!d.tags.length && !d.links.length) kids.push(el("p", { class: "hint", text: T("notTagged") }));
  const tagsIn = (s, e) => d.tags.filter((t) => !t.orphaned && t.start < e && s < t.end);
  for (const seg of d.segments) {
    const turn = el("div", { class: "turn" + (seg.interviewer ? " interviewer" : "") }, el("span", { class: "speaker", text: seg.speaker ? seg.speaker + ":" : "" }));
    if (seg.interviewer) {
      turn.append(el("span", { text: text.slice(seg.start, seg.end) }));
    } else {
      let pos = seg.start;
      const sents = d.sentences.filter(([s, e]) => s >= seg.start && e <= seg.end);
      for (const [s, e] of sents) {
        if (s > pos) turn.append(piece(text, pos, s));
        turn.append(sentence(text, s, e, tagsIn(s, e)));
        for (const item of S.items) if (item.end > s && item.end <= e && item.end <= seg.end) turn.append(chip(item));
        pos = e;
      }
      if (pos < seg.end) turn.append(piece(text, pos, seg.end));
    }
    kids.push(turn);
  }
  box.replaceChildren(...kids);
  showCurrent();
  if (S.search) markSearch();
}

function piece(text, a, b) { return el("span", { "data-off": a, text: text.slice(a, b) }); }

function sentence(text, s, e, tags) {
  const idx = S.data.sentences.findIndex(([a, b]) => a === s && b === e);
  const live = tags.filter((t) => t.status !== "rejected");
  const top = live.find((t) => keyStr(t) === S.focus) || live.find((t) => t.status === "accepted") || live[0];
  const span = el("span", { class: "sent" + (top ? " coded" : "") + (live.some((t) => t.status === "accepted") ? " has-accepted" : "") +
    (idx === S.cursor ? " cursor" : "") + (tags.some((t) => keyStr(t) === S.focus) ? " focus" : ""), "data-s": s, "data-e": e });
  if (top) span.style.setProperty("--c", colour(top.code));
  const cuts = new Set([s, e]);
  const words = live.flatMap((t) => t.spans.map(([a, b]) => [Math.max(a, s), Math.min(b, e), t.code])).filter(([a, b]) => a < b);
  for (const [a, b] of words) { cuts.add(a); cuts.add(b); }
  const points = [...cuts].sort((x, y) => x - y);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const w = words.find(([x, y]) => x <= a && b <= y);
    if (w) { const m = el("mark", { "data-off": a, text: text.slice(a, b) }); m.style.setProperty("--c", colour(w[2])); span.append(m); }
    else span.append(piece(text, a, b));
  }
  return span;
}

function chip(item) {
  const isLink = !!item.cause;
  const txt = isLink ? `${label(item.cause)} \u2192 ${label(item.effect)} (${item.sign})`
    : `${label(item.code)}${item.negated ? " \u00ac" : ""}${item.origin === "learned" ? " \u2022" : ""}`;
  const c = el("span", { class: `chip ${item.status}${isLink ? " link" : ""}${keyStr(item) === S.focus ? " focus" : ""}`,
    title: `${isLink ? "" : item.code + " \u00b7 "}${T(item.status)} \u00b7 ${item.origin}`, "data-key": keyStr(item),
    onclick: (ev) => { ev.stopPropagation(); S.nav++; setFocus(item); }, text: txt });
  c.style.setProperty("--c", colour(isLink ? item.cause : item.code));
  return c;
}

function showCurrent() {
  const box = $("current");
  const item = S.items.find((i) => keyStr(i) === S.focus);
  if (!item) { box.replaceChildren(el("p", { class: "hint", text: T("noItem") })); return; }
  const isLink = !!item.cause;
  const code = S.byId[isLink ? item.cause : item.code];
  const btn = (k, key, fn) => el("button", { type: "button", onclick: fn }, el("kbd", { text: key }), " " + T(k));
  const card = el("div", { class: "card", colour: colour(isLink ? item.cause : item.code) },
    el("div", { class: "label", text: isLink ? `${label(item.cause)} \u2192 ${label(item.effect)}  (${T("sign")} ${item.sign})` : label(item.code) }),
    isLink ? null : el("div", { class: "meta" }, el("span", { class: `effect-${code ? code.effect : ""}`, text: code ? T(code.effect) : "" }),
      ` \u00b7 ${code ? T(code.kind) : item.code} \u00b7 ${T(item.stance)}`),
    el("div", { class: "meta" }, `${T(item.status)} \u00b7 `, el("span", { class: `origin-${item.origin}`, text: item.origin === "learned" ? T("learned") : item.origin })),
    el("div", { class: "actions" }, btn("accept", "a", () => decide("accepted")), btn("reject", "r", () => decide("rejected")),
      isLink ? null : btn("change", "c", () => openPicker("change")), isLink ? null : btn("flip", "x", flip),
      isLink ? null : btn("link", "l", () => openPicker("effect")), isLink ? null : btn("more", "m", moreLikeThis)));
  box.replaceChildren(card);
}

function setFocus(item, noScroll) {
  S.focus = item ? keyStr(item) : null;
  if (item) S.cursor = S.data.sentences.findIndex(([a, b]) => a <= item.start && item.start < b);
  render();
  if (!noScroll) scrollToFocus();
}

function scrollToFocus() {
  const target = document.querySelector(".chip.focus") || document.querySelector(".sent.cursor");
  if (target && target.scrollIntoView) target.scrollIntoView({ block: "center" });
}

// ------------------------------------------------------------------ actions

function focused() { return S.items.find((i) => keyStr(i) === S.focus) || null; }

function move(step) {
  S.nav++;
  const open = S.items.filter((i) => i.status === "suggested");
  if (!open.length) { say(T("nothingOpen")); return; }
  const cur = focused();
  const pos = cur ? cur.start : -1;
  let next;
  if (step > 0) next = open.find((i) => i.start > pos || (i.start === pos && cur && S.items.indexOf(i) > S.items.indexOf(cur))) || open[0];
  else next = [...open].reverse().find((i) => i.start < pos || (i.start === pos && cur && S.items.indexOf(i) < S.items.indexOf(cur))) || open[open.length - 1];
  setFocus(next);
}

function moveSentence(step) {
  S.nav++;
  const n = S.data.sentences.length;
  if (!n) return;
  S.cursor = Math.min(Math.max(S.cursor + step, 0), n - 1);
  const [s, e] = S.data.sentences[S.cursor];
  const here = S.items.find((i) => i.start >= s && i.start < e);
  S.focus = here ? keyStr(here) : null;
  window.getSelection().removeAllRanges();
  render();
  scrollToFocus();
}

async function after(saved) {
  if (!saved) return;
  say(T("saved"));
  const key = S.focus;
  await reload();
  await Promise.all([loadInterviews(), loadCodebook(), loadLoops()]);
  return key;
}

function nextOpen(item) {
  const open = S.items.filter((i) => i.status === "suggested" && keyStr(i) !== keyStr(item));
  const at = S.items.indexOf(item);
  return open.find((i) => S.items.indexOf(i) > at) || open[0] || null;
}

// Decide on the focused item. Focus moves on at once (before the answer), so quick keys act on the next item.
async function decide(status, extra) {
  const item = focused();
  if (!item) { say(T("noItem")); return; }
  const next = status === "suggested" ? item : nextOpen(item);
  item.status = status;                           // shown at once; the store's answer follows
  setFocus(next || item);
  const gen = ++S.nav;
  const saved = await guarded(() => api("POST", "/api/decisions", { interview: S.current, key: item.key, status, ...(extra || {}) }));
  if (!saved) { await reload(); return; }
  await after(saved);
  if (!next && S.nav === gen) setFocus(S.items.find((i) => keyStr(i) === keyStr(saved)) || null, true);
}

function flip() {
  const item = focused();
  if (!item || item.cause) { say(T("noItem")); return; }
  return decide("accepted", { negated: !item.negated });
}

async function undo() {
  const r = await guarded(() => api("POST", "/api/undo", {}));
  if (r) { say(r.message); await reload(); loadInterviews(); loadCodebook(); loadLoops(); if (!focused()) move(1); }
}

// offsets of the current selection in Transcript.text, or null
function selectionOffsets() {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
  const range = sel.getRangeAt(0);
  const off = (node, offset) => {
    if (node.nodeType !== Node.TEXT_NODE) {
      const child = node.childNodes[offset] || node.childNodes[node.childNodes.length - 1];
      if (!child) return null;
      const holder = child.nodeType === Node.TEXT_NODE ? child.parentElement : (child.closest("[data-off]") || child.querySelector("[data-off]"));
      if (!holder || holder.dataset.off === undefined) return null;
      return parseInt(holder.dataset.off, 10) + (offset >= node.childNodes.length ? holder.textContent.length : 0);
    }
    const holder = node.parentElement.closest("[data-off]");
    if (!holder || node.parentElement.closest(".chip, .interviewer")) return null;
    return parseInt(holder.dataset.off, 10) + offset;
  };
  const a = off(range.startContainer, range.startOffset), b = off(range.endContainer, range.endOffset);
  if (a === null || b === null || b <= a) return null;
  return [a, b];
}

function inInterviewee(a, b) {
  return S.data.segments.some((s) => !s.interviewer && s.start <= a && b <= s.end);
}

function tagTarget() {
  let span = selectionOffsets();
  if (!span && S.cursor >= 0) span = S.data.sentences[S.cursor];
  if (!span) { say(T("selectFirst")); return null; }
  if (!inInterviewee(span[0], span[1])) { say(T("interviewerTurn"), true); return null; }
  return span;
}

function extendSelection(forward) {
  const sel = window.getSelection();
  if (sel.isCollapsed && S.cursor >= 0) {
    const span = document.querySelector(".sent.cursor");
    if (!span) return;
    const r = document.createRange(); r.selectNodeContents(span);
    sel.removeAllRanges(); sel.addRange(r);
    return;
  }
  if (sel.modify) sel.modify("extend", forward ? "forward" : "backward", "word");
}

// ------------------------------------------------------------------ the code picker

function openPicker(mode, span) {
  const item = focused();
  if ((mode === "change" || mode === "effect") && (!item || item.cause)) { say(T("noItem")); return; }
  if (mode === "tag") { span = span || tagTarget(); if (!span) return; }
  S.picker = { mode, span, item, active: 0, effect: null, quote: span ? S.data.text.slice(span[0], span[1]) : (item ? item.text : "") };
  $("picker-title").textContent = mode === "tag" ? T("pickTag") : mode === "change" ? T("pickChange") : `${T("pickEffect")} ${label(item.code)}`;
  $("picker-quote").textContent = S.picker.quote;
  $("picker-negated-label").hidden = mode !== "tag";
  $("picker-negated").checked = false;
  $("new-code").hidden = true;
  $("sign-choice").hidden = true;
  $("picker-input").hidden = false;
  $("picker-input").value = "";
  $("picker").hidden = false;
  renderPicker();
  $("picker-input").focus();
}

function closePicker() {
  $("picker").hidden = true;
  S.picker = null;
  $("transcript").focus();
}

function matches(query) {
  const q = query.trim().toLowerCase();
  const scored = [];
  for (const c of S.codes) {
    const hay = [c.id, ...Object.values(c.labels || {}), c.label].map((x) => String(x).toLowerCase());
    let score = q ? -1 : 0;
    if (q) {
      if (hay.some((h) => h.startsWith(q))) score = 3;
      else if (hay.some((h) => h.split(/[\s-]+/).some((w) => w.startsWith(q)))) score = 2;
      else if (hay.some((h) => h.includes(q))) score = 1;
    }
    if (score < 0) continue;
    const recent = c.recent === null || c.recent === undefined ? 99 : c.recent;
    scored.push([score, recent, c]);
  }
  scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return scored.map((x) => x[2]);
}

function renderPicker() {
  const p = S.picker, q = $("picker-input").value;
  p.list = matches(q);
  if (p.mode === "effect" && p.item) p.list = p.list.filter((c) => c.id !== p.item.code);
  p.active = Math.min(p.active, p.list.length);
  const rows = p.list.map((c, i) => el("li", { role: "option", class: i === p.active ? "active" : "", onclick: () => { p.active = i; choose(); } },
    el("span", { class: "swatch", colour: colour(c.id) }), el("span", { text: c.label }), el("span", { class: "id", text: c.id })));
  rows.push(el("li", { role: "option", class: p.active === p.list.length ? "active" : "", onclick: () => { p.active = p.list.length; choose(); },
    text: `${T("newCodeFor")}${q.trim() ? " \u201c" + q.trim() + "\u201d" : ""}` }));
  $("picker-list").replaceChildren(...rows);
  const act = $("picker-list").children[p.active];
  if (act && act.scrollIntoView) act.scrollIntoView({ block: "nearest" });
}

function slug(text) {
  return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
}

async function choose() {
  const p = S.picker;
  if (p.active >= p.list.length) {                       // a new code
    const typed = $("picker-input").value.trim();
    $("new-id").value = slug(typed);
    $("new-label").value = typed;
    $("new-code").hidden = false;
    $("new-label").focus();
    return;
  }
  await apply(p.list[p.active].id);
}

async function createCode(ev) {
  ev.preventDefault();
  const p = S.picker;
  const body = { id: $("new-id").value.trim(), label: $("new-label").value.trim(), kind: $("new-kind").value, effect: $("new-effect").value };
  if (p.mode === "tag" && p.quote) body.pattern = p.quote;
  const row = await guarded(() => api("POST", "/api/codes", body));
  if (!row) return;
  await loadCodebook();
  await apply(row.id);
}

async function apply(code) {
  const p = S.picker;
  if (p.mode === "tag") {
    const negated = $("picker-negated").checked;
    closePicker();
    const gen = ++S.nav;
    const saved = await guarded(() => api("POST", "/api/tags", { interview: S.current, start: p.span[0], end: p.span[1], code, negated }));
    if (saved) {
      window.getSelection().removeAllRanges();
      await after(saved);
      if (S.nav === gen) setFocus(S.items.find((i) => keyStr(i) === keyStr(saved)));
    }
  } else if (p.mode === "change") {
    closePicker();
    await decide("accepted", { code });
  } else if (p.mode === "effect") {
    p.effect = code;
    $("picker-input").hidden = true;
    $("picker-list").replaceChildren();
    $("picker-title").textContent = `${label(p.item.code)} \u2192 ${label(code)}`;
    $("sign-choice").hidden = false;
    $("sign-plus").focus();
  }
}

async function drawLink(sign) {
  const p = S.picker;
  closePicker();
  const gen = ++S.nav;
  const saved = await guarded(() => api("POST", "/api/links", { interview: S.current, start: p.item.start, end: p.item.end, cause: p.item.code, effect: p.effect, sign }));
  if (saved) { await after(saved); if (S.nav === gen) setFocus(S.items.find((i) => keyStr(i) === keyStr(saved))); }
}

function pickerKey(ev) {
  const p = S.picker;
  if (!p) return;
  if (ev.key === "Escape") { ev.preventDefault(); closePicker(); return; }
  if (!$("sign-choice").hidden) {
    if (ev.key === "+" || ev.key === "=" || ev.key === "Enter") { ev.preventDefault(); return drawLink(ev.key === "Enter" && document.activeElement === $("sign-minus") ? "-" : "+"); }
    if (ev.key === "-" || ev.key === "_") { ev.preventDefault(); return drawLink("-"); }
    return;
  }
  if (!$("new-code").hidden) return;                       // the form handles its own keys
  if (ev.key === "ArrowDown") { ev.preventDefault(); p.active = Math.min(p.active + 1, p.list.length); renderPicker(); }
  else if (ev.key === "ArrowUp") { ev.preventDefault(); p.active = Math.max(p.active - 1, 0); renderPicker(); }
  else if (ev.key === "Enter") { ev.preventDefault(); return choose(); }
  else if (ev.key === "Tab" && p.mode === "tag") { ev.preventDefault(); $("picker-negated").checked = !$("picker-negated").checked; }
}

// ------------------------------------------------------------------ more like this

async function moreLikeThis() {
  const item = focused();
  if (!item || item.cause) { say(T("noItem")); return; }
  const hits = await guarded(() => api("GET", `/api/similar?interview=${encodeURIComponent(S.current)}&key=${encodeURIComponent(JSON.stringify(item.key))}`));
  if (!hits) return;
  S.similar = { item, hits, done: {} };
  S.simFocus = 0;
  renderSimilar();
  $("similar-panel").hidden = false;
  if (!hits.length) say(T("noSimilar"));
}

function renderSimilar() {
  const sim = S.similar;
  $("similar-list").replaceChildren(...sim.hits.map((h, i) => {
    const why = h.reason.this_tag ? T("thisTag") : `\u201c${h.reason.example.text}\u201d (${h.reason.example.interview})`;
    return el("li", { class: (i === S.simFocus ? "focus " : "") + (sim.done[i] ? "done-" + sim.done[i] : "") },
      el("div", {}, el("strong", { text: h.interview }), " ", el("span", { class: "origin-learned", text: T("learned") }), ` \u00b7 ${label(h.code)}`),
      el("div", { text: h.text }),
      el("div", { class: "why", text: `${T("like")} ${why}; ${T("shared")}: ${h.reason.shared.join(", ")}` }));
  }));
}

function closeSimilar() { S.similar = null; $("similar-panel").hidden = true; }

async function decideSimilar(status) {
  const sim = S.similar, h = sim.hits[S.simFocus];
  if (!h || sim.done[S.simFocus]) return;
  const saved = await guarded(() => api("POST", "/api/tags", { interview: h.interview, start: h.start, end: h.end, code: h.code, negated: false, origin: "learned", status }));
  if (!saved) return;
  sim.done[S.simFocus] = status;
  S.simFocus = Math.min(S.simFocus + 1, sim.hits.length - 1);
  renderSimilar();
  say(T("saved"));
  if (h.interview === S.current) await reload();
  loadInterviews(); loadCodebook();
}

function similarKey(ev) {
  const k = ev.key;
  if (k === "Escape") { closeSimilar(); return true; }
  if (k === "j" || k === "ArrowDown") { S.simFocus = Math.min(S.simFocus + 1, S.similar.hits.length - 1); renderSimilar(); return true; }
  if (k === "k" || k === "ArrowUp") { S.simFocus = Math.max(S.simFocus - 1, 0); renderSimilar(); return true; }
  if (k === "a") return decideSimilar("accepted");
  if (k === "r") return decideSimilar("rejected");
  return false;
}

// ------------------------------------------------------------------ search

function markSearch() {
  for (const m of document.querySelectorAll("mark.hit")) m.classList.remove("hit");
}

function findNext() {
  const q = $("search").value.trim().toLowerCase();
  S.search = q;
  if (!q || !S.data) return;
  const text = S.data.text.toLowerCase();
  let at = text.indexOf(q, S.searchFrom);
  if (at < 0) at = text.indexOf(q);
  while (at >= 0 && !inInterviewee(at, at + q.length)) at = text.indexOf(q, at + 1);
  if (at < 0) { say("\u2205"); return; }
  S.searchFrom = at + 1;
  S.cursor = S.data.sentences.findIndex(([a, b]) => a <= at && at < b);
  render();
  selectRange(at, at + q.length);
  $("transcript").focus({ preventScroll: true });
}

function selectRange(a, b) {
  const locate = (pos) => {
    for (const holder of document.querySelectorAll("#transcript [data-off]")) {
      const off = parseInt(holder.dataset.off, 10), len = holder.textContent.length;
      if (off <= pos && pos <= off + len && holder.firstChild) return [holder.firstChild, pos - off];
    }
    return null;
  };
  const s = locate(a), e = locate(b);
  if (!s || !e) return;
  const r = document.createRange();
  r.setStart(s[0], s[1]); r.setEnd(e[0], e[1]);
  const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
  if (s[0].parentElement.scrollIntoView) s[0].parentElement.scrollIntoView({ block: "center" });
}

// ------------------------------------------------------------------ keys and wiring

// an action in progress (saving, reloading): document.body.dataset.busy counts them, for scripted sessions
let running = 0;
function track(result) {
  running += 1;
  document.body.dataset.busy = String(running);
  Promise.resolve(result).catch((e) => say(e.message, true)).finally(() => {
    running -= 1;
    document.body.dataset.busy = String(running);
  });
}

function onKey(ev) { track(handleKey(ev)); }

function handleKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (!$("picker").hidden) return pickerKey(ev);
  if (!$("help").hidden) { if (ev.key === "Escape" || ev.key === "?") { $("help").hidden = true; ev.preventDefault(); } return; }
  const t = ev.target;
  if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) {
    if (t === $("search")) {
      if (ev.key === "Enter") { ev.preventDefault(); findNext(); }
      else if (ev.key === "Escape") { ev.preventDefault(); $("search").value = ""; S.search = ""; $("transcript").focus(); }
    }
    return;
  }
  if (S.similar) { const done = similarKey(ev); if (done) { ev.preventDefault(); return done; } }
  const k = ev.key;
  const handlers = {
    j: () => move(1), k: () => move(-1), n: () => move(1), p: () => move(-1),
    ArrowDown: () => moveSentence(1), ArrowUp: () => moveSentence(-1),
    a: () => decide("accepted"), r: () => decide("rejected"), c: () => openPicker("change"), x: flip, u: undo,
    t: () => openPicker("tag"), Enter: () => openPicker("tag"), l: () => openPicker("effect"), m: moreLikeThis,
    "/": () => $("search").focus(), "?": () => { $("help").hidden = false; $("help-close").focus(); },
    "[": () => stepInterview(-1), "]": () => stepInterview(1), Escape: () => { window.getSelection().removeAllRanges(); },
  };
  if (ev.shiftKey && (k === "ArrowRight" || k === "ArrowLeft")) { ev.preventDefault(); extendSelection(k === "ArrowRight"); return; }
  const h = handlers[k];
  if (h) { ev.preventDefault(); return h(); }
}

function stepInterview(step) {
  const i = S.interviews.findIndex((x) => x.id === S.current);
  const next = S.interviews[(i + step + S.interviews.length) % S.interviews.length];
  if (next) openInterview(next.id);
}

function wire() {
  document.addEventListener("keydown", onKey);
  $("picker-input").addEventListener("input", () => { S.picker.active = 0; renderPicker(); });
  $("new-code").addEventListener("submit", (ev) => track(createCode(ev)));
  $("new-code").addEventListener("keydown", (ev) => { if (ev.key === "Escape") { ev.preventDefault(); closePicker(); } });
  $("sign-plus").addEventListener("click", () => track(drawLink("+")));
  $("sign-minus").addEventListener("click", () => track(drawLink("-")));
  $("undo-button").addEventListener("click", () => track(undo()));
  $("help-button").addEventListener("click", () => { $("help").hidden = false; $("help-close").focus(); });
  $("help-close").addEventListener("click", () => { $("help").hidden = true; });
  $("picker").addEventListener("click", (ev) => { if (ev.target === $("picker")) closePicker(); });
  $("transcript").addEventListener("click", (ev) => {
    const sent = ev.target.closest && ev.target.closest(".sent");
    if (!sent || !window.getSelection().isCollapsed) return;
    S.nav++;
    S.cursor = S.data.sentences.findIndex(([a]) => a === parseInt(sent.dataset.s, 10));
    const here = S.items.find((i) => i.start >= parseInt(sent.dataset.s, 10) && i.start < parseInt(sent.dataset.e, 10));
    S.focus = here ? keyStr(here) : null;
    render();
  });
  $("transcript").addEventListener("mouseup", () => {
    const span = selectionOffsets();
    if (!span) return;
    if (!inInterviewee(span[0], span[1])) { say(T("interviewerTurn"), true); return; }
    openPicker("tag", span);
  });
}

document.addEventListener("DOMContentLoaded", () => track(start()));
