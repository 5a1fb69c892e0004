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
    if (a.diff) {
      page.appendChild(el('h2', { text: 'Changes in the last build' }));
      if (data.diff) { page.appendChild(el('p', { cls: 'meta', text: 'Snapshot ' + data.diff.fromSnapshot + ' \u2192 ' + data.diff.toSnapshot
        + (data.diff.toRun ? ' (run ' + data.diff.toRun + ')' : '') + ', by time travel.' })); }
      page.appendChild(diffSection(a.diff));
    }
    if (a.rowCounts && a.rowCounts.length) {
      page.appendChild(el('h2', { text: 'Rows over recent builds' }));
      page.appendChild(chart('rows', a.rowCounts, 'rows'));
    }
    (a.measurements || []).forEach(function (m) {
      page.appendChild(el('h2', {}, [link('test:' + m.test), ' over recent builds']));
      page.appendChild(chart('measure:' + m.test, m.points, ''));
    });
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

  /* ---- diff and charts ---- */
  function fmt(v) { return v == null ? '' : Math.abs(v) >= 1e15 || v === Math.round(v) ? Number(v).toLocaleString('en') : Number(v.toPrecision(6)).toLocaleString('en'); }
  function pct(c) { return c == null ? '' : (c > 0 ? '+' : '') + (100 * c).toFixed(2) + '%'; }
  function keys(list, count) { return (list || []).join(', ') + (count > (list || []).length ? ' and ' + (count - list.length) + ' more' : ''); }
  /** A model's entry of the last build's diff, as a short table: what was compared, which keys changed, what moved. */
  function diffSection(d) {
    var box = el('div', { cls: 'diff', 'data-state': d.state });
    var rows = (d.rowsBefore >= 0 ? num(d.rowsBefore) : '\u2013') + ' \u2192 ' + (d.rowsAfter >= 0 ? num(d.rowsAfter) : '\u2013');
    box.appendChild(el('p', {}, [badge(d.state), ' ' + (d.rowsBefore >= 0 || d.rowsAfter >= 0 ? rows + ' rows' : '')
      + (d.key && d.key.length ? ' \u00b7 matched by ' + d.key.join(', ') : '') + (d.note ? ' \u00b7 ' + d.note : '')]));
    var lines = [];
    if (d.added > 0) { lines.push(['added', num(d.added), keys(d.addedKeys, d.added)]); }
    if (d.removed > 0) { lines.push(['removed', num(d.removed), keys(d.removedKeys, d.removed)]); }
    if (d.changed > 0) { lines.push(['changed', num(d.changed), keys(d.changedKeys, d.changed)]); }
    if (lines.length) { box.appendChild(table(['rows', 'count', d.key && d.key.length ? 'keys' : ''], lines)); }
    var cols = Object.keys(d.changedColumns || {}).filter(function (c) { return d.changedColumns[c] > 0; });
    if (cols.length) { box.appendChild(table(['column', 'rows changed'], cols.map(function (c) { return [c, { num: num(d.changedColumns[c]) }]; }))); }
    var moved = (d.numeric || []).filter(function (n) { return ['sum', 'mean', 'min', 'max'].some(function (k) { return n[k].before !== n[k].after; }); });
    if (moved.length) {
      box.appendChild(table(['column', 'sum', 'mean', 'min', 'max'], moved.map(function (n) {
        return [n.column].concat(['sum', 'mean', 'min', 'max'].map(function (k) {
          var m = n[k];
          return m.before === m.after ? fmt(m.after) : fmt(m.before) + ' \u2192 ' + fmt(m.after) + ' (' + pct(m.change) + ')';
        }));
      })));
    }
    return box;
  }
  /**
   * A line chart of values over builds, drawn here as inline SVG (no library, no network). A point whose value moved
   * more than 5% from the one before is a jump, drawn larger and in red so it stands out at a glance.
   */
  function chart(name, points, unit) {
    var w = 520, h = 150, left = 64, right = 14, top = 12, bottom = 28;
    var box = el('div', { cls: 'chart', 'data-chart': name });
    var s = svg('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img' });
    var values = points.map(function (p) { return p.value; });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    if (lo === hi) { lo = lo - 1; hi = hi + 1; }
    var x = function (i) { return points.length === 1 ? left + (w - left - right) / 2 : left + i * (w - left - right) / (points.length - 1); };
    var y = function (v) { return top + (hi - v) * (h - top - bottom) / (hi - lo); };
    s.appendChild(svg('line', { 'class': 'axis', x1: left, y1: h - bottom, x2: w - right, y2: h - bottom }));
    s.appendChild(svg('line', { 'class': 'axis', x1: left, y1: top, x2: left, y2: h - bottom }));
    [[hi, top + 4], [lo, h - bottom]].forEach(function (t) {
      var label = svg('text', { 'class': 'tick', x: left - 6, y: t[1], 'text-anchor': 'end' });
      label.textContent = fmt(t[0]);
      s.appendChild(label);
    });
    s.appendChild(svg('polyline', { 'class': 'series', points: points.map(function (p, i) { return x(i) + ',' + y(p.value); }).join(' ') }));
    points.forEach(function (p, i) {
      var before = i > 0 ? points[i - 1].value : null;
      var jump = before != null && (before === 0 ? p.value !== 0 : Math.abs(p.value - before) / Math.abs(before) > 0.05);
      var dot = svg('circle', { 'class': 'point' + (jump ? ' jump' : ''), cx: x(i), cy: y(p.value), r: jump ? 5 : 3.5,
        'data-value': p.value, 'data-snapshot': p.snapshot });
      var tip = svg('title', {});
      tip.textContent = fmt(p.value) + ' ' + unit + ' at snapshot ' + p.snapshot + (p.runId ? ' (run ' + p.runId + ')' : '')
        + (jump ? ', ' + pct((p.value - before) / Math.abs(before || 1)) + ' from the build before' : '');
      dot.appendChild(tip);
      s.appendChild(dot);
      if (i === 0 || i === points.length - 1) {
        var label = svg('text', { 'class': 'tick', x: x(i), y: h - 8, 'text-anchor': i === 0 && points.length > 1 ? 'start' : 'end' });
        label.textContent = 'snapshot ' + p.snapshot;
        s.appendChild(label);
      }
    });
    box.appendChild(s);
    return box;
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
      if (run.diff) {
        var changed = run.diff.models.filter(function (m) { return m.state !== 'unchanged' && m.state !== 'absent'; });
        details.appendChild(el('p', { cls: 'meta run-diff', text: 'What this build changed (snapshot ' + run.diff.fromSnapshot + ' \u2192 '
          + run.diff.toSnapshot + '): ' + changed.length + ' of ' + run.diff.models.length + ' models.' }));
        if (changed.length) {
          details.appendChild(table(['model', 'state', 'rows', 'added', 'removed', 'changed', 'keys'], changed.map(function (m) {
            return [link((byId['seed:' + m.model] ? 'seed:' : 'model:') + m.model), badge(m.state),
              { num: (m.rowsBefore >= 0 ? num(m.rowsBefore) : '\u2013') + ' \u2192 ' + (m.rowsAfter >= 0 ? num(m.rowsAfter) : '\u2013') },
              { num: num(m.added) }, { num: num(m.removed) }, { num: m.changed >= 0 ? num(m.changed) : '' },
              keys(m.changedKeys.concat(m.addedKeys, m.removedKeys), m.changed + m.added + m.removed)];
          })));
        }
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
