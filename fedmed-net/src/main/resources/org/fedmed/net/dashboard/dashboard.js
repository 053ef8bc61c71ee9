// FedMed dashboard: renders the coordinator's state (server-sent events from /events) and a finished
// run's report.json. Plain DOM and inline SVG, no libraries (the coordinator may run offline); every
// value is written with textContent, never as HTML.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const W = 420, H = 220, LEFT = 44, RIGHT = 12, TOP = 10, BOTTOM = 28;

function $(id) { return document.getElementById(id); }

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  return e;
}

function fmt(v, digits) { return v === null || v === undefined ? '–' : Number(v).toFixed(digits === undefined ? 4 : digits); }

// series: [{cls, points: [[round, value], ...]}]; rounds: the x axis' last round; yFixed: [min, max] or null
function plot(target, series, rounds, yFixed) {
  while (target.firstChild) target.removeChild(target.firstChild);
  const all = series.flatMap(s => s.points.map(p => p[1])).filter(v => v !== null && isFinite(v));
  let lo = yFixed ? yFixed[0] : Math.min(...all), hi = yFixed ? yFixed[1] : Math.max(...all);
  if (!all.length && !yFixed) { lo = 0; hi = 1; }
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const xMax = Math.max(1, rounds);
  const x = r => LEFT + (W - LEFT - RIGHT) * (xMax === 1 ? 0.5 : (r - 1) / (xMax - 1));
  const y = v => TOP + (H - TOP - BOTTOM) * (1 - (v - lo) / (hi - lo));
  target.appendChild(svg('line', {x1: LEFT, y1: H - BOTTOM, x2: W - RIGHT, y2: H - BOTTOM, stroke: '#555'}));
  target.appendChild(svg('line', {x1: LEFT, y1: TOP, x2: LEFT, y2: H - BOTTOM, stroke: '#555'}));
  for (const v of [lo, (lo + hi) / 2, hi]) {
    const t = svg('text', {x: LEFT - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10});
    t.textContent = fmt(v, 2);
    target.appendChild(t);
  }
  for (const r of xMax === 1 ? [1] : [1, xMax]) {
    const anchor = xMax === 1 ? 'middle' : r === 1 ? 'start' : 'end';
    const t = svg('text', {x: x(r), y: H - 10, 'text-anchor': anchor, 'font-size': 10});
    t.textContent = 'round ' + r;
    target.appendChild(t);
  }
  const colors = {test: '#1d3557', train: '#e76f51'};
  for (const s of series) {
    const pts = s.points.filter(p => p[1] !== null && isFinite(p[1]));
    if (pts.length > 1) {
      target.appendChild(svg('polyline', {points: pts.map(p => x(p[0]) + ',' + y(p[1])).join(' '),
        fill: 'none', stroke: colors[s.cls], 'stroke-width': 2}));
    }
    for (const p of pts) {
      const c = svg('circle', {cx: x(p[0]), cy: y(p[1]), r: 3, fill: colors[s.cls], class: 'point ' + s.cls,
        'data-round': p[0]});
      const tip = svg('title', {});
      tip.textContent = s.cls + ', round ' + p[0] + ': ' + fmt(p[1]);
      c.appendChild(tip);
      target.appendChild(c);
    }
  }
}

