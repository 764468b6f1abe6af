// The instructor's page of a class (serve --class): plain HTML, one script and one stylesheet of
// its own (the page's policy allows nothing else: no inline script or style). It polls
// /class/status once a second and draws every value with textContent (never as HTML).

/** How often the page asks for the class's state (ms): the "live" of the issue, one second. */
export const INSTRUCTOR_POLL_MS = 1000;

export const INSTRUCTOR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Classroom: VDI Fleet Console</title>
<link rel="stylesheet" href="/instructor.css">
<script src="/instructor.js" defer></script>
</head>
<body>
<header class="masthead"><span class="brand">VDI Fleet Console</span><span class="sep">|</span><span>Training · Classroom (instructor)</span></header>
<main>
  <section class="card">
    <h1 id="title" data-testid="class-title">Classroom</h1>
    <p class="muted" id="summary" data-testid="class-summary">Loading the class…</p>
    <div class="toolbar">
      <button id="pause" class="secondary" data-testid="class-pause">Pause all</button>
      <button id="resume" class="primary" data-testid="class-resume">Resume all</button>
      <span class="group">
        <label for="minutes">Extend by</label>
        <input id="minutes" type="number" min="1" max="240" value="10" data-testid="class-extend-minutes"> min
        <button id="extend" class="secondary" data-testid="class-extend">Extend time</button>
      </span>
    </div>
    <div class="toolbar">
      <label for="hint">Hint</label>
      <input id="hint" type="text" maxlength="500" placeholder="e.g. Compare the two datastores' latency on the Performance page" data-testid="class-hint-text">
      <button id="send-hint" class="secondary" data-testid="class-hint-send">Send hint</button>
    </div>
    <p class="muted" id="target" data-testid="class-target">Actions go to all trainees (tick trainees below to address only them).</p>
    <p id="message" role="status" data-testid="class-message"></p>
  </section>
  <section class="card">
    <table data-testid="class-table">
      <thead><tr>
        <th><input type="checkbox" id="all" aria-label="Select all trainees"></th>
        <th>Trainee</th><th>State</th><th>Objectives</th><th>Active alarms</th><th>Score</th><th>Time left</th><th>Actions</th><th>Hints sent</th><th>URL</th>
      </tr></thead>
      <tbody id="rows"></tbody>
    </table>
  </section>
  <section class="card">
    <h2>Trainee URLs</h2>
    <p class="muted">Give each trainee their own line: the token in it reaches only that trainee's lab.</p>
    <textarea id="urls" readonly rows="6" data-testid="class-urls"></textarea>
    <button id="copy-urls" class="secondary">Copy all</button>
  </section>
