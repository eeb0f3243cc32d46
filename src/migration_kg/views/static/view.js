(function () {
  "use strict";
  // Every text from the data is set with textContent or drawn on the canvas; none becomes HTML.
  var payload = JSON.parse(document.getElementById("mkg-data").textContent);
  var kinds = payload.kinds, shapes = payload.shapes, statements = payload.statements;
  var byId = {};
  payload.nodes.forEach(function (n) { byId[n.id] = n; });
  var nodes = new vis.DataSet(payload.nodes);
  var edges = new vis.DataSet(payload.edges);
  var container = document.getElementById("mkg-network");
  var state = { nodes: nodes, edges: edges, drawnAt: null, ready: false, drawCount: 0,
                labels: [], hovered: null, ego: null, exports: [] };
  window.mkgView = state;

  // ------------------------------------------------------------------ shapes (one table)
  function trace(ctx, shape, x, y, r) {
    var points = shapes[shape];
    if (!points || !points.length) {
      ctx.arc(x, y, shape === "ring" ? r * 0.8 : r, 0, 2 * Math.PI);
      return;
    }
    ctx.moveTo(x + points[0][0] * r, y + points[0][1] * r);
    for (var i = 1; i < points.length; i++) { ctx.lineTo(x + points[i][0] * r, y + points[i][1] * r); }
    ctx.closePath();
  }
  function kindOf(id) { var n = byId[id]; return kinds[n ? n.group : "other"] || kinds.other; }
  payload.options.nodes.ctxRenderer = function (p) {
    var kind = kindOf(p.id), r = p.style.size;
    return {
      drawNode: function () {
        var ctx = p.ctx;
        ctx.beginPath();
        trace(ctx, kind.shape, p.x, p.y, r);
        if (kind.shape === "ring") {
          ctx.fillStyle = "#ffffff";
          ctx.fill();
          ctx.lineWidth = Math.max(2, r * 0.4) + (p.state.selected ? 2 : 0);
          ctx.strokeStyle = p.style.color;
        } else {
          ctx.fillStyle = p.style.color;
          ctx.fill();
          ctx.lineWidth = p.style.borderWidth;
          ctx.strokeStyle = p.style.borderColor;
        }
        ctx.stroke();
      },
      nodeDimensions: { width: 2.4 * r, height: 2.4 * r }
    };
  };

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, payload.options);
  state.network = network;
  window.network = network;

  // ------------------------------------------------------------------ labels that never collide
  var FONT = 12, MAX_LABELS = 400, MAX_TRIES = 8000, CELL = 48;
  var ACTORS = { person: true, participant: true };
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = FONT + "px system-ui, sans-serif";
  function shortName(text) {
    text = String(text).replace(/\s+/g, " ").trim();
    if (text.length <= 34) { return text; }
    var cut = text.lastIndexOf(" ", 33);
    return text.slice(0, cut > 16 ? cut : 33).replace(/[,;: ]+$/, "") + "\u2026";
  }
  payload.nodes.forEach(function (n) {
    n.short = shortName(n.name);
    n.textWidth = measure.measureText(n.short).width;
  });
  var rank = Object.keys(kinds);
  var priority = payload.nodes.slice().sort(function (a, b) {
    return (b.focus ? 1 : 0) - (a.focus ? 1 : 0) || b.value - a.value ||
      rank.indexOf(a.group) - rank.indexOf(b.group) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }).map(function (n) { return n.id; });

  // A spatial hash of boxes: each box is listed in the CELL-sized squares it touches.
  function Grid() { this.cells = new Map(); }
  Grid.prototype.add = function (box) {
    for (var gx = Math.floor(box.left / CELL); gx <= Math.floor(box.right / CELL); gx++) {
      for (var gy = Math.floor(box.top / CELL); gy <= Math.floor(box.bottom / CELL); gy++) {
        var key = gx * 65536 + gy, list = this.cells.get(key);
        if (list) { list.push(box); } else { this.cells.set(key, [box]); }
      }
    }
  };
  Grid.prototype.hits = function (box, skip, rank) {
    // A label never covers another label or a speaker. A speaker's label may cover a less
    // connected node (which keeps its tooltip), so every speaker gets a name; other labels
    // cover no node at all (rank undefined).
    for (var gx = Math.floor(box.left / CELL); gx <= Math.floor(box.right / CELL); gx++) {
      for (var gy = Math.floor(box.top / CELL); gy <= Math.floor(box.bottom / CELL); gy++) {
        var list = this.cells.get(gx * 65536 + gy);
        if (!list) { continue; }
        for (var i = 0; i < list.length; i++) {
          var o = list[i];
          if (o.id !== skip && (rank === undefined || o.rank < rank || o.major) &&
              o.left < box.right && box.left < o.right && o.top < box.bottom && box.top < o.bottom) {
            return true;
          }
        }
      }
    }
    return false;
  };

  function placeLabels(ctx) {
    var started = performance.now();
    var width = container.clientWidth, height = container.clientHeight;
    var scale = network.getScale(), body = network.body;
    var ratio = network.canvas.frame.canvas.width / Math.max(1, width);
    var shown = [], obstacles = new Grid(), placed = new Grid(), labels = [];
    priority.forEach(function (id, rank) {
      var bn = body.nodes[id];
      if (!bn || bn.options.hidden) { return; }
      var p = network.canvasToDOM({ x: bn.x, y: bn.y }), r = bn.options.size * scale + 1;
      if (p.x < -r || p.y < -r || p.x > width + r || p.y > height + r) { return; }
      var node = { id: id, x: p.x, y: p.y, r: r, rank: rank };
      shown.push(node);
      obstacles.add({ id: id, rank: rank, major: ACTORS[byId[id].group] === true,
                      left: p.x - r, top: p.y - r, right: p.x + r, bottom: p.y + r });
    });
    var first = network.getSelectedNodes().concat(state.hovered ? [state.hovered] : []);
    var ordered = shown.filter(function (n) { return first.indexOf(n.id) >= 0; })
      .concat(shown.filter(function (n) { return first.indexOf(n.id) < 0; }));
    var tries = 0;
    for (var i = 0; i < ordered.length && labels.length < MAX_LABELS && tries < MAX_TRIES; i++) {
      var n = ordered[i], info = byId[n.id], w = info.textWidth + 6, h = FONT + 5;
      var spots = [[n.x, n.y + n.r + 2 + h / 2], [n.x, n.y - n.r - 2 - h / 2],
                   [n.x + n.r + 3 + w / 2, n.y], [n.x - n.r - 3 - w / 2, n.y],
                   [n.x + n.r * 0.7 + w / 2, n.y + n.r * 0.7 + h / 2],
                   [n.x - n.r * 0.7 - w / 2, n.y + n.r * 0.7 + h / 2],
                   [n.x + n.r * 0.7 + w / 2, n.y - n.r * 0.7 - h / 2],
                   [n.x - n.r * 0.7 - w / 2, n.y - n.r * 0.7 - h / 2]];
      if (ACTORS[info.group] === true) {
        // a speaker is always named: when the spots next to it are taken, further out, with a
        // leader line back to the node
        for (var ring = 1; ring <= 4; ring++) {
          var d = ring * (h + 4);
          spots.push([n.x, n.y + n.r + d + h / 2], [n.x, n.y - n.r - d - h / 2],
                     [n.x + n.r + d + w / 2, n.y], [n.x - n.r - d - w / 2, n.y],
                     [n.x + n.r + d + w / 2, n.y + n.r + d], [n.x - n.r - d - w / 2, n.y + n.r + d],
                     [n.x + n.r + d + w / 2, n.y - n.r - d], [n.x - n.r - d - w / 2, n.y - n.r - d]);
        }
      }
      for (var s = 0; s < spots.length; s++) {
        tries += 1;
        var cx = spots[s][0], cy = spots[s][1];
        var box = { id: n.id, left: cx - w / 2, top: cy - h / 2, right: cx + w / 2, bottom: cy + h / 2 };
        if (box.left < 0 || box.top < 0 || box.right > width || box.bottom > height) { continue; }
        var mayCover = ACTORS[info.group] === true ? n.rank : undefined;
        if (placed.hits(box, null) || obstacles.hits(box, n.id, mayCover)) { continue; }
        placed.add(box);
        labels.push({ id: n.id, text: info.short, x: cx, y: cy, left: box.left, top: box.top,
                      width: w, height: h, leader: s >= 8 ? { x: n.x, y: n.y } : null });
        break;
      }
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = FONT + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    labels.forEach(function (l) {
      if (!l.leader) { return; }
      ctx.strokeStyle = "rgba(60, 60, 60, 0.6)";
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(l.leader.x, l.leader.y);
      ctx.lineTo(Math.min(Math.max(l.leader.x, l.left), l.left + l.width),
                 Math.min(Math.max(l.leader.y, l.top), l.top + l.height));
      ctx.stroke();
    });
    labels.forEach(function (l) {
      var isFocus = byId[l.id].focus === true;
      ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
      ctx.fillRect(l.left, l.top, l.width, l.height);
      ctx.fillStyle = "#1d1d1d";
      ctx.font = (isFocus ? "bold " : "") + FONT + "px system-ui, sans-serif";
      ctx.fillText(l.text, l.x, l.y + 0.5);
    });
    ctx.restore();
    state.labels = labels;
    state.canvasSize = { width: width, height: height };
    state.labelMs = performance.now() - started;
  }

  network.on("afterDrawing", function (ctx) {
    placeLabels(ctx);
    state.drawCount += 1;
    if (!state.ready) {
      state.ready = true;
      state.drawnAt = performance.now();
      document.body.setAttribute("data-ready", "true");
    }
  });
  network.on("hoverNode", function (p) { state.hovered = p.node; });
  network.on("blurNode", function () { state.hovered = null; });
  network.fit({ animation: false });

  // ------------------------------------------------------------------ details, in words
  var details = document.getElementById("mkg-details");
  var hint = details.textContent;
  var egoBox = document.getElementById("mkg-ego");
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function nameOf(id) { return byId[id] ? byId[id].name : id; }
  function who(id) {
    var n = byId[id];
    return n && n.href ? el("a", n.name, { href: n.href }) : el("span", n ? n.name : id);
  }
  function statementList(ids, speaker) {
    var known = ids.filter(function (s) { return statements[s]; });
    known.sort(function (a, b) { return statements[a].quotes[0][1] - statements[b].quotes[0][1]; });
    var box = el("div", null, { "class": "statements" });
    var quotes = known.reduce(function (n, s) { return n + statements[s].quotes.length; }, 0);
    if (!known.length) { return box; }
    box.appendChild(el("p", known.length + (known.length === 1 ? " statement, " : " statements, ") +
                       quotes + (quotes === 1 ? " quote:" : " quotes:"), { "class": "count" }));
    var list = el("ol");
    known.forEach(function (sid) {
      var st = statements[sid], item = el("li"), meta = el("p", null, { "class": "meta" });
      if (st.actor !== speaker) { meta.appendChild(who(st.actor)); meta.appendChild(document.createTextNode(" \u00b7 ")); }
      meta.appendChild(document.createTextNode([st.act, st.session, st.date].filter(Boolean).join(" \u00b7 ")));
      if (st.href) {
        meta.appendChild(document.createTextNode(" \u00b7 "));
        meta.appendChild(el("a", "statement", { href: st.href }));
      }
      item.appendChild(meta);
      st.quotes.forEach(function (q) {
        var quote = el("blockquote");
        var text = "\u201c" + q[0] + "\u201d";
        if (st.reader) {
          quote.appendChild(el("a", text, { href: st.reader + "#char=" + q[1] + "," + q[2],
                                            title: "Show it highlighted in the report" }));
        } else { quote.textContent = text; }
        item.appendChild(quote);
      });
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }
  function showNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    details.replaceChildren();
    var heading = el("h3");
    heading.appendChild(n.href ? el("a", n.name, { href: n.href, title: "Its page" }) : el("span", n.name));
    details.appendChild(heading);
    details.appendChild(el("p", (kinds[n.group] || kinds.other).noun + " \u00b7 " + n.id, { "class": "kind" }));
    (n.lines || []).forEach(function (line) { details.appendChild(el("p", line)); });
    details.appendChild(statementList(n.statements || [], (n.group === "person" || n.group === "participant") ? n.id : null));
    egoBox.hidden = false;
    egoBox.setAttribute("data-node", id);
    state.shown = { node: id };
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) { return; }
    details.replaceChildren();
    var heading = el("h3");
    heading.appendChild(who(e.from));
    heading.appendChild(document.createTextNode(payload.directed ? " \u2192 " : " \u2014 "));
    heading.appendChild(who(e.to));
    details.appendChild(heading);
    e.words.forEach(function (w) { details.appendChild(el("p", w, { "class": "words" })); });
    details.appendChild(statementList(e.statements, null));
    egoBox.hidden = true;
    state.shown = { edge: id };
  }
  function reset() { details.textContent = hint; egoBox.hidden = true; state.shown = null; }
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
    else { reset(); }
  });
  state.showNode = showNode;
  state.showEdge = showEdge;

  // ------------------------------------------------------------------ filters and the ego view
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#mkg-filter input"));
  var sessionBoxes = Array.prototype.slice.call(document.querySelectorAll("#mkg-sessions input"));
  var dateFrom = document.getElementById("mkg-date-from");
  var dateTo = document.getElementById("mkg-date-to");
  if (dateTo) { dateTo.selectedIndex = dateTo.options.length - 1; }
  var shownText = document.getElementById("mkg-shown");
  var neighbours = {};
  payload.edges.forEach(function (e) {
    (neighbours[e.from] = neighbours[e.from] || []).push(e.to);
    (neighbours[e.to] = neighbours[e.to] || []).push(e.from);
  });
  function statementPasses(sid, sessionsOn, from, to) {
    var st = statements[sid];
    if (!st) { return true; }
    if (sessionsOn && st.sessionId && !sessionsOn[st.sessionId]) { return false; }
    if (st.date && ((from && st.date < from) || (to && st.date > to))) { return false; }
    return true;
  }
  function applyFilter() {
    var hiddenKinds = {};
    boxes.forEach(function (b) { hiddenKinds[b.value] = !b.checked; });
    var sessionsOn = null;
    if (sessionBoxes.some(function (b) { return !b.checked; })) {
      sessionsOn = {};
      sessionBoxes.forEach(function (b) { sessionsOn[b.value] = b.checked; });
    }
    var from = dateFrom ? dateFrom.value : null, to = dateTo ? dateTo.value : null;
    var narrowed = dateFrom && (dateFrom.selectedIndex > 0 || dateTo.selectedIndex < dateTo.options.length - 1);
    var filtering = sessionsOn !== null || narrowed;
    var edgeOk = {}, touched = {};
    payload.edges.forEach(function (e) {
      var ok = true;
      if (filtering && e.statements.length) {
        ok = e.statements.some(function (s) { return statementPasses(s, sessionsOn, from, to); });
        if (ok) { touched[e.from] = true; touched[e.to] = true; }
      }
      edgeOk[e.id] = ok;
    });
    var visible = {}, nodeUpdates = [], edgeUpdates = [], shownNodes = 0, shownEdges = 0;
    payload.nodes.forEach(function (n) {
      var v = !hiddenKinds[n.group] && (!filtering || touched[n.id] === true) &&
        (!state.ego || state.ego[n.id] === true);
      visible[n.id] = v;
      if (v) { shownNodes += 1; }
      if ((nodes.get(n.id).hidden === true) !== !v) { nodeUpdates.push({ id: n.id, hidden: !v }); }
    });
    payload.edges.forEach(function (e) {
      var v = edgeOk[e.id] && visible[e.from] && visible[e.to];
      if (v) { shownEdges += 1; }
      if ((edges.get(e.id).hidden === true) !== !v) { edgeUpdates.push({ id: e.id, hidden: !v }); }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    shownText.textContent = shownNodes + " of " + payload.nodes.length + " nodes and " +
      shownEdges + " of " + payload.edges.length + " edges shown";
    state.visible = visible;
    return shownNodes;
  }
  boxes.concat(sessionBoxes).forEach(function (b) { b.addEventListener("change", applyFilter); });
  [dateFrom, dateTo].forEach(function (s) { if (s) { s.addEventListener("change", applyFilter); } });
  state.applyFilter = applyFilter;

  var subtitle = document.getElementById("mkg-subtitle");
  var showAll = document.getElementById("mkg-show-all");
  function egoOf(center, depth) {
    var reached = {}, frontier = [center];
    reached[center] = true;
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (id) {
        (neighbours[id] || []).forEach(function (m) {
          if (!reached[m]) { reached[m] = true; next.push(m); }
        });
      });
      frontier = next;
    }
    return reached;
  }
  function showEgo(center, depth) {
    if (!byId[center]) { return false; }
    state.ego = egoOf(center, depth);
    applyFilter();
    subtitle.textContent = "neighbourhood of " + nameOf(center) + ", depth " + depth;
    showAll.hidden = false;
    network.fit({ nodes: Object.keys(state.ego).filter(function (id) { return state.visible[id]; }),
                  animation: false });
    network.selectNodes([center]);
    showNode(center);
    return true;
  }
  document.getElementById("mkg-ego-show").addEventListener("click", function () {
    showEgo(egoBox.getAttribute("data-node"), +document.getElementById("mkg-depth").value);
  });
  showAll.addEventListener("click", function () {
    state.ego = null;
    applyFilter();
    subtitle.textContent = "";
    showAll.hidden = true;
    network.fit({ animation: false });
  });
  state.showEgo = showEgo;
  applyFilter();

  // ------------------------------------------------------------------ search
  var search = document.getElementById("mkg-search");
  var names = document.getElementById("mkg-names");
  payload.nodes.slice(0, payload.maxOptions).forEach(function (n) {
    names.appendChild(el("option", null, { value: n.name }));
  });
  var status = document.getElementById("mkg-search-status");
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { status.textContent = ""; network.unselectAll(); return []; }
    var exact = [], partial = [];
    nodes.forEach(function (n) {
      var label = String(n.name).toLowerCase(), id = String(n.id).toLowerCase();
      if (label === q || id === q) { exact.push(n.id); }
      else if (label.indexOf(q) >= 0 || id.indexOf(q) >= 0) { partial.push(n.id); }
    });
    var found = exact.concat(partial);
    status.textContent = found.length ? found.length + (found.length === 1 ? " match" : " matches") : "no match";
    if (found.length) {
      network.selectNodes(found);
      network.focus(found[0], { scale: 1.2, animation: false });
      showNode(found[0]);
    }
    return found;
  }
  state.find = find;
  document.getElementById("mkg-search-form").addEventListener("submit", function (e) {
    e.preventDefault();
    find(search.value);
  });
  search.addEventListener("change", function () { find(search.value); });

  // ------------------------------------------------------------------ saving the view
  var fileName = String(payload.title || "network").toLowerCase().replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "network";
  function save(blob, name) {
    var a = document.createElement("a"), url = URL.createObjectURL(blob);
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    state.exports.push({ name: name, size: blob.size, type: blob.type });
  }
  function pngBlob() {
    // toDataURL, not toBlob: toBlob may finish seconds later in a headless browser.
    var src = network.canvas.frame.canvas, out = document.createElement("canvas");
    out.width = src.width;
    out.height = src.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    var url = out.toDataURL("image/png"), bytes = atob(url.slice(url.indexOf(",") + 1));
    var array = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) { array[i] = bytes.charCodeAt(i); }
    return new Blob([array], { type: "image/png" });
  }
  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  function buildSvg() {
    var width = container.clientWidth, height = container.clientHeight, scale = network.getScale();
    var body = network.body, out = [], at = {};
    Object.keys(body.nodes).forEach(function (id) {
      var bn = body.nodes[id];
      if (bn.options.hidden || !byId[id]) { return; }
      at[id] = network.canvasToDOM({ x: bn.x, y: bn.y });
    });
    payload.edges.forEach(function (e) {
      var be = body.edges[e.id];
      if (!be || be.options.hidden || !at[e.from] || !at[e.to]) { return; }
      var a = at[e.from], b = at[e.to];
      out.push('<line x1="' + a.x.toFixed(1) + '" y1="' + a.y.toFixed(1) + '" x2="' + b.x.toFixed(1) +
               '" y2="' + b.y.toFixed(1) + '" stroke="' + esc(e.color.color) + '" stroke-width="' +
               Math.max(0.5, be.options.width * scale).toFixed(2) + '"' +
               (e.dashes ? ' stroke-dasharray="6 4"' : "") +
               (payload.directed ? ' marker-end="url(#arrow)"' : "") + "/>");
    });
    Object.keys(at).forEach(function (id) {
      var bn = body.nodes[id], p = at[id], r = bn.options.size * scale, kind = kindOf(id);
      var points = shapes[kind.shape], shape;
      if (!points || !points.length) {
        shape = kind.shape === "ring" ?
          '<circle cx="' + p.x.toFixed(1) + '" cy="' + p.y.toFixed(1) + '" r="' + (r * 0.8).toFixed(1) +
          '" fill="#ffffff" stroke="' + kind.colour + '" stroke-width="' + Math.max(2, r * 0.4).toFixed(1) + '">' :
          '<circle cx="' + p.x.toFixed(1) + '" cy="' + p.y.toFixed(1) + '" r="' + r.toFixed(1) +
          '" fill="' + kind.colour + '" stroke="#333333">';
        shape += "<title>" + esc(byId[id].name) + "</title></circle>";
      } else {
        shape = '<polygon points="' + points.map(function (q) {
          return (p.x + q[0] * r).toFixed(1) + "," + (p.y + q[1] * r).toFixed(1);
        }).join(" ") + '" fill="' + kind.colour + '" stroke="#333333"><title>' + esc(byId[id].name) +
          "</title></polygon>";
      }
      out.push(shape);
    });
    state.labels.forEach(function (l) {
      if (l.leader) {
        out.push('<path class="leader" d="M' + l.leader.x.toFixed(1) + "," +
                 l.leader.y.toFixed(1) + "L" +
                 Math.min(Math.max(l.leader.x, l.left), l.left + l.width).toFixed(1) + "," +
                 Math.min(Math.max(l.leader.y, l.top), l.top + l.height).toFixed(1) +
                 '" stroke="#3c3c3c" stroke-opacity="0.6" fill="none"/>');
      }
      out.push('<rect x="' + l.left.toFixed(1) + '" y="' + l.top.toFixed(1) + '" width="' +
               l.width.toFixed(1) + '" height="' + l.height.toFixed(1) + '" fill="#ffffff" fill-opacity="0.85"/>' +
               '<text x="' + l.x.toFixed(1) + '" y="' + (l.y + FONT * 0.35).toFixed(1) +
               '" text-anchor="middle" font-size="' + FONT + '">' + esc(l.text) + "</text>");
    });
    return '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="' +
      width + '" height="' + height + '" viewBox="0 0 ' + width + " " + height +
      '" font-family="system-ui, sans-serif" fill="#1d1d1d">\n<title>' + esc(payload.title) + "</title>\n" +
      '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" ' +
      'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555555"/></marker></defs>\n' +
      '<rect width="100%" height="100%" fill="#ffffff"/>\n' + out.join("\n") + "\n</svg>\n";
  }
  document.getElementById("mkg-png").addEventListener("click", function () {
    save(pngBlob(), fileName + ".png");
  });
  document.getElementById("mkg-svg").addEventListener("click", function () {
    save(new Blob([buildSvg()], { type: "image/svg+xml" }), fileName + ".svg");
  });
  state.buildSvg = buildSvg;

  function focusFromHash() {
    var focus = /^#focus=(.+)$/.exec(window.location.hash);
    if (focus) { showEgo(decodeURIComponent(focus[1]), 1); }
  }
  window.addEventListener("hashchange", focusFromHash);
  focusFromHash();
})();