function render(state) {
  $('federation').textContent = state.federation;
  $('round-counter').textContent = state.rounds_done + ' / ' + state.rounds_planned;
  const body = $('sites').tBodies[0];
  body.replaceChildren(...state.sites.map(s => {
    const tr = el('tr');
    tr.dataset.site = s.id;
    tr.appendChild(el('td', s.id));
    tr.appendChild(el('td', s.status, 'status status-' + s.status));
    return tr;
  }));
  const pts = state.points;
  plot($('plot-accuracy'), [{cls: 'test', points: pts.map(p => [p.round, p.accuracy])}], state.rounds_planned, [0, 1]);
  plot($('plot-loss'), [{cls: 'test', points: pts.map(p => [p.round, p.test_loss])},
                        {cls: 'train', points: pts.map(p => [p.round, p.train_loss])}], state.rounds_planned, null);
  $('round-log').replaceChildren(...pts.map(p => el('li', 'round ' + p.round + ': accuracy ' + fmt(p.accuracy)
      + ', test loss ' + fmt(p.test_loss) + ', train loss ' + fmt(p.train_loss)
      + (p.participants === undefined ? '' : ', ' + p.participants + ' sites') + (p.aggregated ? '' : ' (not aggregated)'))));
  renderPrivacy(state.privacy);
  $('settings').replaceChildren(...Object.entries(state.settings).flatMap(([k, v]) => [el('dt', k), el('dd', v)]));
  $('stages').replaceChildren(...state.stages.map(s => el('li', s)));
  $('audit').textContent = state.audit;
}

function renderPrivacy(p) {
  const box = $('privacy');
  if (!p) { box.textContent = 'no differential privacy in this study'; return; }
  const budget = p.budget === null ? 'no budget set' : 'budget ε = ' + fmt(p.budget, 2);
  const t = el('table');
  t.appendChild(el('tr')).append(el('th', 'who'), el('th', 'ε spent'), el('th', 'budget'));
  if (p.level === 'client') {
    t.appendChild(el('tr')).append(el('td', 'the study (client-level DP)'), el('td', fmt(p.epsilon, 3)), el('td', budget));
  }
  for (const s of p.sites) {
    const row = t.appendChild(el('tr'));
    row.dataset.site = s.id;
    row.append(el('td', s.id), el('td', fmt(s.epsilon, 3)), el('td', budget + (s.budget_reached ? ' (reached)' : '')));
  }
  box.replaceChildren(el('p', p.level + '-level DP, δ = ' + p.delta), t);
}

function renderReport(report, name) {
  const rounds = report.rounds || [];
  if (!rounds.length) throw new Error(name + ' has no rounds: is it a FedMed report.json?');
  const score = rounds[0].test_c_index !== undefined ? 'test_c_index' : 'test_accuracy';
  const last = rounds[rounds.length - 1];
  $('report-summary').textContent = name + ': ' + (report.dataset || '?') + ', ' + (report.strategy || '?') + ', '
      + rounds.length + ' rounds, final ' + score.replace('test_', '') + ' ' + fmt(last[score]);
  plot($('report-accuracy'), [{cls: 'test', points: rounds.map(r => [r.round, r[score]])}], last.round, [0, 1]);
  plot($('report-loss'), [{cls: 'test', points: rounds.map(r => [r.round, r.test_loss])},
                          {cls: 'train', points: rounds.map(r => [r.round, r.train_loss])}], last.round, null);
  $('report').hidden = false;
  $('report-error').textContent = '';
}

function openReportText(text, name) {
  try {
    renderReport(JSON.parse(text), name);
  } catch (e) {
    $('report-error').textContent = 'cannot open ' + name + ': ' + e.message;
  }
}

function openReportFile(file) {
  file.text().then(t => openReportText(t, file.name));
}

function live() {
  const badge = $('live');
  const events = new EventSource('/events');
  events.addEventListener('state', e => { render(JSON.parse(e.data)); badge.textContent = 'live'; badge.classList.add('on'); });
  events.onerror = () => { badge.textContent = 'reconnecting'; badge.classList.remove('on'); };
}

document.addEventListener('DOMContentLoaded', () => {
  live();
  $('report-file').addEventListener('change', e => { if (e.target.files.length) openReportFile(e.target.files[0]); });
  const drop = $('report-drop');
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files.length) openReportFile(e.dataTransfer.files[0]);
  });
  const name = new URLSearchParams(location.search).get('report');
  if (name) {
    fetch('/api/report?name=' + encodeURIComponent(name))
      .then(r => r.ok ? r.text() : r.text().then(t => { throw new Error(t.trim()); }))
      .then(t => openReportText(t, name))
      .catch(e => { $('report-error').textContent = 'cannot open ' + name + ': ' + e.message; });
  }
});
