/* Testbed docs: a static, offline page script. Data comes from data.js (window.TESTBED_DOCS). */
(function () {
  'use strict';
  var data = window.TESTBED_DOCS;
  var page = document.getElementById('page');
  var byId = {};
  data.assets.forEach(function (a) { byId[a.id] = a; });
  var SVG = 'http://www.w3.org/2000/svg';
  // 70 test nodes would swamp a dozen assets: the graph starts with assets only, each showing a count of its tests
  var showTests = false;
  var view = { x: 0, y: 0, scale: 1 };
  var onResize = null;
  window.addEventListener('resize', function () { if (onResize) { onResize(); } });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else if (k === 'cls') { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  /* Sets the text, cut with an ellipsis to fit maxWidth as the browser measures it (names vary too much for a character count). */
  function fitText(node, text, maxWidth) {
    node.textContent = text;
    if (node.getComputedTextLength() <= maxWidth) { return; }
    var fits = 0, tooLong = text.length;
    while (tooLong - fits > 1) {
      var mid = (fits + tooLong) >> 1;
      node.textContent = text.slice(0, mid) + '\u2026';
      if (node.getComputedTextLength() <= maxWidth) { fits = mid; } else { tooLong = mid; }
    }
    node.textContent = text.slice(0, fits) + '\u2026';
  }
  var FAILING = { fail: true, error: true };
  /* The tests declared on an asset, as a count and how many of them fail or warn. */
  function testTally(a) {
    var tally = { total: 0, failing: 0, warning: 0, neverRun: 0 };
    (a.tests || []).forEach(function (id) {
      var t = byId[id], status = t ? t.status : '';
      tally.total++;
      if (FAILING[status]) { tally.failing++; } else if (status === 'warn') { tally.warning++; } else if (!status || status === 'never run') { tally.neverRun++; }
    });
    return tally;
  }
  function statusClass(status) { return 'st-' + (status ? String(status).replace(/\s+/g, '-') : 'none'); }
  function badge(status) { return el('span', { cls: 'badge ' + statusClass(status), text: status || 'never run' }); }
  function link(id) { var a = byId[id]; return el('a', { href: '#/asset/' + encodeURIComponent(id), 'data-id': id, text: a ? a.name : id }); }
  function seconds(ms) { return ms == null ? '' : (ms / 1000).toFixed(2) + ' s'; }
  function num(n) { return n == null || n < 0 ? '' : Number(n).toLocaleString('en'); }
  function when(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC') : ''; }
  function table(headers, rows) {
    var t = el('table', {}, [el('thead', {}, [el('tr', {}, headers.map(function (h) { return el('th', { text: h }); }))])]);
    var body = el('tbody');
    rows.forEach(function (r) {
      body.appendChild(el('tr', {}, r.map(function (c) {
        if (c instanceof Node) { return el('td', {}, [c]); }
        if (c && c.num !== undefined) { return el('td', { cls: 'num', text: c.num }); }
        return el('td', { text: c == null ? '' : String(c) });
      })));
    });
    t.appendChild(body);
    return t;
  }
  function tallyText(t) {
    var parts = [];
    if (t.total - t.failing - t.warning - t.neverRun) { parts.push((t.total - t.failing - t.warning - t.neverRun) + ' passed'); }
    if (t.warning) { parts.push(t.warning + ' warned'); }
    if (t.failing) { parts.push(t.failing + ' failed'); }
    if (t.neverRun) { parts.push(t.neverRun + ' never run'); }
    return t.total + (t.total === 1 ? ' data test: ' : ' data tests: ') + parts.join(', ');
  }
  function setActive(which) {
    document.getElementById('nav-lineage').className = which === 'lineage' ? 'active' : '';
    document.getElementById('nav-runs').className = which === 'runs' ? 'active' : '';
  }

  /* ---- lineage graph ---- */
  function lineage() {
    setActive('lineage');
    page.textContent = '';
    var counts = {};
    data.assets.forEach(function (a) { counts[a.kind] = (counts[a.kind] || 0) + 1; });
    page.appendChild(el('h1', { text: 'Lineage of ' + data.project }));
    page.appendChild(el('p', { cls: 'meta', text: data.warehouse + ' \u00b7 ' + data.snapshots + ' snapshots \u00b7 generated ' + when(data.generatedAt) }));
    if (data.lakeNote) { page.appendChild(el('p', { cls: 'note', text: data.lakeNote })); }
    var toggle = el('input', { type: 'checkbox', id: 'show-tests' });
    toggle.checked = showTests;
    toggle.addEventListener('change', function () { showTests = toggle.checked; draw(); });
    var fit = el('button', { type: 'button', id: 'fit', text: 'Fit' });
    var legend = el('span', { cls: 'legend' }, ['source', 'seed', 'model', 'test'].map(function (k) {
      return el('span', { cls: 'key' }, [el('i', { cls: 'swatch kind-' + k, 'aria-hidden': 'true' }), k + 's (' + (counts[k] || 0) + ')']);
    }));
    page.appendChild(el('div', { cls: 'graph-tools' }, [el('label', {}, [toggle, ' show tests']), fit, legend,
      el('span', { text: 'drag to pan, wheel to zoom, click a node to open it' })]));
    var box = el('div', { id: 'graph' });
    page.appendChild(box);
    var root = svg('svg', { width: '100%', height: '100%' });
    var group = svg('g', { id: 'viewport' });
    root.appendChild(group);
    box.appendChild(root);

    function apply() { group.setAttribute('transform', 'translate(' + view.x + ',' + view.y + ') scale(' + view.scale + ')'); }
    /* The graph box ends at the window's bottom edge, wherever the header above it ends, so the whole graph is in view. */
    function sizeBox() {
      box.style.height = Math.max(320, window.innerHeight - box.getBoundingClientRect().top - 12) + 'px';
    }
    /* The whole graph, centred, never enlarged past its natural size; the wheel zooms in from there. */
    function fitView(layout) {
      var w = box.clientWidth || 1000, h = box.clientHeight || 600;
      view.scale = Math.min(1, w / layout.width, h / layout.height);
      view.x = (w - layout.width * view.scale) / 2;
      view.y = (h - layout.height * view.scale) / 2;
      apply();
    }
    function currentLayout() { return showTests ? data.layouts.all : data.layouts.noTests; }
    function node(id, at, layout) {
      var a = byId[id], w = layout.nodeWidth;
      var g = svg('g', { 'class': 'node kind-' + a.kind, 'data-id': id, transform: 'translate(' + at[0] + ',' + at[1] + ')' });
      group.appendChild(g); // attached first: text is measured as it will render
      var tally = testTally(a);
      var title = svg('title');
      title.textContent = a.name + ' (' + a.kind + (a.materialization ? ', ' + a.materialization : '') + ') \u2014 ' + (a.status || 'never run')
        + (a.upToDate || a.kind === 'source' ? '' : ', stale') + (tally.total ? '\n' + tallyText(tally) : '');
      g.appendChild(title);
      g.appendChild(svg('rect', { 'class': 'box', width: w, height: layout.nodeHeight }));
      var dot = svg('circle', { cx: w - 12, cy: 13, r: 5, 'class': 'dot ' + statusClass(a.status === 'never run' ? '' : a.status) });
      g.appendChild(dot);
      var label = svg('text', { x: 10, y: 17, 'class': 'label' });
      g.appendChild(label);
      fitText(label, a.name, w - 10 - 24); // stops short of the status dot
      var subEnd = w - 8;
      if (tally.total && a.kind !== 'test') {
        var badge = svg('g', { 'class': 'tests-badge' + (tally.failing ? ' failing' : tally.warning ? ' warning' : '') });
        g.appendChild(badge);
        var pill = svg('rect', { y: 22, height: 14, rx: 7 });
        badge.appendChild(pill);
        var count = svg('text', { y: 32.5 });
        badge.appendChild(count);
        // short, so the subtitle keeps its room: the node's tooltip has the full tally
        count.textContent = tally.failing ? tally.failing + '/' + tally.total + ' failing' : tally.warning ? tally.warning + '/' + tally.total + ' warn'
          : tally.total + (tally.total === 1 ? ' test' : ' tests');
        var width = count.getComputedTextLength() + 12;
        pill.setAttribute('x', w - 8 - width);
        pill.setAttribute('width', width);
        count.setAttribute('x', w - 8 - width + 6);
        subEnd = w - 8 - width - 6;
      }
      var sub = svg('text', { x: 10, y: 32, 'class': 'sub' });
      g.appendChild(sub);
      fitText(sub, (a.materialization || a.kind) + ' \u00b7 ' + (a.status || 'never run') + (a.upToDate || a.kind === 'source' ? '' : ' \u00b7 stale'),
        subEnd - 10);
      g.addEventListener('click', function (ev) { ev.stopPropagation(); if (!moved) { location.hash = '#/asset/' + encodeURIComponent(id); } });
    }
    function draw() {
      var layout = currentLayout();
      group.textContent = '';
      layout.edges.forEach(function (e) {
        var p = e.points, d = 'M' + p[0][0] + ',' + p[0][1];
        for (var i = 1; i < p.length; i++) {
          var mid = (p[i - 1][0] + p[i][0]) / 2;
          d += p[i][1] === p[i - 1][1] && i % 2 === 0 ? ' L' + p[i][0] + ',' + p[i][1]
            : ' C' + mid + ',' + p[i - 1][1] + ' ' + mid + ',' + p[i][1] + ' ' + p[i][0] + ',' + p[i][1];
        }
        group.appendChild(svg('path', { d: d, 'class': 'edge', 'data-from': e.from, 'data-to': e.to }));
      });
      Object.keys(layout.nodes).forEach(function (id) { node(id, layout.nodes[id], layout); });
      fitView(layout);
    }
    var dragging = null, moved = false;
    box.addEventListener('mousedown', function (ev) { dragging = { x: ev.clientX - view.x, y: ev.clientY - view.y, sx: ev.clientX, sy: ev.clientY }; moved = false; });
    window.addEventListener('mousemove', function (ev) {
      if (!dragging) { return; }
      if (Math.abs(ev.clientX - dragging.sx) + Math.abs(ev.clientY - dragging.sy) > 4) { moved = true; }
      view.x = ev.clientX - dragging.x; view.y = ev.clientY - dragging.y; apply();
    });
    window.addEventListener('mouseup', function () { dragging = null; });
    box.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var rect = box.getBoundingClientRect(), mx = ev.clientX - rect.left, my = ev.clientY - rect.top;
      var factor = ev.deltaY < 0 ? 1.15 : 1 / 1.15;
      view.x = mx - (mx - view.x) * factor; view.y = my - (my - view.y) * factor; view.scale *= factor; apply();
    }, { passive: false });
    fit.addEventListener('click', function () { fitView(currentLayout()); });
    onResize = function () { sizeBox(); fitView(currentLayout()); };
    sizeBox();
    draw();
  }

  /* ---- one asset ---- */
  function assetPage(id) {
    setActive('');
    onResize = null;
    var a = byId[id];
    page.textContent = '';
    if (!a) { page.appendChild(el('h1', { text: 'No asset ' + id })); return; }
    page.setAttribute('data-asset', id);
    page.appendChild(el('h1', { text: a.name }));
    page.appendChild(el('p', { cls: 'meta' }, [a.kind + (a.materialization ? ' \u00b7 ' + a.materialization : '')
      + (a.relation ? ' \u00b7 ' + a.relation : '') + (a.file ? ' \u00b7 ' + a.file : '') + ' \u00b7 ', badge(a.status),
      ' ' + (a.freshness || '') + (a.rows >= 0 ? ' \u00b7 ' + num(a.rows) + ' rows' : '')]));
    if (a.description) { page.appendChild(el('p', { cls: 'description', text: a.description })); }
    page.appendChild(el('h2', { text: 'Upstream' }));
    page.appendChild(el('p', { cls: 'links upstream' }, a.upstream.length ? a.upstream.map(link) : ['none']));
    page.appendChild(el('h2', { text: 'Downstream' }));
    page.appendChild(el('p', { cls: 'links downstream' }, a.downstream.length ? a.downstream.map(link) : ['none']));
    if (a.columns.length) {
      page.appendChild(el('h2', { text: 'Columns' }));
      page.appendChild(table(['column', 'type', 'description', 'tests'], a.columns.map(function (c) {
        return [c.name, c.type, c.description, el('span', { cls: 'links' }, c.tests.map(function (t) { return link('test:' + t); }))];
      })));
    }
    page.appendChild(el('h2', { text: a.kind === 'test' ? 'Results' : 'Materialization history' }));
    if (a.history.length) {
      page.appendChild(table(['run', 'when', 'status', 'snapshot', 'duration', a.kind === 'test' ? 'failing rows' : 'rows'], a.history.map(function (h) {
        return [h.runId, when(h.started), badge(h.status), { num: String(h.snapshot) }, { num: seconds(h.durationMs) }, { num: num(h.rows) }];
      })));
    } else {
      page.appendChild(el('p', { cls: 'meta', text: 'Nothing recorded in the lake yet.' }));
    }
    if (a.rawSql) { page.appendChild(el('h2', { text: 'Source' })); page.appendChild(el('pre', { cls: 'raw-sql', text: a.rawSql })); }
    if (a.compiledSql) { page.appendChild(el('h2', { text: 'Compiled SQL' })); page.appendChild(el('pre', { cls: 'compiled-sql', text: a.compiledSql })); }
  }

  /* ---- run history ---- */
  function runsPage() {
    setActive('runs');
    onResize = null;
    page.textContent = '';
    page.appendChild(el('h1', { text: 'Run history' }));
    page.appendChild(el('p', { cls: 'meta', text: 'From the lake\u2019s own tables testbed.model_runs and testbed.test_runs; one entry per build.' }));
    if (!data.runs.length) { page.appendChild(el('p', { text: 'No runs recorded yet.' })); }
    data.runs.forEach(function (run, i) {
      var count = {};
      run.models.concat(run.tests).forEach(function (r) { count[r.status] = (count[r.status] || 0) + 1; });
      var summary = Object.keys(count).sort().map(function (k) { return k + ' ' + count[k]; }).join(', ');
      var details = el('details', { cls: 'run', 'data-run': run.runId });
      if (i === 0) { details.setAttribute('open', ''); }
      details.appendChild(el('summary', { text: when(run.started) + ' \u2014 run ' + run.runId + ' \u2014 ' + run.models.length + ' models, '
        + run.tests.length + ' tests (' + summary + ')' }));
      if (run.models.length) {
        details.appendChild(table(['model', 'status', 'snapshot', 'duration', 'rows', 'message'], run.models.map(function (m) {
          return [link((byId['seed:' + m.name] ? 'seed:' : 'model:') + m.name), badge(m.status), { num: String(m.snapshot) },
            { num: seconds(m.durationMs) }, { num: num(m.rows) }, m.message];
        })));
      }
      if (run.tests.length) {
        details.appendChild(table(['test', 'status', 'failing rows', 'duration'], run.tests.map(function (t) {
          return [link('test:' + t.name), badge(t.status), { num: num(t.failures) }, { num: seconds(t.durationMs) }];
        })));
      }
      page.appendChild(details);
    });
  }

  /* ---- search ---- */
  var search = document.getElementById('search');
  var results = document.getElementById('search-results');
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    results.textContent = '';
    document.querySelectorAll('.node.hit').forEach(function (n) { n.classList.remove('hit'); });
    if (!q) { results.hidden = true; return; }
    var hits = data.assets.filter(function (a) { return a.name.toLowerCase().indexOf(q) >= 0; })
      .sort(function (x, y) { return x.name.toLowerCase().indexOf(q) - y.name.toLowerCase().indexOf(q) || x.name.length - y.name.length; });
    hits.slice(0, 50).forEach(function (a, i) {
      var item = link(a.id);
      if (i === 0) { item.className = 'selected'; }
      item.appendChild(el('span', { cls: 'kind', text: a.kind }));
      results.appendChild(el('li', {}, [item]));
      var node = document.querySelector('.node[data-id="' + CSS.escape(a.id) + '"]');
      if (node) { node.classList.add('hit'); }
    });
    if (!hits.length) { results.appendChild(el('li', { cls: 'meta', text: 'No asset matches \u201c' + search.value + '\u201d' })); }
    results.hidden = false;
  }
  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { var first = results.querySelector('a'); if (first) { location.hash = first.getAttribute('href'); results.hidden = true; } }
    if (ev.key === 'Escape') { results.hidden = true; }
  });
  results.addEventListener('click', function () { results.hidden = true; });

  /* ---- routing ---- */
  function route() {
    page.removeAttribute('data-asset');
    var hash = location.hash || '#/';
    if (hash.indexOf('#/asset/') === 0) { assetPage(decodeURIComponent(hash.slice('#/asset/'.length))); window.scrollTo(0, 0); }
    else if (hash === '#/runs') { runsPage(); }
    else { lineage(); }
  }
  window.addEventListener('hashchange', route);
  route();
}());
