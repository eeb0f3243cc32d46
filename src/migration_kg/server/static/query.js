const examples = JSON.parse(document.getElementById('examples').textContent);
const picker = document.getElementById('example');
const box = document.getElementById('query');
const out = document.getElementById('out');
const state = document.getElementById('state');
for (const [name, text] of Object.entries(examples)) {
  const option = document.createElement('option');
  option.value = name; option.textContent = name; picker.appendChild(option);
}
picker.addEventListener('change', () => { if (picker.value) box.value = examples[picker.value]; });
const links = JSON.parse(document.getElementById('links').textContent);
function cell(term) { return term ? term.value : ''; }
function fill(td, term) {
  // An IRI of this dataset links to its page on this server (the site beside the endpoint).
  if (links && term && term.type === 'uri' && term.value.startsWith(links.base) &&
      !term.value.startsWith(links.ontology)) {
    const a = document.createElement('a');
    a.href = '/' + term.value.slice(links.base.length);
    a.textContent = term.value;
    td.appendChild(a);
  } else { td.textContent = cell(term); }
}
function table(data) {
  const t = document.createElement('table');
  const head = t.insertRow();
  for (const v of data.head.vars) { const th = document.createElement('th');
    th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) { const row = t.insertRow();
    for (const v of data.head.vars) fill(row.insertCell(), b[v]); }
  return t;
}
document.getElementById('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const accept = document.getElementById('accept').value;
  out.replaceChildren(); state.textContent = 'running...';
  const started = performance.now();
  try {
    const response = await fetch('sparql', {method: 'POST', body: box.value,
      headers: {'Content-Type': 'application/sparql-query', 'Accept': accept}});
    const text = await response.text();
    const ms = Math.round(performance.now() - started);
    state.textContent = response.status + ' ' + response.statusText + ' in ' + ms + ' ms';
    const type = response.headers.get('Content-Type') || '';
    if (response.ok && type.includes('json') && accept.includes('sparql-results+json')) {
      const data = JSON.parse(text);
      if ('boolean' in data) { out.textContent = String(data.boolean); }
      else { state.textContent += ', ' + data.results.bindings.length + ' rows';
             out.appendChild(table(data)); }
    } else {
      const pre = document.createElement('pre'); pre.textContent = text; out.appendChild(pre);
    }
  } catch (error) { state.textContent = 'request failed: ' + error; }
});
