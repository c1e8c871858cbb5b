  // The page's behaviour. Everything from articles is shown with textContent, never parsed as markup; the
  // only links are http(s) article URLs, followed only when a reader clicks them.
  const STATEMENTS = new Set(["quote", "claim", "figure"]);
  const BIG = OVERVIEW !== null;
  const ST = DATA.statements;
  const ART = DATA.articles;
  const speakerById = new Map(DATA.speakers.map(function (s) { return [s.id, s]; }));
  const outletById = new Map(DATA.outlets.map(function (o) { return [o.id, o]; }));
  const conflictById = new Map(DATA.conflicts.map(function (c) { return [c.id, c]; }));
  const bySpeaker = new Map();
  Object.keys(ST).forEach(function (id) {
    ST[id].by.forEach(function (s) {
      if (!bySpeaker.has(s)) bySpeaker.set(s, []);
      bySpeaker.get(s).push(id);
    });
  });
  const conflictsOf = new Map();
  DATA.conflicts.forEach(function (c) {
    [c.a, c.b].forEach(function (id) {
      if (!conflictsOf.has(id)) conflictsOf.set(id, []);
      conflictsOf.get(id).push(c);
    });
  });

  /** Lower case without accents: how names, aliases and words are matched. */
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /** An element showing `value` as text (never parsed as markup), with an optional class. */
  function textEl(tag, value, cls) {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  /** A button running `act` when pressed. */
  function button(label, act, cls) {
    const el = textEl("button", label, cls);
    el.type = "button";
    el.addEventListener("click", act);
    return el;
  }

  /** The URL if it is an http(s) link, else null. */
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  /** A link to an article's URL (opened in a new tab), or its title as plain text when it has none. */
  function articleLink(articleId, label) {
    const art = ART[articleId] || {};
    const url = safeUrl(art.url);
    const text = label || art.title || art.doc || articleId;
    if (!url) return textEl("span", text);
    const link = textEl("a", text);
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  }

  const nameOf = function (id) {
    const s = speakerById.get(id) || outletById.get(id);
    return s ? s.name : (DATA.venues[id] || id.split("/").pop());
  };
  const outletsOf = function (st) {
    return Array.from(new Set(st.in.map(function (a) { return ART[a] && ART[a].outlet; }).filter(Boolean)))
      .map(nameOf).sort();
  };
  const KIND_WORDS = {direct: "direct quote", mixed: "mixed quote", indirect: "indirect quote", claim: "denial",
                      figure: "figure"};
  const kindWords = function (st) { return KIND_WORDS[st.qk || st.kind] || st.kind; };
  /** Double quotation marks inside quoted words as single ones (a mixed quote's `share ‘a good relationship’`). */
  const nested = function (text) { return text.replace(/(^|[\s(\[—–])["“]/g, "$1‘").replace(/["”]/g, "’"); };
  /** Words in quotation marks, the marks they bring nested inside, unless they are one quotation already. */
  const quoted = function (text) { return /^["“][^"“”]*["”]$/.test(text) ? text : "“" + nested(text) + "”"; };
  const whoSaid = function (st) { return st.by.map(nameOf).join(", ") || "stated by the article"; };

  /** A card of an item's fields, built with textContent, with a link to its article when known. */
  function card(item) {
    const box = document.createElement("div");
    box.className = "tip";
    for (const [key, value] of item.info || []) {
      const row = document.createElement("div");
      if (key) row.appendChild(textEl("b", key + ": "));
      row.appendChild(textEl("span", value));
      box.appendChild(row);
    }
    const url = safeUrl(item.url);
    if (url) {
      const link = textEl("a", url);
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      box.appendChild(link);
    }
    return box;
  }
  const withCard = function (item) { if (!item.title) item.title = card(item); return item; };

  rawEdges.forEach(function (e, i) { e.id = "e" + i; });
  if (BIG) OVERVIEW.edges.forEach(function (e, i) { e.id = "o" + i; });
  const start = BIG ? OVERVIEW : {nodes: rawNodes, edges: rawEdges, options: options};
  const nodes = new vis.DataSet(start.nodes.map(withCard));
  const edges = new vis.DataSet(start.edges.map(withCard));
  const rawById = new Map(rawNodes.map(function (n) { return [n.id, n]; }));
  const incident = new Map();  // node id -> the edges at it
  rawEdges.forEach(function (e) {
    [e.from, e.to].forEach(function (id) {
      if (!incident.has(id)) incident.set(id, []);
      incident.get(id).push(e);
    });
  });

  // -- the view: what is focused and filtered, kept in the URL fragment

  const state = {speaker: "", conflicts: [], statement: "", outlet: "", kind: "", from: "", to: "", only: false};
  const FIELDS = {speaker: "s", conflicts: "c", statement: "q", outlet: "o", kind: "k", from: "from", to: "to",
                  only: "only"};

  function fragment() {
    const params = new URLSearchParams();
    Object.keys(FIELDS).forEach(function (key) {
      const value = state[key];
      if (Array.isArray(value) ? value.length : value) params.set(FIELDS[key], Array.isArray(value) ? value.join(" ") :
                                                                 value === true ? "1" : value);
    });
    return params.toString();
  }

  function readFragment() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    Object.keys(FIELDS).forEach(function (key) {
      const value = params.get(FIELDS[key]) || "";
      state[key] = key === "conflicts" ? value.split(" ").filter(function (id) { return conflictById.has(id); }) :
        key === "only" ? value === "1" : value;
    });
    if (state.speaker && !bySpeaker.has(state.speaker)) state.speaker = "";
    if (state.statement && !ST[state.statement]) state.statement = "";
    if (state.outlet && !outletById.has(state.outlet)) state.outlet = "";
    if (["direct", "mixed", "indirect"].indexOf(state.kind) < 0) state.kind = "";
    ["from", "to"].forEach(function (key) { if (!/^\d{4}-\d{2}-\d{2}$/.test(state[key])) state[key] = ""; });
  }

  const filtering = function () { return Boolean(state.outlet || state.kind || state.from || state.to || state.only); };

  /** Whether a statement passes the outlet, kind, date and contradictions-only filters. */
  function passes(id) {
    const st = ST[id];
    return (!state.outlet || st.in.some(function (a) { return ART[a] && ART[a].outlet === state.outlet; }))
      && (!state.kind || st.qk === state.kind)
      && (!state.from || (st.date !== null && st.date >= state.from))
      && (!state.to || (st.date !== null && st.date <= state.to))
      && (!state.only || st.vs.length > 0);
  }

  /** Node ids drawing some statements: each with its speakers, articles, outlets, venue (and what it
   * contradicts or denies, with theirs, when `partners`). */
  function context(ids, partners) {
    const shown = new Set();
    const add = function (id) {
      const st = ST[id];
      shown.add(id);
      st.by.forEach(function (s) { shown.add(s); });
      st.in.forEach(function (a) { shown.add(a); if (ART[a] && ART[a].outlet) shown.add(ART[a].outlet); });
      if (st.at) shown.add(st.at);
    };
    ids.forEach(function (id) { add(id); if (partners) ST[id].vs.forEach(add); });
    return shown;
  }

  const speakerStatements = function () { return (bySpeaker.get(state.speaker) || []).filter(passes); };

  /** The node ids the current view draws, or null for everything (the overview in a big corpus), with
   * `roots`: what a fresh layout puts in the middle. */
  function target() {
    const rooted = function (shown, roots) { shown.roots = roots; return shown; };
    if (state.conflicts.length) {
      const sides = state.conflicts.reduce(function (ids, id) {
        const c = conflictById.get(id);
        return ids.concat([c.a, c.b]);
      }, []);
      return rooted(context(sides, false), sides);
    }
    if (state.statement) return rooted(context([state.statement], true), [state.statement]);
    if (state.speaker) return rooted(new Set([state.speaker, ...context(speakerStatements(), true)]), [state.speaker]);
    if (filtering()) {
      const kept = Object.keys(ST).filter(passes);
      return rooted(context(kept, true), Array.from(new Set(kept.flatMap(function (id) { return ST[id].by; }))));
    }
    return null;
  }

  /** Positions for a drawn subset: the roots in the middle, then ring after ring of what they link to, each
   * node at about the angle of its neighbours in the ring inside (instant, and the same every time). */
  function rings(list, links, roots) {
    const byId = new Map(list.map(function (n) { return [n.id, n]; }));
    const near = new Map(list.map(function (n) { return [n.id, []]; }));
    links.forEach(function (e) { near.get(e.from).push(e.to); near.get(e.to).push(e.from); });
    const angle = new Map();
    let ring = roots.filter(function (id) { return near.has(id); });
    let depth = 0;
    while (angle.size < list.length) {
      if (!ring.length) ring = list.map(function (n) { return n.id; }).filter(function (id) { return !angle.has(id); });
      ring.forEach(function (id, i) {
        const seen = near.get(id).filter(function (m) { return angle.has(m); }).map(function (m) { return angle.get(m); });
        const mean = seen.length ? Math.atan2(seen.reduce(function (t, a) { return t + Math.sin(a); }, 0),
                                              seen.reduce(function (t, a) { return t + Math.cos(a); }, 0)) : 0;
        angle.set(id, seen.length ? mean + i * 1e-6 : 2 * Math.PI * i / ring.length);
      });
      ring.sort(function (x, y) { return angle.get(x) - angle.get(y); });
      const radius = Math.max(depth * RING_GAP, ring.length > 1 ? NODE_GAP : 0);
      const gap = NODE_GAP / Math.max(radius, 1);
      const even = ring.length * gap >= 2 * Math.PI;  // too many to keep near their neighbours: spread evenly
      let last = -Infinity;
      ring.forEach(function (id, i) {
        const a = even || depth === 0 ? 2 * Math.PI * i / ring.length : Math.max(angle.get(id), last + gap);
        last = a;
        angle.set(id, a);
        const n = byId.get(id);
        const r = even ? Math.max(radius, ring.length * NODE_GAP / (2 * Math.PI)) : radius;
        n.x = Math.round(r * Math.cos(a));
        n.y = Math.round(r * Math.sin(a));
      });
      ring = Array.from(new Set(ring.flatMap(function (id) { return near.get(id); })))
        .filter(function (id) { return !angle.has(id); });
      depth += 1;
    }
  }
  const RING_GAP = 260;  // between rings
  const NODE_GAP = 190;  // between neighbours on a ring (a quote box is at most 180 wide)

  // -- drawing

  const network = new vis.Network(document.getElementById("graph"), {nodes: [], edges: []}, start.options);
  let showingOverview = BIG;

  /** Finish drawing a view: physics off, the view fitted, its time recorded. */
  function drawn(started, fitIds) {
    network.setOptions({physics: {enabled: false}});
    network.fit(fitIds && fitIds.length ? {nodes: fitIds, animation: false} : {animation: false});
    if (network.getScale() > MAX_SCALE) network.moveTo({scale: MAX_SCALE, animation: false});
    window.kg.lastDrawMs = Math.round(performance.now() - started);
    window.kg.drawn += 1;
  }

  /** Draw only `list` and `links` (a big corpus's page draws what is asked for), where they are. */
  function replace(list, links) {
    nodes.clear();
    edges.clear();
    nodes.add(list.map(withCard));
    edges.add(links.map(withCard));
  }
  const MAX_SCALE = 1.1;  // a view of a few nodes is not blown up past this zoom
  const DRAW_LIMIT = {{ draw_limit }};

  /** Hide every node not in `shown` (none when null) and every edge to a hidden node. */
  function hideOthers(shown, started) {
    const visible = function (id) { return shown === null || shown.has(id); };
    nodes.update(nodes.getIds().map(function (id) { return {id: id, hidden: !visible(id)}; }));
    edges.update(edges.get().map(function (e) { return {id: e.id, hidden: !(visible(e.from) && visible(e.to))}; }));
    drawn(started, shown === null ? undefined : nodes.getIds().filter(visible));
  }

  /** Back to a big corpus's overview (where it was first laid out), showing only the speakers in `shown`. */
  function overview(started, shown) {
    if (!showingOverview) {
      network.setOptions({edges: {arrows: OVERVIEW.options.edges.arrows}});
      replace(OVERVIEW.nodes, OVERVIEW.edges);
      showingOverview = true;
    }
    hideOthers(shown, started);
  }

  /** Draw the node ids `shown` (null: everything, or a big corpus's overview); `started` is when asked. */
  function draw(shown, started) {
    if (!BIG) return hideOthers(shown, started);
    if (shown === null) return overview(started, null);
    const ids = Array.from(shown).filter(function (id) { return rawById.has(id); });
    if (ids.length > DRAW_LIMIT) return overview(started, shown);
    const keep = new Set(ids);
    const list = ids.map(function (id) { return Object.assign({}, rawById.get(id)); });
    const links = Array.from(new Set(ids.flatMap(function (id) { return incident.get(id) || []; })))
      .filter(function (e) { return keep.has(e.from) && keep.has(e.to); });
    rings(list, links, shown.roots || []);
    network.setOptions({edges: {arrows: options.edges.arrows}});
    replace(list, links);
    showingOverview = false;
    drawn(started);
  }

  function stats() {
    const shown = nodes.get({filter: function (n) { return !n.hidden; }});
    const red = edges.get({filter: function (e) { return !e.hidden && e.kind === "contradicts"; }});
    const drawnAll = !BIG || shown.some(function (n) { return STATEMENTS.has(n.kind); });
    document.getElementById("stats").textContent = drawnAll ? shown.length + " nodes · " + red.length +
      " contradiction edges" : "overview: " + shown.length + " speakers · double-click one, or a dashed edge, to draw it";
  }

  // -- the side panel: disagreements, or one speaker's record

  const panelTitle = document.getElementById("panel-title");
  const conflictList = document.getElementById("conflicts");
  const topList = document.getElementById("top-speakers");
  const record = document.getElementById("record");

  /** Speaker, words, outlet and date of one side of a contradiction. */
  function sideEl(id, cls) {
    const st = ST[id];
    const el = textEl("span", "", "side " + cls);
    el.appendChild(textEl("span", whoSaid(st) + ": ", "who"));
    el.appendChild(textEl("span", quoted(st.text), "words"));
    el.appendChild(textEl("span", [outletsOf(st).join(", "), st.date || "undated"].filter(Boolean).join(" · "),
                          "where"));
    return el;
  }

  /** Where each side is written: file, character offsets, text, and a link to the article. */
  function evidenceEl(c) {
    const box = document.createElement("div");
    box.className = "evidence";
    [["a", "first side"], ["b", "second side"]].forEach(function (pair) {
      const side = pair[0];
      const spans = (c.evidence && c.evidence[side]) || [];
      box.appendChild(textEl("h3", "Evidence, " + pair[1]));
      const list = document.createElement("ul");
      spans.forEach(function (ev) {
        const item = document.createElement("li");
        item.appendChild(textEl("span", quoted(ev.text) + " ", "words"));
        const pos = ev.start >= 0 ? " [" + ev.start + "–" + ev.end + "]" : "";
        item.appendChild(textEl("span", ev.doc + pos + " · ", "span"));
        item.appendChild(articleLink(ev.article));
        list.appendChild(item);
      });
      if (!spans.length) {
        ST[c[side]].in.forEach(function (a) {
          const item = document.createElement("li");
          item.appendChild(articleLink(a));
          list.appendChild(item);
        });
      }
      box.appendChild(list);
    });
    return box;
  }

  function conflictItem(c) {
    const item = document.createElement("li");
    const current = state.conflicts.indexOf(c.id) >= 0;
    item.className = "conflict" + (current ? " current" : "");
    item.dataset.id = c.id;
    item.dataset.type = c.type;
    const head = button("", function () { choose({conflicts: current ? [] : [c.id]}); });
    head.setAttribute("aria-expanded", current ? "true" : "false");
    head.appendChild(textEl("span", c.type, "ctype"));
    head.appendChild(textEl("span", "confidence " + Number(c.confidence).toFixed(2), "conf"));
    head.appendChild(sideEl(c.a, "a"));
    head.appendChild(textEl("span", "versus", "vs"));
    head.appendChild(sideEl(c.b, "b"));
    head.appendChild(textEl("span", c.why, "why"));
    item.appendChild(head);
    if (current) item.appendChild(evidenceEl(c));
    return item;
  }

  function speakerItem(s) {
    const item = document.createElement("li");
    item.appendChild(button(s.name + " (" + s.n + " statements)", function () { choose({speaker: s.id}); },
                            "speaker-link"));
    return item;
  }

  function renderDisagreements() {
    const shown = DATA.conflicts.filter(function (c) {
      return (!filtering() || passes(c.a) || passes(c.b))
        && (!state.speaker || ST[c.a].by.indexOf(state.speaker) >= 0 || ST[c.b].by.indexOf(state.speaker) >= 0);
    });
    conflictList.replaceChildren(...shown.map(conflictItem));
    topList.replaceChildren();
    if (!DATA.conflicts.length) {
      panelTitle.textContent = "No contradictions found. Most-quoted speakers:";
      topList.replaceChildren(...DATA.speakers.slice(0, DATA.top).map(speakerItem));
    } else {
      panelTitle.textContent = "Disagreements: " + (shown.length === DATA.conflicts.length ? DATA.conflicts.length :
        shown.length + " of " + DATA.conflicts.length) + " (most confident first)";
    }
  }

  function renderRecord() {
    record.hidden = !state.speaker;
    if (!state.speaker) return;
    const who = speakerById.get(state.speaker);
    const mine = speakerStatements().sort(function (x, y) {
      const dx = ST[x].date || "9999", dy = ST[y].date || "9999";
      return dx < dy ? -1 : dx > dy ? 1 : ST[x].text < ST[y].text ? -1 : ST[x].text > ST[y].text ? 1 : 0;
    });
    const all = (bySpeaker.get(state.speaker) || []).length;
    document.getElementById("record-title").textContent = who.name + ": " +
      (mine.length === all ? all : mine.length + " of " + all) + " statements";
    document.getElementById("record-aliases").textContent = who.aliases.length ? "also: " + who.aliases.join("; ") : "";
    document.getElementById("record-list").replaceChildren(...mine.map(function (id) {
      const st = ST[id];
      const against = conflictsOf.get(id) || [];
      const item = document.createElement("li");
      item.className = "entry" + (against.length || st.vs.length ? " contradicted" : "");
      item.appendChild(textEl("time", st.date || "undated"));
      item.appendChild(textEl("span", kindWords(st), "kind"));
      item.appendChild(textEl("span", quoted(st.text), "text"));
      const where = textEl("span", [outletsOf(st).join(", "), st.at ? "at " + nameOf(st.at) : ""]
        .filter(Boolean).join(" · ") + " · ", "where");
      st.in.forEach(function (a, i) { if (i) where.appendChild(textEl("span", "; ")); where.appendChild(articleLink(a)); });
      item.appendChild(where);
      if (against.length) {
        const flag = textEl("span", "⚠ contradicted: ", "flag");
        against.forEach(function (c) { flag.appendChild(button(c.type, function () { choose({conflicts: [c.id]}); })); });
        item.appendChild(flag);
      } else if (st.vs.length) {
        item.appendChild(textEl("span", "⚠ denied or denies another account", "flag"));
      }
      return item;
    }));
  }

  // -- applying a view

  const controls = {outlet: document.getElementById("outlet"), kind: document.getElementById("kind"),
                    from: document.getElementById("from"), to: document.getElementById("to")};
  const only = document.getElementById("only");

  function apply() {
    const started = performance.now();
    Object.keys(controls).forEach(function (key) { controls[key].value = state[key]; });
    only.checked = state.only;
    renderDisagreements();
    renderRecord();
    draw(target(), started);
    stats();
    const wanted = fragment();
    if (location.hash.replace(/^#/, "") !== wanted) history.replaceState(null, "", wanted ? "#" + wanted : location.pathname);
  }

  /** Focus on one thing (a speaker, contradictions or a statement), keeping the filters; the keyboard focus
   * stays on the panel item pressed, or moves to the record opened. */
  function choose(focus) {
    const item = document.activeElement && document.activeElement.closest(".conflict");
    state.speaker = focus.speaker || "";
    state.conflicts = focus.conflicts || [];
    state.statement = focus.statement || "";
    apply();
    const again = item && Array.from(conflictList.children).find(function (li) { return li.dataset.id === item.dataset.id; });
    if (again) {
      again.firstChild.focus();
      again.scrollIntoView({block: "nearest"});
    }
    else if (state.speaker) document.getElementById("record-title").focus();
  }

  DATA.outlets.forEach(function (o) {
    const opt = textEl("option", o.name + " (" + o.n + ")");
    opt.value = o.id;
    controls.outlet.appendChild(opt);
  });
  Object.keys(controls).forEach(function (key) {
    controls[key].addEventListener("change", function () { state[key] = controls[key].value; apply(); });
  });
  only.addEventListener("change", function () { state.only = only.checked; apply(); });
  document.getElementById("reset").addEventListener("click", function () {
    Object.assign(state, {outlet: "", kind: "", from: "", to: "", only: false});
    choose({});
  });
  document.getElementById("record-close").addEventListener("click", function () { choose({}); });
  window.addEventListener("hashchange", function () { readFragment(); apply(); });

  // -- search: speakers by any name or alias, outlets, quote words; accents and case ignored

  const speakerKeys = DATA.speakers.map(function (s) { return [s, [s.name].concat(s.aliases).map(fold)]; });
  let statementKeys = null;

  function search(text) {
    const q = fold(text.trim());
    if (!q) return [];
    const rank = function (keys) {
      return keys.some(function (k) { return k === q; }) ? 0 : keys.some(function (k) { return k.startsWith(q); }) ? 1 :
        keys.some(function (k) { return k.indexOf(q) >= 0; }) ? 2 : 3;
    };
    const speakers = speakerKeys.map(function (pair) { return [rank(pair[1]), pair[0]]; })
      .filter(function (r) { return r[0] < 3; }).sort(function (x, y) { return x[0] - y[0] || y[1].n - x[1].n; })
      .slice(0, 8).map(function (r) {
        return {what: "speaker", label: r[1].name + " (" + r[1].n + ")", act: function () { choose({speaker: r[1].id}); }};
      });
    const outlets = DATA.outlets.filter(function (o) { return fold(o.name).indexOf(q) >= 0; }).slice(0, 5)
      .map(function (o) {
        return {what: "outlet", label: o.name, act: function () { state.outlet = o.id; choose({}); }};
      });
    if (statementKeys === null) statementKeys = Object.keys(ST).map(function (id) { return [id, fold(ST[id].text)]; });
    const words = statementKeys.filter(function (p) { return p[1].indexOf(q) >= 0; }).slice(0, 10).map(function (p) {
      const st = ST[p[0]];
      return {what: st.kind, label: quoted(st.text) + " (" + whoSaid(st) + ")",
              act: function () { choose({statement: p[0]}); }};
    });
    return speakers.concat(outlets, words);
  }

  const box = document.getElementById("q");
  const results = document.getElementById("results");
  let found = [];

  function closeResults() {
    results.hidden = true;
    box.setAttribute("aria-expanded", "false");
  }

  function pick(result) {
    closeResults();
    result.act();
  }

  box.addEventListener("input", function () {
    found = search(box.value);
    results.replaceChildren(...found.map(function (r) {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      const el = button("", function () { pick(r); });
      el.appendChild(textEl("span", r.what, "what"));
      el.appendChild(textEl("span", r.label));
      item.appendChild(el);
      return item;
    }));
    if (!found.length && box.value.trim()) results.appendChild(textEl("li", "nothing found", "none"));
    results.hidden = !box.value.trim();
    box.setAttribute("aria-expanded", results.hidden ? "false" : "true");
  });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && found.length) { ev.preventDefault(); pick(found[0]); }
    else if (ev.key === "Escape") closeResults();
    else if (ev.key === "ArrowDown" && found.length) { ev.preventDefault(); results.querySelector("button").focus(); }
  });
  results.addEventListener("keydown", function (ev) {
    const all = Array.from(results.querySelectorAll("button"));
    const at = all.indexOf(document.activeElement);
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      const next = at + (ev.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? box : all[Math.min(next, all.length - 1)]).focus();
    } else if (ev.key === "Escape") { closeResults(); box.focus(); }
  });

  // -- clicks on the graph

  const details = document.getElementById("details");
  const body = document.getElementById("details-body");
  document.getElementById("close").addEventListener("click", function () { details.style.display = "none"; });

  /** What double-clicking (or the card's button) does with a node or an edge, if anything. */
  function expansion(item) {
    if (item.kind === "speaker" && bySpeaker.has(item.id)) return ["Show record", {speaker: item.id}];
    if (STATEMENTS.has(item.kind) && ST[item.id]) return ["Focus on this statement", {statement: item.id}];
    if (item.conflicts) return ["Draw these contradictions", {conflicts: item.conflicts}];
    if (item.kind === "contradicts") {
      const c = DATA.conflicts.find(function (x) {
        return (x.a === item.from && x.b === item.to) || (x.a === item.to && x.b === item.from);
      });
      if (c) return ["Show this contradiction", {conflicts: [c.id]}];
    }
    return null;
  }

  network.on("click", function (params) {
    const item = params.nodes.length ? nodes.get(params.nodes[0]) : params.edges.length ? edges.get(params.edges[0]) : null;
    body.replaceChildren();
    if (item) {
      body.appendChild(card(item));
      const next = expansion(item);
      if (next) {
        const actions = document.createElement("div");
        actions.className = "card-actions";
        actions.appendChild(button(next[0], function () { choose(next[1]); }));
        body.appendChild(actions);
      }
    }
    details.style.display = item ? "block" : "none";
  });
  network.on("doubleClick", function (params) {
    const item = params.nodes.length ? nodes.get(params.nodes[0]) : params.edges.length ? edges.get(params.edges[0]) : null;
    const next = item && expansion(item);
    if (next) choose(next[1]);
  });

  // -- start

  window.kg = {nodes: nodes, edges: edges, network: network, stabilised: false, stabiliseMs: null, drawn: 0,
               lastDrawMs: null, state: state, search: search,
               focusSpeaker: function (id) { choose({speaker: id}); },
               focusConflict: function (id) { choose({conflicts: [id]}); },
               reset: function () { document.getElementById("reset").click(); },
               visible: function () { return nodes.get({filter: function (n) { return !n.hidden; }}).map(function (n) { return n.id; }); }};

  /** The first layout is final: physics off, the view from the URL fragment applied, the time since
   * navigation recorded. */
  function settled() {
    network.setOptions({physics: false});
    readFragment();
    apply();
    window.kg.stabiliseMs = Math.round(performance.now());
    window.kg.stabilised = true;
  }
  network.once(start.options.physics.enabled ? "stabilizationIterationsDone" : "afterDrawing", settled);
  network.setData({nodes: nodes, edges: edges});
  if (nodes.length === 0) settled();
