'use strict';
// The console's single page: hash routes #/search, #/conference and #/participant over the JSON API. Every value
// that comes from the data is set as text, never as HTML. Times are UTC.
(() => {
  const main = document.getElementById('main');
  const CLOSE_CODES = {
    1000: 'normal', 1001: 'going away', 1005: 'no status', 1006: 'abnormal', 1008: 'policy violation',
    1009: 'too big', 1011: 'server error', 1013: 'try again later',
  };
  const LIMITATIONS = ['none', 'cpu', 'bandwidth', 'other'];
  const LIMITATION_COLORS = { none: '#cfe8d4', cpu: '#e8a33d', bandwidth: '#c43d2f', other: '#8a5cc7' };
  const METRICS = [
    { key: 'bitrateIn', title: 'Bitrate in', format: bitrate },
    { key: 'bitrateOut', title: 'Bitrate out', format: bitrate },
    { key: 'rttMs', title: 'Round-trip time (candidate pair)', format: v => v.toFixed(1) + ' ms' },
    { key: 'lossPercent', title: 'Packet loss (inbound)', format: v => v.toFixed(2) + ' %' },
    { key: 'jitterMs', title: 'Jitter (inbound)', format: v => v.toFixed(1) + ' ms' },
    { key: 'fpsIn', title: 'Frames per second received', format: v => v.toFixed(1) + ' fps' },
    { key: 'fpsOut', title: 'Frames per second sent', format: v => v.toFixed(1) + ' fps' },
  ];
  let me = null;
  let charts = [];

  class HttpError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name === 'class') {
        node.className = value;
      } else if (name === 'text') {
        node.textContent = value;
      } else if (name.startsWith('on')) {
        node.addEventListener(name.slice(2), value);
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  async function api(path, params, init) {
    const query = params ? '?' + new URLSearchParams(clean(params)) : '';
    const response = await fetch(path + query, Object.assign({ credentials: 'same-origin' }, init));
    let body = null;
    if (response.status !== 204) {
      try {
        body = await response.json();
      } catch (e) {
        body = null;
      }
    }
    if (!response.ok) {
      throw new HttpError(response.status, (body && body.error) || response.statusText);
    }
    return body;
  }

  function clean(params) {
    const result = {};
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && value !== undefined) {
        result[name] = value;
      }
    }
    return result;
  }

  function hashRoute() {
    const hash = location.hash.replace(/^#\/?/, '');
    const question = hash.indexOf('?');
    return {
      path: question < 0 ? hash : hash.slice(0, question),
      params: new URLSearchParams(question < 0 ? '' : hash.slice(question + 1)),
    };
  }

  function link(path, params) {
    return '#/' + path + '?' + new URLSearchParams(clean(params));
  }

  // ---- formatting ----------------------------------------------------------------------------------------------
  function bitrate(v) {
    if (v >= 1e6) {
      return (v / 1e6).toFixed(2) + ' Mbit/s';
    }
    return v >= 1e3 ? (v / 1e3).toFixed(1) + ' kbit/s' : Math.round(v) + ' bit/s';
  }
  function utc(ms) {
    return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  }
  function clock(ms) {
    return new Date(ms).toISOString().slice(11, 19);
  }
  function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) {
      return s + ' s';
    }
    const m = Math.floor(s / 60);
    return m < 60 ? m + 'm ' + String(s % 60).padStart(2, '0') + 's'
      : Math.floor(m / 60) + 'h ' + String(m % 60).padStart(2, '0') + 'm';
  }
  function closeText(code, closedBy) {
    return code + ' ' + (CLOSE_CODES[code] || 'other') + (closedBy ? ' (' + closedBy + ')' : '');
  }
  function isAbnormal(code) {
    return code !== 1000 && code !== 1001;
  }
  function color(i) {
    return 'hsl(' + Math.round((i * 137.508) % 360) + ', 68%, 42%)';
  }
  function participantName(p) {
    return p.user || p.connectionId.slice(0, 8);
  }

  // ---- sign in -------------------------------------------------------------------------------------------------
  async function signIn(token) {
    me = await api('/api/session', null, { method: 'POST', headers: { Authorization: 'Bearer ' + token.trim() } });
    showWho();
  }

  function showWho() {
    document.getElementById('who').textContent = me
      ? (me.subject || 'analyst') + ' · tenant ' + (me.tenant === '' ? '(none)' : me.tenant) : '';
    document.getElementById('sign-out').hidden = !me;
  }

  function showSignIn(message) {
    me = null;
    showWho();
    const token = el('textarea', { name: 'token', placeholder: 'eyJhbGciOi…', required: true });
    const form = el('form', { class: 'signin card' },
      el('h1', { text: 'Sign in' }),
      el('p', { class: 'muted', text: message || 'Paste an analyst token (MintAnalystToken mints one).' }),
      el('label', {}, 'Analyst token', token),
      el('p', {}, el('button', { type: 'submit', text: 'Sign in' })));
    form.addEventListener('submit', event => {
      event.preventDefault();
      run(async () => {
        await signIn(token.value);
        await route();
      });
    });
    main.replaceChildren(form);
  }

  // ---- search --------------------------------------------------------------------------------------------------
  function toInput(ms) {
    return ms ? new Date(Number(ms)).toISOString().slice(0, 16) : '';
  }
  function fromInput(value) {
    return value ? String(Date.parse(value + ':00Z')) : null;
  }

  async function showSearch(params) {
    const fields = {};
    for (const name of ['conference', 'user', 'session']) {
      fields[name] = el('input', { name, value: params.get(name) || '', autocomplete: 'off' });
    }
    fields.from = el('input', { type: 'datetime-local', name: 'from', value: toInput(params.get('from')) });
    fields.to = el('input', { type: 'datetime-local', name: 'to', value: toInput(params.get('to')) });
    const form = el('form', { class: 'search card' },
      el('label', {}, 'Conference', fields.conference),
      el('label', {}, 'User', fields.user),
      el('label', {}, 'Session', fields.session),
      el('label', {}, 'Started from (UTC)', fields.from),
      el('label', {}, 'until (UTC)', fields.to),
      el('button', { type: 'submit', text: 'Search' }));
    form.addEventListener('submit', event => {
      event.preventDefault();
      location.hash = link('search', {
        conference: fields.conference.value.trim() || null,
        user: fields.user.value.trim() || null,
        session: fields.session.value.trim() || null,
        from: fromInput(fields.from.value),
        to: fromInput(fields.to.value),
      });
    });
    const results = el('div', {}, el('p', { class: 'muted', text: 'Searching…' }));
    main.replaceChildren(el('h1', { text: 'Search' }), form, el('h2', { text: 'Connections' }), results);
    const found = await api('/api/search', {
      conference: params.get('conference'), user: params.get('user'), session: params.get('session'),
      from: params.get('from'), to: params.get('to'),
    });
    const rows = found.sessions.map(s => el('tr', {},
      el('td', { text: utc(s.start) }),
      el('td', {}, el('a', { href: link('conference', { tenant: me.tenant, conference: s.conference }),
        text: s.conference || '(no conference)' })),
      el('td', { text: s.user }),
      el('td', { text: s.session }),
      el('td', { class: 'num', text: duration(s.end - s.start) }),
      el('td', { text: closeText(s.closeCode, s.closedBy) }),
      el('td', { text: s.browser })));
    results.replaceChildren(rows.length === 0
      ? el('p', { class: 'muted', text: 'No connection matches (the default range is the last 30 days).' })
      : el('table', { class: 'results' },
        el('thead', {}, el('tr', {}, ['Started (UTC)', 'Conference', 'User', 'Session', 'Duration', 'Close',
          'Browser'].map(h => el('th', { text: h })))),
        el('tbody', {}, rows)),
    found.truncated ? el('p', { class: 'muted', text: 'More connections match: narrow the search.' }) : null);
  }

  // ---- conference ----------------------------------------------------------------------------------------------
  async function showConference(params) {
    const scope = { tenant: params.get('tenant'), conference: params.get('conference') };
    main.replaceChildren(el('p', { class: 'muted', text: 'Loading conference…' }));
    const seriesRequest = api('/api/conference/series', scope).catch(error => error);
    const view = await api('/api/conference', scope);
    const participants = view.participants;
    const chartArea = el('div', { class: 'charts' }, el('p', { class: 'muted', text: 'Loading charts…' }));
    const limitationArea = el('div', { class: 'limitation card' });
    main.replaceChildren(
      el('h1', { text: view.conference || '(no conference)' }),
      el('p', { class: 'muted', text: utc(view.start) + ' – ' + utc(view.end) + ' UTC · ' + duration(view.end - view.start)
        + ' · ' + participants.length + ' connection' + (participants.length === 1 ? '' : 's')
        + (view.truncated ? ' (first ' + participants.length + ' shown)' : '') }),
      el('h2', { text: 'Timeline' }),
      timeline(view, participants),
      el('h2', { text: 'Participants' }),
      participantTable(view, participants),
      el('h2', { text: 'Charts' }),
      chartArea,
      el('h2', { text: 'Quality limitation of sent video' }),
      limitationArea);
    const series = await seriesRequest;
    if (series instanceof Error) {
      chartArea.replaceChildren(el('p', { class: 'muted', text: 'No time series: ' + series.message }));
    } else {
      drawOverviewCharts(chartArea, series, participants);
      drawLimitation(limitationArea, series, participants);
    }
    document.body.dataset.rendered = 'conference';
    performance.mark('conference-rendered');
  }

  function timeline(view, participants) {
    const span = Math.max(1, view.end - view.start);
    const ticks = [0, 0.25, 0.5, 0.75, 1].map(f => el('span', { text: clock(view.start + f * span) }));
    const rows = participants.map((p, i) => {
      const bar = el('a', {
        class: 'span' + (isAbnormal(p.closeCode) ? ' abnormal' : ''),
        href: link('participant', { tenant: view.tenant, conference: view.conference, connection: p.connectionId }),
        title: participantName(p) + ': ' + utc(p.start) + ' – ' + utc(p.end) + ', closed ' + closeText(p.closeCode, p.closedBy),
      });
      bar.style.left = ((p.start - view.start) / span * 100) + '%';
      bar.style.width = ((p.end - p.start) / span * 100) + '%';
      bar.style.background = color(i);
      return el('div', { class: 'row', 'data-connection': p.connectionId },
        el('div', { class: 'label', text: participantName(p) + ' · ' + (p.browser || '?') }),
        el('div', { class: 'track' }, bar));
    });
    return el('div', { class: 'timeline card' }, rows,
      el('div', { class: 'axis' }, el('span'), el('div', { class: 'ticks' }, ticks)));
  }

  function stacked(items) {
    return items.length === 0 ? '–' : items.map(item => el('div', {}, item));
  }

  function participantTable(view, participants) {
    const rows = participants.map((p, i) => {
      const pcs = p.peerConnections;
      return el('tr', { 'data-connection': p.connectionId },
        el('td', {}, el('span', { class: 'swatch' }), el('a', {
          href: link('participant', { tenant: view.tenant, conference: view.conference, connection: p.connectionId }),
          text: participantName(p) })),
        el('td', { text: p.session }),
        el('td', { title: p.userAgent, text: p.browser }),
        el('td', { text: p.operatingSystem || '–' }),
        el('td', { text: clock(p.start) }),
        el('td', { text: clock(p.end) }),
        el('td', { class: 'num', text: duration(p.end - p.start) }),
        el('td', {}, el('span', { class: 'tag' + (isAbnormal(p.closeCode) ? ' bad' : ''),
          text: closeText(p.closeCode, p.closedBy) })),
        el('td', { class: 'num' }, stacked(pcs.map(pc => pc.id + ': '
          + (pc.iceConnectionTimeMs === null ? '–' : pc.iceConnectionTimeMs + ' ms')))),
        el('td', {}, stacked(pcs.map(pc => (pc.localCandidateType || pc.remoteCandidateType
          ? (pc.localCandidateType || '?') + ' → ' + (pc.remoteCandidateType || '?') : '–')
          + (pc.localProtocol ? ' ' + pc.localProtocol : '')))),
        el('td', {}, stacked(pcs.map(pc => pc.turn ? el('span', { class: 'tag warn',
          text: 'TURN' + (pc.relayProtocol ? ' ' + pc.relayProtocol : '') }) : 'no'))),
        el('td', { class: 'num' }, stacked(pcs.map(pc => pc.stunRoundTripMs === null ? '–' : pc.stunRoundTripMs + ' ms'))),
        el('td', {}, stacked(pcs.flatMap(pc => pc.failures.map(f => el('span', { class: 'tag bad', text: pc.id + ' ' + f }))))),
        el('td', {}, dumpLinks(view, p)));
    });
    rows.forEach((row, i) => {
      row.querySelector('.swatch').style.background = color(i);
    });
    return el('table', { class: 'participants' },
      el('thead', {}, el('tr', {}, ['Participant', 'Session', 'Browser', 'OS', 'Joined', 'Left', 'Duration',
        'Close', 'ICE time', 'Candidate pair', 'TURN', 'STUN RTT', 'Failures', 'Dump'].map(h => el('th', { text: h })))),
      el('tbody', {}, rows));
  }

  function dumpLinks(view, p) {
    if (!me.dumps || !p.dump) {
      return '–';
    }
    return [
      el('a', { href: '/api/dump?' + new URLSearchParams({ tenant: view.tenant, conference: view.conference,
        connection: p.connectionId }), download: p.connectionId + '.gz', text: 'download' }),
      ' · ',
      el('a', { href: me.dumpImporterUrl, target: '_blank', rel: 'noopener noreferrer', text: 'dump-importer',
        title: 'The rtcstats dump-importer: download the dump, then drop the .gz file on it' }),
    ];
  }

  function axisTimes(grid) {
    const xs = new Array(grid.points);
    for (let i = 0; i < grid.points; i++) {
      xs[i] = (grid.from + i * grid.step) / 1000;
    }
    return xs;
  }

  function emptySeries(points) {
    return new Array(points).fill(null);
  }

  function chart(container, title, key, xs, lines, format, legend) {
    const readout = el('div', { class: 'readout' });
    const box = el('div', { class: 'chart card', 'data-chart': key }, el('h3', { text: title }), readout);
    container.append(box);
    let points = 0;
    for (const line of lines) {
      for (const v of line.values) {
        if (v !== null) {
          points++;
        }
      }
    }
    box.dataset.points = String(points);
    readout.textContent = points === 0 ? 'no samples' : '';
    let focused = -1;
    const plot = new uPlot({
      width: Math.max(300, box.clientWidth - 28),
      height: 170,
      tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      legend: { show: legend },
      focus: { alpha: 0.35 },
      cursor: { focus: { prox: 24 } },
      scales: { x: { time: true } },
      axes: [
        { space: 90, values: (u, splits) => splits.map(ts => clock(ts * 1000)) },
        { size: 92, values: (u, values) => values.map(v => (v === null ? '' : format(v))) },
      ],
      series: [{}].concat(lines.map(line => ({
        label: line.label, stroke: line.color, width: 1.25, spanGaps: false,
        value: (u, v) => (v === null ? '–' : format(v)),
      }))),
      hooks: {
        setSeries: [(u, index) => { focused = index === null ? -1 : index; }],
        setCursor: [u => {
          const i = u.cursor.idx;
          if (i === null || i === undefined || focused < 1) {
            readout.textContent = points === 0 ? 'no samples' : '';
            return;
          }
          const v = u.data[focused][i];
          readout.textContent = lines[focused - 1].label + ': ' + (v === null ? '–' : format(v))
            + ' at ' + clock(u.data[0][i] * 1000);
        }],
      },
    }, [xs].concat(lines.map(line => line.values)), box);
    charts.push({ plot, box });
  }

  function drawOverviewCharts(area, series, participants) {
    area.replaceChildren();
    const xs = axisTimes(series.grid);
    const blank = emptySeries(series.grid.points);
    for (const metric of METRICS) {
      const lines = participants.map((p, i) => ({
        label: participantName(p),
        color: color(i),
        values: (series.participants[p.connectionId] || {})[metric.key] || blank,
      }));
      chart(area, metric.title, metric.key, xs, lines, metric.format, false);
    }
  }

  function drawLimitation(area, series, participants) {
    const rowHeight = 12;
    const labelWidth = 220;
    const canvas = el('canvas');
    area.replaceChildren(
      el('div', { class: 'legend' }, LIMITATIONS.map(name => el('span', {},
        swatch(LIMITATION_COLORS[name]), name)), el('span', { text: 'blank: no sent video' })),
      canvas);
    const width = Math.max(400, area.clientWidth - 28);
    const height = Math.max(rowHeight, participants.length * rowHeight);
    const ratio = window.devicePixelRatio || 1;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    canvas.style.height = height + 'px';
    const context = canvas.getContext('2d');
    context.scale(ratio, ratio);
    context.font = '11px system-ui, sans-serif';
    context.textBaseline = 'middle';
    const cell = (width - labelWidth) / series.grid.points;
    participants.forEach((p, row) => {
      const y = row * rowHeight;
      context.fillStyle = '#1d2330';
      context.fillText(participantName(p).slice(0, 30), 0, y + rowHeight / 2);
      const values = (series.participants[p.connectionId] || {}).qualityLimitation || [];
      values.forEach((reason, i) => {
        if (reason) {
          context.fillStyle = LIMITATION_COLORS[reason];
          context.fillRect(labelWidth + i * cell, y + 1, Math.ceil(cell), rowHeight - 2);
        }
      });
    });
  }

  function swatch(background) {
    const node = el('span', { class: 'swatch' });
    node.style.background = background;
    return node;
  }

  // ---- participant ---------------------------------------------------------------------------------------------
  async function showParticipant(params) {
    const scope = { tenant: params.get('tenant'), conference: params.get('conference') };
    const connection = params.get('connection');
    main.replaceChildren(el('p', { class: 'muted', text: 'Loading participant…' }));
    const seriesRequest = api('/api/conference/series', Object.assign({ connection, points: 1000 }, scope))
      .catch(error => error);
    const view = await api('/api/conference', scope);
    const index = view.participants.findIndex(p => p.connectionId === connection);
    if (index < 0) {
      throw new HttpError(404, 'no such connection in this conference');
    }
    const p = view.participants[index];
    const facts = [
      ['Conference', el('a', { href: link('conference', scope), text: view.conference })],
      ['User', p.user], ['Session', p.session], ['Connection', p.connectionId],
      ['Browser', p.browser + (p.operatingSystem ? ' on ' + p.operatingSystem : '')],
      ['Joined', utc(p.start) + ' UTC'], ['Left', utc(p.end) + ' UTC'], ['Duration', duration(p.end - p.start)],
      ['Close', closeText(p.closeCode, p.closedBy)], ['Origin', p.origin || '–'], ['Gateway', p.gateway],
      ['Frames', String(p.messages)], ['Dump', dumpLinks(view, p)],
    ];
    const chartArea = el('div', { class: 'charts' }, el('p', { class: 'muted', text: 'Loading charts…' }));
    main.replaceChildren(
      el('h1', { text: participantName(p) }),
      el('div', { class: 'facts card' }, facts.map(([name, value]) => el('div', {}, el('span', { text: name }), value))),
      el('h2', { text: 'Peer connections' }),
      participantTable(view, [p]),
      el('h2', { text: 'Charts' }),
      chartArea);
    const series = await seriesRequest;
    if (series instanceof Error) {
      chartArea.replaceChildren(el('p', { class: 'muted', text: 'No time series: ' + series.message }));
    } else {
      drawParticipantCharts(chartArea, series, p);
    }
    document.body.dataset.rendered = 'participant';
  }

  function drawParticipantCharts(area, series, p) {
    area.replaceChildren();
    const values = series.participants[p.connectionId] || {};
    const xs = axisTimes(series.grid);
    const blank = emptySeries(series.grid.points);
    const pick = key => values[key] || blank;
    const byKey = Object.fromEntries(METRICS.map(m => [m.key, m]));
    const pairs = [
      ['Bitrate', 'bitrate', [['in', 'bitrateIn'], ['out', 'bitrateOut']]],
      [byKey.rttMs.title, 'rttMs', [['RTT', 'rttMs']]],
      [byKey.lossPercent.title, 'lossPercent', [['loss', 'lossPercent']]],
      [byKey.jitterMs.title, 'jitterMs', [['jitter', 'jitterMs']]],
      ['Frames per second', 'fps', [['received', 'fpsIn'], ['sent', 'fpsOut']]],
    ];
    for (const [title, key, members] of pairs) {
      const format = byKey[members[0][1]].format;
      chart(area, title, key, xs, members.map(([label, member], i) => ({ label, color: color(i * 3), values: pick(member) })),
        format, true);
    }
    const limitation = pick('qualityLimitation').map(reason => (reason === null ? null : LIMITATIONS.indexOf(reason)));
    chart(area, 'Quality limitation of sent video', 'qualityLimitation', xs,
      [{ label: 'reason', color: '#c43d2f', values: limitation }], v => LIMITATIONS[Math.round(v)] || '', true);
  }

  // ---- routing -------------------------------------------------------------------------------------------------
  async function route() {
    charts = [];
    delete document.body.dataset.rendered;
    const fragment = location.hash.match(/^#token=(.+)$/);
    if (fragment) {
      // The token travels in the fragment, which browsers never send to a server; keep it out of history.
      history.replaceState(null, '', location.pathname + location.search + '#/search');
      await signIn(decodeURIComponent(fragment[1]));
    }
    if (!me) {
      me = await api('/api/me');
      showWho();
    }
    const { path, params } = hashRoute();
    if (path === 'conference') {
      return showConference(params);
    }
    if (path === 'participant') {
      return showParticipant(params);
    }
    return showSearch(params);
  }

  async function run(action) {
    try {
      await action();
    } catch (error) {
      if (error.status === 401) {
        showSignIn(me ? 'Your session ended: ' + error.message : null);
      } else if (error.status === 403) {
        main.replaceChildren(el('h1', { text: 'Forbidden' }), el('p', { class: 'error', 'data-status': '403',
          text: error.message + ' (this link names another tenant than your token: '
            + (me && me.tenant !== '' ? me.tenant : '(none)') + ').' }));
      } else if (error.status === 404) {
        main.replaceChildren(el('h1', { text: 'Not found' }), el('p', { class: 'error', 'data-status': '404',
          text: error.message }));
      } else {
        main.replaceChildren(el('h1', { text: 'Something went wrong' }), el('p', { class: 'error',
          text: error.message }));
      }
    }
  }

  document.getElementById('sign-out').addEventListener('click', () => run(async () => {
    await api('/api/session', null, { method: 'DELETE' });
    showSignIn('Signed out.');
  }));
  window.addEventListener('hashchange', () => run(route));
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const { plot, box } of charts) {
        plot.setSize({ width: Math.max(300, box.clientWidth - 28), height: 170 });
      }
    }, 150);
  });
  run(route);
})();
