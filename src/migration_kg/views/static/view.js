(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("mkg-data").textContent);
  var nodes = new vis.DataSet(payload.nodes);
  var edges = new vis.DataSet(payload.edges);
  var container = document.getElementById("mkg-network");
  var state = { nodes: nodes, edges: edges, drawnAt: null, ready: false, drawCount: 0 };
  window.mkgView = state;
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, payload.options);
  state.network = network;
  window.network = network;
  network.on("afterDrawing", function () {
    state.drawCount += 1;
    if (!state.ready) {
      state.ready = true;
      state.drawnAt = performance.now();
      document.body.setAttribute("data-ready", "true");
    }
  });
  network.fit({ animation: false });

  var details = document.getElementById("mkg-details");
  var hint = details.textContent;
  function show(item) { details.textContent = item ? item.details || item.title || "" : hint; }
  network.on("click", function (p) {
    if (p.nodes.length) { show(nodes.get(p.nodes[0])); }
    else if (p.edges.length) { show(edges.get(p.edges[0])); }
    else { show(null); }
  });

  var boxes = Array.prototype.slice.call(
    document.querySelectorAll("#mkg-filter input[type=checkbox]"));
  var shown = document.getElementById("mkg-shown");
  function applyFilter() {
    var hidden = {};
    boxes.forEach(function (b) { hidden[b.value] = !b.checked; });
    var updates = [];
    nodes.forEach(function (n) {
      var h = hidden[n.group] === true;
      if ((n.hidden === true) !== h) { updates.push({ id: n.id, hidden: h }); }
    });
    if (updates.length) { nodes.update(updates); }
    var visible = nodes.get({ filter: function (n) { return n.hidden !== true; } }).length;
    shown.textContent = visible + " of " + nodes.length + " nodes shown";
  }
  boxes.forEach(function (b) { b.addEventListener("change", applyFilter); });
  state.applyFilter = applyFilter;

  var search = document.getElementById("mkg-search");
  var names = document.getElementById("mkg-names");
  payload.nodes.slice(0, payload.maxOptions).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.label;
    names.appendChild(option);
  });
  var status = document.getElementById("mkg-search-status");
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { status.textContent = ""; network.unselectAll(); return []; }
    var exact = [], partial = [];
    nodes.forEach(function (n) {
      var label = String(n.label).toLowerCase(), id = String(n.id).toLowerCase();
      if (label === q || id === q) { exact.push(n.id); }
      else if (label.indexOf(q) >= 0 || id.indexOf(q) >= 0) { partial.push(n.id); }
    });
    var found = exact.concat(partial);
    status.textContent = found.length ? found.length + " match(es)" : "no match";
    if (found.length) {
      network.selectNodes(found);
      network.focus(found[0], { scale: 1.2, animation: false });
      show(nodes.get(found[0]));
    }
    return found;
  }
  state.find = find;
  document.getElementById("mkg-search-form").addEventListener("submit", function (e) {
    e.preventDefault();
    find(search.value);
  });
  search.addEventListener("change", function () { find(search.value); });
})();