</main>
</body>
</html>
`;

export const INSTRUCTOR_CSS = `
:root { font-family: "Red Hat Text", "Overpass", system-ui, sans-serif; font-size: 14px; color: #151515; background: #f2f2f2; }
body { margin: 0; }
.masthead { background: #1b1d21; color: #fff; padding: 10px 24px; display: flex; gap: 10px; align-items: center; }
.brand { font-weight: 700; }
.sep { color: #8a8d90; }
main { padding: 16px 24px; display: flex; flex-direction: column; gap: 16px; }
.card { background: #fff; border-radius: 8px; padding: 16px 20px; box-shadow: 0 1px 2px rgba(0,0,0,.12); }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 4px; }
.muted { color: #6a6e73; margin: 4px 0; }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 12px; }
.group { display: inline-flex; gap: 6px; align-items: center; margin-left: 16px; }
input[type=number] { width: 64px; }
input[type=text] { flex: 1; min-width: 320px; }
input, textarea { font: inherit; padding: 6px 8px; border: 1px solid #c7c7c7; border-radius: 4px; }
textarea { width: 100%; box-sizing: border-box; font-family: "Red Hat Mono", monospace; font-size: 12px; }
button { font: inherit; padding: 6px 16px; border-radius: 999px; cursor: pointer; border: 1px solid #0066cc; }
button.primary { background: #0066cc; color: #fff; }
button.secondary { background: #fff; color: #0066cc; }
button.link { border: none; background: none; color: #0066cc; padding: 0; }
button:disabled { opacity: .5; cursor: default; }
#message { min-height: 1.4em; margin: 8px 0 0; }
#message.error { color: #c9190b; }
#message.ok { color: #3e8635; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #e0e0e0; white-space: nowrap; }
th { font-weight: 600; font-size: 13px; }
td.num { font-variant-numeric: tabular-nums; }
.bar { display: inline-block; width: 80px; height: 8px; background: #e0e0e0; border-radius: 4px; vertical-align: middle; margin-right: 6px; overflow: hidden; }
.bar > span { display: block; height: 100%; background: #3e8635; }
.label { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; }
.label.running { background: #e7f1fa; color: #004080; }
.label.paused { background: #fdf7e7; color: #795600; }
.label.finished { background: #f3faf2; color: #1e4f18; }
.label.error { background: #faeae8; color: #7d1007; }
.alarm-critical { color: #c9190b; font-weight: 600; }
.alarm-warning { color: #795600; }
`;

export const INSTRUCTOR_JS = `'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const selected = new Set();
  let last = null;
  const fmt = (sec) => {
    const s = Math.max(0, Math.round(sec));
    const m = Math.floor(s / 60);
    return m + ':' + String(s % 60).padStart(2, '0');
  };
  const say = (text, kind) => { const m = $('message'); m.textContent = text; m.className = kind; };
  const targets = () => (selected.size ? [...selected] : 'all');
  const describeTargets = () => {
    $('target').textContent = selected.size
      ? 'Actions go to ' + selected.size + ' selected trainee(s): ' + [...selected].join(', ') + '.'
      : 'Actions go to all trainees (tick trainees below to address only them).';
  };
  const cell = (tr, text, cls) => { const td = document.createElement('td'); if (cls) td.className = cls; if (text !== undefined) td.textContent = text; tr.appendChild(td); return td; };
  function render(st) {
    last = st;
    $('title').textContent = 'Classroom: ' + st.title;
    const running = st.trainees.filter((t) => t.running).length;
    const finished = st.trainees.filter((t) => !t.running && t.finishReason).length;
    $('summary').textContent = st.trainees.length + ' trainees · ' + running + ' working · ' + finished + ' finished · class ' + (st.paused ? 'paused' : 'running');
    $('pause').disabled = st.paused;
    $('resume').disabled = !st.paused;
    $('resume').textContent = st.trainees.every((t) => t.elapsedSec === 0) ? 'Start the class' : 'Resume all';
    const body = $('rows');
    body.replaceChildren();
    for (const t of st.trainees) {
      const tr = document.createElement('tr');
      tr.dataset.testid = 'class-row-' + t.id;
      tr.setAttribute('data-testid', 'class-row-' + t.id);
      const c0 = cell(tr);
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = selected.has(t.id);
      box.setAttribute('aria-label', 'Select ' + t.name);
      box.addEventListener('change', () => { if (box.checked) selected.add(t.id); else selected.delete(t.id); describeTargets(); });
      c0.appendChild(box);
      cell(tr, t.name + ' (' + t.id + ')');
      const state = t.error ? 'error' : t.running ? (t.clockSpeed === 'paused' ? 'paused' : 'running') : t.finishReason ? 'finished' : 'not started';
      const lab = document.createElement('span');
      lab.className = 'label ' + (state === 'not started' ? 'paused' : state);
      lab.textContent = t.error ? t.error : state === 'finished' ? 'finished (' + t.finishReason + ')' : state === 'running' ? 'running ' + t.clockSpeed + '×' : state;
      lab.setAttribute('data-testid', 'class-state-' + t.id);
      cell(tr).appendChild(lab);
      const obj = cell(tr, undefined, 'num');
      const bar = document.createElement('span'); bar.className = 'bar';
      const fill = document.createElement('span'); fill.style.width = (t.objectivesTotal ? (100 * t.objectivesMet) / t.objectivesTotal : 0) + '%';
      bar.appendChild(fill); obj.appendChild(bar);
      obj.appendChild(document.createTextNode(t.objectivesMet + ' / ' + t.objectivesTotal));
      obj.setAttribute('data-testid', 'class-objectives-' + t.id);
      const al = cell(tr, String(t.activeAlarms) + (t.criticalAlarms ? ' (' + t.criticalAlarms + ' critical)' : ''), 'num ' + (t.criticalAlarms ? 'alarm-critical' : t.activeAlarms ? 'alarm-warning' : ''));
      al.setAttribute('data-testid', 'class-alarms-' + t.id);
      cell(tr, t.score + ' / ' + t.maxScore, 'num').setAttribute('data-testid', 'class-score-' + t.id);
      cell(tr, t.running ? fmt(t.timeLeftSec) : '—', 'num').setAttribute('data-testid', 'class-left-' + t.id);
      cell(tr, String(t.actions), 'num');
      cell(tr, String(t.instructorHints), 'num').setAttribute('data-testid', 'class-hints-' + t.id);
      const copy = document.createElement('button');
      copy.className = 'link'; copy.textContent = 'Copy URL';
      copy.addEventListener('click', () => void navigator.clipboard.writeText(t.url).then(() => say('Copied ' + t.name + "'s URL", 'ok'), () => say(t.url, 'ok')));
      cell(tr).appendChild(copy);
      body.appendChild(tr);
    }
    const urls = st.trainees.map((t) => t.name + '\\t' + t.url).join('\\n');
    if ($('urls').value !== urls) $('urls').value = urls;
  }
  async function poll() {
    try {
      const r = await fetch('/class/status', { cache: 'no-store' });
      const j = await r.json();
      if (j.ok) render(j.result); else say(j.error.message, 'error');
    } catch (e) { say('The class does not answer: ' + e.message, 'error'); }
    setTimeout(poll, ${INSTRUCTOR_POLL_MS});
  }
  async function post(path, body, done) {
    try {
      const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const j = await r.json();
      if (!j.ok) return say(j.error.message, 'error');
      say(done(j.result), 'ok');
      const s = await (await fetch('/class/status', { cache: 'no-store' })).json();
      if (s.ok) render(s.result);
    } catch (e) { say(e.message, 'error'); }
  }
  const skippedText = (r) => (r.skipped.length ? ' (' + r.skipped.join(', ') + ' already finished)' : '');
  $('pause').addEventListener('click', () => post('/class/pause', { paused: true }, (r) => 'Paused ' + r.changed + ' lab(s).'));
  $('resume').addEventListener('click', () => post('/class/pause', { paused: false }, (r) => 'Running ' + r.changed + ' lab(s).'));
  $('extend').addEventListener('click', () => post('/class/extend', { minutes: Number($('minutes').value), trainees: targets() }, (r) => 'Gave ' + $('minutes').value + ' more minute(s) to ' + r.changed + ' trainee(s)' + skippedText(r) + '.'));
  $('send-hint').addEventListener('click', () => post('/class/hint', { text: $('hint').value, trainees: targets() }, (r) => { $('hint').value = ''; return 'Hint sent to ' + r.changed + ' trainee(s)' + skippedText(r) + '.'; }));
  $('all').addEventListener('change', () => { selected.clear(); if ($('all').checked && last) for (const t of last.trainees) selected.add(t.id); describeTargets(); if (last) render(last); });
  $('copy-urls').addEventListener('click', () => void navigator.clipboard.writeText($('urls').value).then(() => say('Copied every trainee URL', 'ok'), () => say('Select the list and copy it', 'error')));
  void poll();
})();
`;
