/**
 * The docs page's program, inlined into index.html after elk.bundled.js (which defines `ELK`). It
 * is plain browser JavaScript kept as text: the page must work from a single file with no build
 * step of its own, and the DOM is not in this project's TypeScript lib. It reads the data embedded
 * in `#strata-docs-data`, routes on `#!/<resource_type>/<unique_id>`, and lays out each node's
 * lineage with ELK's layered algorithm when the node is opened.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('strata-docs-data').textContent);
  var NODES = {};
  DATA.nodes.forEach(function (n) { NODES[n.id] = n; });
  var TYPES = ['model', 'seed', 'snapshot', 'source', 'analysis', 'test'];
  var TYPE_TITLES = { model: 'Models', seed: 'Seeds', snapshot: 'Snapshots', source: 'Sources', analysis: 'Analyses', test: 'Tests' };
  var TYPE_COLORS = { model: '#2563eb', seed: '#059669', snapshot: '#9333ea', source: '#d97706', analysis: '#64748b', test: '#dc2626' };
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var state = { mode: 'model', depth: 2, sqlTab: null, layoutToken: 0 };
  var elk = typeof ELK === 'function' ? new ELK() : null;

  function h(tag, attrs, children) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      e.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return e;
  }
  function svgEl(tag, attrs, children) {
    var e = document.createElementNS(SVG_NS, tag);
    setAttrs(e, attrs);
    (children || []).forEach(function (child) { if (child) e.appendChild(child); });
    return e;
  }
  function setAttrs(e, attrs) {
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === 'text') e.textContent = value;
      else if (key.indexOf('on') === 0) e.addEventListener(key.slice(2), value);
      else e.setAttribute(key, value === true ? '' : String(value));
    });
  }
  function nodeHref(n) { return '#!/' + n.type + '/' + encodeURIComponent(n.id); }
  function currentNode() {
    var m = /^#!\/([a-z_]+)\/(.+)$/.exec(location.hash);
    return m ? NODES[decodeURIComponent(m[2])] || null : null;
  }
  function badge(type, text) { return h('span', { class: 'badge ' + type, text: text || type }); }

  // ---------------------------------------------------------------- sidebar and search
  function renderSidebar() {
    document.getElementById('project-name').textContent = DATA.project;
    var list = document.getElementById('node-list');
    TYPES.forEach(function (type) {
      var nodes = DATA.nodes.filter(function (n) { return n.type === type; });
      if (nodes.length === 0) return;
      var details = h('details', { 'data-type': type, open: type !== 'test' }, [h('summary', { text: TYPE_TITLES[type] + ' (' + nodes.length + ')' })]);
      var ul = h('ul');
      nodes.forEach(function (n) { ul.appendChild(h('li', null, [h('a', { href: nodeHref(n), 'data-id': n.id, title: n.id, text: n.name })])); });
      details.appendChild(ul);
      list.appendChild(details);
    });
    var input = document.getElementById('search');
    var pending = null;
    // A short pause before searching keeps typing smooth in projects of thousands of nodes.
    input.addEventListener('input', function () {
      clearTimeout(pending);
      pending = setTimeout(function () { search(input.value); }, DATA.nodes.length > 2000 ? 120 : 0);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        clearTimeout(pending);
        search(input.value);
        var first = document.querySelector('#search-results a');
        if (first) location.hash = first.getAttribute('href');
      } else if (event.key === 'Escape') {
        input.value = '';
        search('');
      }
    });
  }

  /** Name matches first (exact, prefix, anywhere), then unique_id, column names and descriptions. */
  function search(query) {
    var q = query.trim().toLowerCase();
    var list = document.getElementById('node-list');
    var results = document.getElementById('search-results');
    results.textContent = '';
    if (!q) { results.hidden = true; list.hidden = false; markCurrent(); return; }
    var scored = [];
    DATA.nodes.forEach(function (n) {
      var name = n.name.toLowerCase();
      var score = -1;
      var match = '';
      if (name === q) score = 0;
      else if (name.indexOf(q) === 0) score = 1;
      else if (name.indexOf(q) >= 0) score = 2;
      else if (n.id.toLowerCase().indexOf(q) >= 0) score = 3;
      else {
        var column = n.columns.filter(function (c) { return c.name.toLowerCase().indexOf(q) >= 0; })[0];
        if (column) { score = 4; match = 'column ' + column.name; }
        else if (n.description.toLowerCase().indexOf(q) >= 0) { score = 5; match = 'description'; }
      }
      if (score >= 0) scored.push({ node: n, score: score, match: match });
    });
    scored.sort(function (a, b) {
      return a.score - b.score || TYPES.indexOf(a.node.type) - TYPES.indexOf(b.node.type) || a.node.name.localeCompare(b.node.name);
    });
    list.hidden = true;
    results.hidden = false;
    results.appendChild(h('div', { class: 'hint', text: scored.length === 0 ? 'Nothing matches.' : scored.length + (scored.length === 1 ? ' match' : ' matches') + (scored.length > 200 ? ', first 200 shown' : '') }));
    var ul = h('ul');
    scored.slice(0, 200).forEach(function (r) {
      ul.appendChild(h('li', null, [h('a', { href: nodeHref(r.node), 'data-id': r.node.id, title: r.node.id, class: 'result' }, [badge(r.node.type), r.node.name, r.match ? h('span', { class: 'match', text: r.match }) : null])]));
    });
    results.appendChild(ul);
    markCurrent();
  }

  function markCurrent() {
    var node = currentNode();
    document.querySelectorAll('#sidebar a[data-id]').forEach(function (a) {
      var current = node !== null && a.getAttribute('data-id') === node.id;
      a.classList.toggle('current', current);
      if (current && a.offsetParent !== null) {
        var details = a.closest('details');
        if (details) details.open = true;
        a.scrollIntoView({ block: 'nearest' });
      }
    });
  }

  // ---------------------------------------------------------------- pages
  function route() {
    var node = currentNode();
    var main = document.getElementById('content');
    main.textContent = '';
    main.scrollTop = 0;
    if (node) renderNode(node, main);
    else renderOverview(main);
    markCurrent();
  }

  function renderOverview(main) {
    document.title = DATA.project + ' · docs';
    main.appendChild(h('h2', { text: DATA.project }));
    main.appendChild(h('p', { class: 'meta', text: 'Generated ' + DATA.generatedAt + (DATA.hasCatalog ? ', with column types from the database.' : ', without a database (column types as declared).') }));
    var table = h('table', { class: 'overview-counts' });
    TYPES.forEach(function (type) {
      var count = DATA.nodes.filter(function (n) { return n.type === type; }).length;
      if (count) table.appendChild(h('tr', null, [h('td', { text: TYPE_TITLES[type] }), h('td', { text: String(count) })]));
    });
    main.appendChild(table);
    main.appendChild(h('p', { class: 'meta', text: 'Search on the left, or pick a node, to see its columns, SQL and lineage.' }));
  }

  function renderNode(n, main) {
    document.title = n.name + ' · ' + DATA.project + ' docs';
    main.appendChild(h('h2', { id: 'node-title' }, [badge(n.type), n.name]));
    var facts = [];
    if (n.materialized) facts.push(['materialized', n.materialized]);
    if (n.relation) facts.push(['relation', n.relation + (n.relationType ? ' (' + n.relationType.toLowerCase() + ')' : '')]);
    facts.push(['file', n.path]);
    facts.push(['unique_id', n.id]);
    if (n.tags.length) facts.push(['tags', n.tags.join(', ')]);
    facts.forEach(function (fact) { main.appendChild(h('div', { class: 'meta', 'data-fact': fact[0] }, [fact[0] + ': ', h('code', { text: fact[1] })])); });
    if (n.testedNode && NODES[n.testedNode]) {
      main.appendChild(h('div', { class: 'meta' }, ['tests ', h('a', { href: nodeHref(NODES[n.testedNode]), text: NODES[n.testedNode].name }), n.testedColumn ? ', column ' + n.testedColumn : '']));
    }
    main.appendChild(h('div', { id: 'description', class: 'description' + (n.description ? '' : ' empty'), text: n.description || 'No description.' }));

    if (n.type !== 'test' || n.columns.length) renderColumns(n, main);
    renderLineage(n, main);
    renderRelations(n, main);
    renderSql(n, main);
  }

  function renderColumns(n, main) {
    main.appendChild(h('h3', { text: 'Columns' }));
    if (n.columns.length === 0) {
      main.appendChild(h('p', { class: 'empty', text: 'No columns are known: declare them in a properties file, or generate the docs with a database connection.' }));
      return;
    }
    var table = h('table', { id: 'columns' }, [h('thead', null, [h('tr', null, [h('th', { text: 'Column' }), h('th', { text: 'Type' }), h('th', { text: 'Description' }), h('th', { text: 'Tests' })])])]);
    var body = h('tbody');
    n.columns.forEach(function (c) {
      var tests = c.tests.map(function (t) { return NODES[t.id] ? h('a', { class: 'test-chip', href: nodeHref(NODES[t.id]), title: t.id, text: t.name }) : h('span', { class: 'test-chip', text: t.name }); });
      body.appendChild(h('tr', { 'data-column': c.name }, [
        h('td', { class: 'column-name', text: c.name }),
        h('td', { class: 'column-type', text: c.type || '' }),
        h('td', { class: 'column-description', text: c.description }),
        h('td', { class: 'column-tests' }, tests),
      ]));
    });
    table.appendChild(body);
    main.appendChild(table);
  }

  function renderRelations(n, main) {
    var parents = n.parents.filter(function (id) { return NODES[id]; });
    var children = n.children.filter(function (id) { return NODES[id] && NODES[id].type !== 'test'; });
    var tests = n.tests.slice();
    n.columns.forEach(function (c) { c.tests.forEach(function (t) { tests.push(t.id); }); });
    tests = tests.filter(function (id, i, all) { return NODES[id] && all.indexOf(id) === i; });
    [['depends-on', 'Depends on', parents], ['referenced-by', 'Referenced by', children], ['tests', 'Tests', tests]].forEach(function (entry) {
      if (entry[2].length === 0) return;
      main.appendChild(h('h3', { text: entry[1] }));
      var ul = h('ul', { class: 'links', id: entry[0] });
      entry[2].forEach(function (id) { ul.appendChild(h('li', null, [badge(NODES[id].type), h('a', { href: nodeHref(NODES[id]), text: NODES[id].name })])); });
      main.appendChild(ul);
    });
  }

  function renderSql(n, main) {
    var tabs = [];
    if (n.compiledCode !== undefined) tabs.push(['compiled', 'Compiled SQL', n.compiledCode]);
    if (n.rawCode !== undefined) tabs.push(['raw', 'Source', n.rawCode]);
    if (tabs.length === 0) return;
    main.appendChild(h('h3', { text: 'SQL' }));
    var bar = h('div', { class: 'tabs' });
    var code = h('code');
    var pre = h('pre', { id: 'sql' }, [code]);
    function show(key) {
      state.sqlTab = key;
      tabs.forEach(function (tab) { if (tab[0] === key) { code.textContent = tab[2]; pre.setAttribute('data-tab', key); } });
      bar.querySelectorAll('button').forEach(function (b) { b.classList.toggle('active', b.getAttribute('data-tab') === key); });
    }
    tabs.forEach(function (tab) { bar.appendChild(h('button', { type: 'button', 'data-tab': tab[0], text: tab[1], onclick: function () { show(tab[0]); } })); });
    main.appendChild(bar);
    main.appendChild(pre);
    show(tabs.some(function (t) { return t[0] === state.sqlTab; }) ? state.sqlTab : tabs[0][0]);
  }

  // ---------------------------------------------------------------- lineage graph
  /** The focus node with its ancestors and descendants up to depth (0: all); tests only around a test. */
  function neighbourhood(focus, depth) {
    var keep = {};
    keep[focus.id] = true;
    var withTests = focus.type === 'test';
    ['parents', 'children'].forEach(function (direction) {
      var frontier = [focus.id];
      for (var level = 0; frontier.length && (depth === 0 || level < depth); level++) {
        var next = [];
        frontier.forEach(function (id) {
          NODES[id][direction].forEach(function (other) {
            var o = NODES[other];
            if (!o || keep[other] || (o.type === 'test' && !withTests)) return;
            keep[other] = true;
            next.push(other);
          });
        });
        frontier = next;
      }
    });
    var ids = Object.keys(keep);
    var edges = [];
    ids.forEach(function (id) { NODES[id].parents.forEach(function (p) { if (keep[p]) edges.push({ from: p, to: id }); }); });
    return { ids: ids, keep: keep, edges: edges };
  }

  /** Column edges among the shown nodes, from each node's column lineage; null when none has any. */
  function columnEdges(focus, hood) {
    var columns = {};
    var edges = [];
    var any = false;
    function add(id, column) {
      var list = columns[id] || (columns[id] = []);
      if (list.indexOf(column) < 0) list.push(column);
    }
    hood.ids.forEach(function (id) {
      var lineage = NODES[id].columnLineage;
      if (!lineage) return;
      any = true;
      Object.keys(lineage).forEach(function (column) {
        lineage[column].from.forEach(function (source) {
          if (!hood.keep[source.id]) return;
          edges.push({ from: source.id, fromColumn: source.column, to: id, toColumn: column });
          add(source.id, source.column);
          add(id, column);
        });
      });
    });
    if (!any) return null;
    // The focus node shows all its columns; others only those the drawn lineage passes through.
    focus.columns.forEach(function (c) { add(focus.id, c.name); });
    if (focus.columnLineage) Object.keys(focus.columnLineage).forEach(function (c) { add(focus.id, c); });
    Object.keys(columns).forEach(function (id) {
      var order = NODES[id].columns.map(function (c) { return c.name; });
      var lineageOrder = Object.keys(NODES[id].columnLineage || {});
      function rank(c) { var i = order.indexOf(c); if (i >= 0) return i; i = lineageOrder.indexOf(c); return i >= 0 ? 1000 + i : 1e6; }
      columns[id].sort(function (a, b) { return rank(a) - rank(b); });
    });
    return { columns: columns, edges: edges };
  }

  var measureContext = null;
  function textWidth(text, font) {
    if (!measureContext) measureContext = document.createElement('canvas').getContext('2d');
    measureContext.font = font;
    return measureContext.measureText(text).width;
  }
  var NAME_FONT = '600 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var COLUMN_FONT = '12px ui-monospace, SFMono-Regular, Menlo, monospace';
  var HEADER = 42;
  var ROW = 22;
  function portId(id, column, side) { return JSON.stringify([id, column, side]); }

  function elkGraph(focus, hood, columnMode) {
    var nodes = hood.ids.map(function (id) {
      var n = NODES[id];
      var width = Math.max(130, textWidth(n.name, NAME_FONT) + 34);
      if (!columnMode) return { id: id, width: width, height: HEADER };
      var cols = columnMode.columns[id] || [];
      cols.forEach(function (c) { width = Math.max(width, textWidth(c, COLUMN_FONT) + 34); });
      width = Math.ceil(width);
      var ports = [];
      cols.forEach(function (c, i) {
        var y = HEADER + i * ROW + ROW / 2;
        ports.push({ id: portId(id, c, 'in'), x: 0, y: y, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } });
        ports.push({ id: portId(id, c, 'out'), x: width - 1, y: y, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } });
      });
      return { id: id, width: width, height: HEADER + cols.length * ROW + (cols.length ? 6 : 0), ports: ports, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } };
    });
    var edges = [];
    var joined = {};
    if (columnMode) {
      columnMode.edges.forEach(function (e, i) {
        joined[JSON.stringify([e.from, e.to])] = true;
        edges.push({ id: 'c' + i, sources: [portId(e.from, e.fromColumn, 'out')], targets: [portId(e.to, e.toColumn, 'in')], data: e });
      });
    }
    // Model edges; in the column graph only between nodes no column edge joins, drawn dashed, so no node floats unexplained.
    hood.edges.forEach(function (e, i) {
      if (!joined[JSON.stringify([e.from, e.to])]) edges.push({ id: 'm' + i, sources: [e.from], targets: [e.to], data: e, modelOnly: Boolean(columnMode) });
    });
    return {
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.edgeRouting': 'ORTHOGONAL',
        'elk.layered.spacing.nodeNodeBetweenLayers': columnMode ? '90' : '60',
        'elk.spacing.nodeNode': '24',
        'elk.spacing.edgeEdge': '6',
        'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
        'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      },
      children: nodes,
      edges: edges,
    };
  }

  function renderLineage(n, main) {
    var hood = neighbourhood(n, state.depth);
    var columns = columnEdges(n, hood);
    var mode = columns ? state.mode : 'model';
    main.appendChild(h('h3', { text: 'Lineage' }));
    var toolbar = h('div', { class: 'toolbar', id: 'lineage-toolbar' });
    if (columns) {
      ['model', 'column'].forEach(function (m) {
        toolbar.appendChild(h('button', { type: 'button', 'data-mode': m, class: m === mode ? 'active' : null, text: m === 'model' ? 'Models' : 'Columns', onclick: function () { state.mode = m; route(); } }));
      });
    }
    var depth = h('select', { id: 'lineage-depth', title: 'how many steps up and down', onchange: function () { state.depth = Number(depth.value); route(); } });
    [[1, '1'], [2, '2'], [3, '3'], [0, 'all']].forEach(function (d) { depth.appendChild(h('option', { value: String(d[0]), selected: d[0] === state.depth, text: d[1] })); });
    toolbar.appendChild(h('label', { for: 'lineage-depth', text: 'depth' }));
    toolbar.appendChild(depth);
    toolbar.appendChild(h('span', { class: 'spacer' }));
    var svg = svgEl('svg', { id: 'lineage-graph', role: 'img', 'aria-label': 'lineage of ' + n.name, 'data-mode': mode });
    var status = h('div', { id: 'lineage-status', text: 'Laying out…' });
    var view = viewport(svg);
    toolbar.appendChild(h('button', { type: 'button', id: 'zoom-out', title: 'zoom out', text: '−', onclick: function () { view.zoomBy(1.25); } }));
    toolbar.appendChild(h('button', { type: 'button', id: 'zoom-in', title: 'zoom in', text: '+', onclick: function () { view.zoomBy(0.8); } }));
    toolbar.appendChild(h('button', { type: 'button', id: 'zoom-fit', title: 'fit the graph', text: 'Fit', onclick: function () { view.fit(); } }));
    main.appendChild(toolbar);
    main.appendChild(h('div', { id: 'lineage-box' }, [svg, status]));
    if (!elk) { status.textContent = 'The layout engine did not load.'; return; }
    var token = ++state.layoutToken;
    var columnMode = mode === 'column' ? columns : null;
    elk.layout(elkGraph(n, hood, columnMode)).then(function (laid) {
      if (token !== state.layoutToken) return;
      drawGraph(svg, laid, n, columnMode, view);
      status.textContent = hood.ids.length + (hood.ids.length === 1 ? ' node' : ' nodes') + (columnMode ? ', ' + columnMode.edges.length + ' column edges' : '') + ' · drag to pan, wheel to zoom, click a node to open it' + (columnMode ? ', a column to trace it' : '');
    }, function (error) {
      if (token === state.layoutToken) status.textContent = 'Layout failed: ' + error;
    });
  }

  function drawGraph(svg, laid, focus, columnMode, view) {
    svg.textContent = '';
    svg.appendChild(svgEl('defs', null, [svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }, [svgEl('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#9ca3af' })])]));
    var edgeLayer = svgEl('g', { class: 'edges' });
    var nodeLayer = svgEl('g', { class: 'nodes' });
    svg.appendChild(edgeLayer);
    svg.appendChild(nodeLayer);
    (laid.edges || []).forEach(function (edge) {
      (edge.sections || []).forEach(function (section) {
        var points = [section.startPoint].concat(section.bendPoints || [], [section.endPoint]);
        var d = points.map(function (p, i) { return (i ? 'L' : 'M') + p.x + ' ' + p.y; }).join(' ');
        var attrs = { class: 'graph-edge' + (edge.modelOnly ? ' model-edge' : ''), d: d, 'marker-end': 'url(#arrow)', 'data-from': edge.data.from, 'data-to': edge.data.to };
        if (columnMode && !edge.modelOnly) { attrs['data-from-column'] = edge.data.fromColumn; attrs['data-to-column'] = edge.data.toColumn; }
        edgeLayer.appendChild(svgEl('path', attrs));
      });
    });
    (laid.children || []).forEach(function (box) {
      var n = NODES[box.id];
      var g = svgEl('g', { class: 'graph-node' + (n.id === focus.id ? ' focus' : ''), 'data-id': n.id, 'data-type': n.type, transform: 'translate(' + box.x + ',' + box.y + ')' }, [
        svgEl('title', { text: n.id }),
        svgEl('rect', { class: 'box', width: box.width, height: box.height, rx: 6 }),
        svgEl('rect', { class: 'kind', width: 5, height: box.height, rx: 2, fill: TYPE_COLORS[n.type] || '#999' }),
        svgEl('text', { class: 'kind-label', x: 14, y: 15, text: n.type + (n.materialized && n.materialized !== n.type ? ' · ' + n.materialized : '') }),
        svgEl('text', { class: 'node-name', x: 14, y: 32, 'font-weight': '600', text: n.name }),
      ]);
      g.addEventListener('click', function (event) {
        if (view.dragged()) return;
        if (event.target.closest && event.target.closest('.graph-column')) return;
        if (n.id !== focus.id) location.hash = nodeHref(n);
      });
      if (columnMode) {
        (columnMode.columns[n.id] || []).forEach(function (column, i) {
          var lineage = n.columnLineage && n.columnLineage[column];
          var unresolved = lineage && lineage.unresolved && lineage.unresolved.length;
          var row = svgEl('g', { class: 'graph-column' + (unresolved ? ' unresolved' : ''), 'data-column': column, transform: 'translate(0,' + (HEADER + i * ROW) + ')' }, [
            svgEl('rect', { x: 6, width: box.width - 12, height: ROW }),
            svgEl('text', { x: 14, y: 15, text: column + (unresolved ? ' ?' : '') }),
            unresolved ? svgEl('title', { text: 'not fully traced: ' + lineage.unresolved.join('; ') }) : null,
          ]);
          row.addEventListener('click', function () { if (!view.dragged()) traceColumn(svg, columnMode, n.id, column); });
          g.appendChild(row);
        });
      }
      nodeLayer.appendChild(g);
    });
    view.setBounds(laid.width || 0, laid.height || 0);
    // As tall as the graph needs, within limits: a small graph should not float in empty space.
    svg.parentNode.style.height = Math.round(Math.max(180, Math.min(620, (laid.height || 0) + 70))) + 'px';
    view.fit();
    svg.setAttribute('data-ready', 'true');
  }

  /** Highlights the column and every column it derives from or feeds, through the drawn edges. */
  function traceColumn(svg, columnMode, id, column) {
    var key = JSON.stringify([id, column]);
    var already = svg.getAttribute('data-traced') === key;
    svg.querySelectorAll('.highlight').forEach(function (e) { e.classList.remove('highlight'); });
    svg.classList.remove('has-highlight');
    svg.removeAttribute('data-traced');
    if (already) return;
    var lit = {};
    lit[key] = true;
    [['to', 'toColumn', 'from', 'fromColumn'], ['from', 'fromColumn', 'to', 'toColumn']].forEach(function (dir) {
      var frontier = [key];
      while (frontier.length) {
        var next = [];
        columnMode.edges.forEach(function (e) {
          var here = JSON.stringify([e[dir[0]], e[dir[1]]]);
          var there = JSON.stringify([e[dir[2]], e[dir[3]]]);
          if (frontier.indexOf(here) >= 0 && !lit[there]) { lit[there] = true; next.push(there); }
        });
        frontier = next;
      }
    });
    svg.querySelectorAll('.graph-edge').forEach(function (path) {
      var from = JSON.stringify([path.getAttribute('data-from'), path.getAttribute('data-from-column')]);
      var to = JSON.stringify([path.getAttribute('data-to'), path.getAttribute('data-to-column')]);
      if (lit[from] && lit[to]) path.classList.add('highlight');
    });
    svg.querySelectorAll('.graph-node').forEach(function (g) {
      g.querySelectorAll('.graph-column').forEach(function (row) {
        if (lit[JSON.stringify([g.getAttribute('data-id'), row.getAttribute('data-column')])]) row.classList.add('highlight');
      });
    });
    svg.classList.add('has-highlight');
    svg.setAttribute('data-traced', key);
  }

  /** Pan and zoom by rewriting the SVG's viewBox, keeping the element's aspect ratio so a pixel is a pixel. */
  function viewport(svg) {
    var box = { x: 0, y: 0, w: 100, h: 100 };
    var bounds = { w: 0, h: 0 };
    var drag = null;
    var moved = false;
    function size() { return { w: svg.clientWidth || 800, h: svg.clientHeight || 400 }; }
    function apply() {
      svg.setAttribute('viewBox', [box.x, box.y, box.w, box.h].map(function (v) { return Math.round(v * 100) / 100; }).join(' '));
      svg.setAttribute('data-zoom', (size().w / box.w).toFixed(3));
    }
    function toGraph(clientX, clientY) {
      var rect = svg.getBoundingClientRect();
      return { x: box.x + (clientX - rect.left) * box.w / (rect.width || 1), y: box.y + (clientY - rect.top) * box.h / (rect.height || 1) };
    }
    function zoomAt(factor, point) {
      var scale = size().w / (box.w * factor);
      if (scale > 4 || scale < 0.05) return;
      box.x = point.x - (point.x - box.x) * factor;
      box.y = point.y - (point.y - box.y) * factor;
      box.w *= factor;
      box.h *= factor;
      apply();
    }
    svg.addEventListener('wheel', function (event) {
      event.preventDefault();
      zoomAt(Math.exp(event.deltaY * 0.0015), toGraph(event.clientX, event.clientY));
    }, { passive: false });
    svg.addEventListener('pointerdown', function (event) {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, box: { x: box.x, y: box.y } };
      moved = false;
    });
    svg.addEventListener('pointermove', function (event) {
      if (drag && event.buttons === 0) drag = null;
      if (!drag) return;
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!moved) {
        // Captured only once it is a drag: a plain click must still reach the node under the pointer.
        moved = true;
        svg.setPointerCapture(event.pointerId);
        svg.classList.add('panning');
      }
      var ratio = box.w / (svg.getBoundingClientRect().width || 1);
      box.x = drag.box.x - dx * ratio;
      box.y = drag.box.y - dy * ratio;
      apply();
    });
    svg.addEventListener('pointerup', function () {
      drag = null;
      svg.classList.remove('panning');
      // The click that ends a drag comes right after pointerup; forget the drag once it has passed.
      setTimeout(function () { moved = false; }, 0);
    });
    return {
      setBounds: function (w, h) { bounds = { w: w, h: h }; },
      dragged: function () { return moved; },
      zoomBy: function (factor) { zoomAt(factor, { x: box.x + box.w / 2, y: box.y + box.h / 2 }); },
      /** The whole graph, centred; never magnified, so a small graph keeps its natural size. */
      fit: function () {
        var view = size();
        var pad = 20;
        var w = bounds.w + 2 * pad;
        var hgt = bounds.h + 2 * pad;
        var scale = Math.min(1, view.w / w, view.h / hgt);
        box.w = view.w / scale;
        box.h = view.h / scale;
        box.x = bounds.w / 2 - box.w / 2;
        box.y = bounds.h / 2 - box.h / 2;
        apply();
      },
    };
  }

  renderSidebar();
  window.addEventListener('hashchange', route);
  route();
})();
`;
