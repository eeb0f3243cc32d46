(function () {
  "use strict";
  // Every text from the graph is set with textContent; nothing from the data becomes HTML.
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var dataNode = document.getElementById("mkg-page");
  var data = dataNode ? JSON.parse(dataNode.textContent) : null;

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  // ------------------------------------------------------------------ find, on every page
  var findForm = document.querySelector("form.find");
  var findBox = document.getElementById("mkg-find");
  if (findForm && findBox) {
    findForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = findBox.value.trim();
      if (body.getAttribute("data-page") === "index") {
        search.value = query;
        runSearch();
        search.focus();
      } else {
        window.location.href = root + "index.html#q=" + encodeURIComponent(query);
      }
    });
  }

  // ------------------------------------------------------------------ the index's search
  var search = document.getElementById("mkg-search");
  var results = document.getElementById("mkg-results");
  var status = document.getElementById("mkg-search-status");
  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function runSearch() {
    var query = fold(search.value.trim());
    results.replaceChildren();
    if (!query) { status.textContent = ""; return []; }
    var words = query.split(/\s+/);
    var found = data.entities.filter(function (e) {
      var label = fold(e[0] + " " + e[2]);
      return words.every(function (w) { return label.indexOf(w) >= 0; });
    });
    found.sort(function (a, b) {
      var sa = fold(a[0]).indexOf(query) === 0 ? 0 : 1, sb = fold(b[0]).indexOf(query) === 0 ? 0 : 1;
      return sa - sb;
    });
    found.slice(0, 200).forEach(function (e) {
      var item = el("li");
      item.appendChild(el("a", e[0], { href: e[2] + ".html" }));
      item.appendChild(el("span", e[1], { "class": "result-kind" }));
      results.appendChild(item);
    });
    status.textContent = found.length === 0 ? "No match." :
      found.length + (found.length === 1 ? " match" : " matches") +
      (found.length > 200 ? " (the first 200 shown)" : "") + ".";
    return found;
  }
  if (search && data && data.entities) {
    search.addEventListener("input", runSearch);
    var hashQuery = /^#q=(.*)$/.exec(window.location.hash);
    if (hashQuery) {
      search.value = decodeURIComponent(hashQuery[1]);
      if (findBox) { findBox.value = search.value; }
      runSearch();
    }
    window.mkgSearch = runSearch;
  }

  // ------------------------------------------------------------------ the report reader
  if (body.getAttribute("data-page") !== "reader" || !data) { return; }
  var text = document.getElementById("mkg-text");
  var panel = document.getElementById("mkg-panel");
  var tip = document.getElementById("mkg-tip");
  var spans = data.spans;
  var reader = { ready: false, target: [] };
  window.mkgReader = reader;

  function spansOf(node) {
    var ids = node.getAttribute("data-spans");
    return ids ? ids.split(" ").map(Number) : [];
  }
  function piecesOf(index) {
    var span = spans[index];
    return Array.prototype.filter.call(text.querySelectorAll("[data-start]"), function (p) {
      return +p.getAttribute("data-start") < span.end && +p.getAttribute("data-end") > span.start;
    });
  }
  function mark(nodes, cls) {
    Array.prototype.forEach.call(text.querySelectorAll("." + cls), function (n) {
      n.classList.remove(cls);
    });
    nodes.forEach(function (n) { n.classList.add(cls); });
  }
  function showPanel(indexes) {
    // One entry per annotation (a statement with two quotes is one entry, two places).
    var keys = [], places = {};
    indexes.forEach(function (index) {
      var key = spans[index].key;
      if (!places[key]) { places[key] = []; keys.push(index); }
      places[key].push(spans[index]);
    });
    panel.replaceChildren(el("h2", keys.length > 1 ? keys.length + " annotations here" : "Details"));
    keys.forEach(function (index) {
      var span = spans[index];
      var list = el("dl");
      span.fields.forEach(function (f) {
        list.appendChild(el("dt", f[0]));
        var value = el("dd");
        if (f[2]) { value.appendChild(el("a", f[1], { href: f[2] })); }
        else { value.textContent = f[1]; }
        list.appendChild(value);
      });
      list.appendChild(el("dt", "Where"));
      places[span.key].forEach(function (s) {
        list.appendChild(el("dd", "characters " + s.start + " to " + s.end + " (#char=" +
                            s.start + "," + s.end + ")"));
      });
      panel.appendChild(list);
    });
  }
  text.addEventListener("mousemove", function (event) {
    var node = event.target.closest("mark[data-spans]");
    if (!node) { tip.hidden = true; return; }
    tip.textContent = spansOf(node).map(function (i) { return spans[i].summary; }).join("\n\n");
    tip.hidden = false;
    var x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = event.clientY + 18;
    if (y + tip.offsetHeight > window.innerHeight) { y = event.clientY - tip.offsetHeight - 12; }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  });
  text.addEventListener("mouseleave", function () { tip.hidden = true; });
  text.addEventListener("click", function (event) {
    var node = event.target.closest("mark[data-spans]");
    if (!node) { return; }
    var indexes = spansOf(node);
    var pieces = [];
    indexes.forEach(function (i) { pieces = pieces.concat(piecesOf(i)); });
    mark(pieces, "chosen");
    showPanel(indexes);
  });

  Array.prototype.forEach.call(document.querySelectorAll(".layer-toggle"), function (box) {
    box.addEventListener("change", function () {
      body.classList.toggle("hide-" + box.value, !box.checked);
    });
  });

  var coverageBox = document.getElementById("mkg-coverage");
  var coverageStatus = document.getElementById("mkg-coverage-status");
  function uncoveredSentences() {
    var seen = {};
    Array.prototype.forEach.call(text.querySelectorAll(".unc[data-s]"), function (n) {
      seen[n.getAttribute("data-s")] = true;
    });
    return Object.keys(seen).length;
  }
  coverageBox.addEventListener("change", function () {
    body.classList.toggle("coverage", coverageBox.checked);
    var missing = uncoveredSentences();
    coverageStatus.textContent = coverageBox.checked ?
      missing + " of " + data.sentences + " sentences have no annotation; they are highlighted." : "";
    reader.uncovered = missing;
  });

  function goTo() {
    var hash = decodeURIComponent(window.location.hash.slice(1));
    var pieces = [], indexes = [];
    var range = /^char=(\d+),(\d+)$/.exec(hash);
    if (range) {
      var a = +range[1], b = +range[2];
      pieces = Array.prototype.filter.call(text.querySelectorAll("[data-start]"), function (p) {
        return +p.getAttribute("data-start") < b && +p.getAttribute("data-end") > a;
      });
      spans.forEach(function (s, i) { if (s.start < b && s.end > a) { indexes.push(i); } });
    } else if (/^st-/.test(hash)) {
      var first = document.getElementById(hash);
      if (first) {
        var key = spans[spansOf(first)[0]].key;
        spans.forEach(function (s, i) {
          if (s.key === key) { indexes.push(i); pieces = pieces.concat(piecesOf(i)); }
        });
      }
    }
    mark(pieces, "target");
    reader.target = pieces.map(function (p) { return p.textContent; });
    if (pieces.length) {
      pieces[0].scrollIntoView({ block: "center" });
      showPanel(indexes);
    }
  }
  window.addEventListener("hashchange", goTo);
  goTo();
  reader.ready = true;
  body.setAttribute("data-ready", "true");
})();
