// Background jobs (plans and Monte Carlo simulations): their progress, a
// button to start a simulation, and cancel for running ones.
import { api } from '../api.js';
import { esc, percent } from '../../shared/format.js';
import { $, errorBox, progressBar } from '../ui.js';

const FINAL = new Set(['done', 'failed', 'cancelled']);

// Polls a job until it ends; `onUpdate` sees every state.
export async function waitForJob(id, onUpdate, intervalMs = 500) {
  for (;;) {
    const job = await api(`/api/jobs/${encodeURIComponent(id)}`);
    onUpdate(job);
    if (FINAL.has(job.state)) return job;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function stateClass(state) {
  return { done: 'ok', running: 'info', queued: '', failed: 'bad', cancelled: 'warn' }[state] || '';
}

function summary(job) {
  if (job.state !== 'done') return esc(job.message || '');
  if (job.kind === 'simulation') return `<a href="#/simulation/${esc(job.id)}" data-testid="open-simulation">open the simulation</a>`;
  if (job.kind === 'plan') return `${esc(job.message || 'done')} · <a href="#/plan">open on the plan page</a>`;
  return esc(job.message || 'done');
}

export async function renderJobs(root, charts, isCurrent) {
  root.innerHTML = `
    <h1>Jobs</h1>
    <p class="muted">Plans and simulations run in the background on the server; this page refreshes every second while any is running.</p>
    <form id="sim-form" class="panel inline-form">
      <label>Runs<input type="number" name="runs" min="1" value="1000"></label>
      <label>Seed<input type="number" name="seed" value="1"></label>
      <button type="submit" class="primary">Start simulation</button>
      <a href="#/plan">start a plan…</a>
    </form>
    <div id="jobs-error"></div>
    <div id="jobs-table"></div>`;
  const refresh = async () => {
    if (!isCurrent()) return;
    let jobs;
    try {
      jobs = (await api('/api/jobs')).jobs || [];
      $('#jobs-error', root).innerHTML = '';
    } catch (e) {
      $('#jobs-error', root).innerHTML = errorBox(e);
      return;
    }
    const rows = jobs.slice().reverse().map((j) => `<tr>
      <td><code>${esc(j.id)}</code></td><td>${esc(j.kind)}</td><td><span class="badge ${stateClass(j.state)}">${esc(j.state)}</span></td>
      <td style="min-width:160px">${progressBar(j.progress, j.state === 'failed' ? 'bad' : '')} <span class="muted small">${percent(j.progress || 0, 0)}</span></td>
      <td>${summary(j)}</td>
      <td>${FINAL.has(j.state) ? '' : `<button data-cancel="${esc(j.id)}">Cancel</button>`}</td></tr>`).join('');
    $('#jobs-table', root).innerHTML = jobs.length
      ? `<div class="table-wrap"><table class="data" data-testid="jobs"><thead><tr><th>job</th><th>kind</th><th>state</th><th>progress</th><th>message</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`
      : '<p class="muted">No jobs yet.</p>';
    if (jobs.some((j) => !FINAL.has(j.state))) setTimeout(refresh, 1000);
  };
  $('#jobs-table', root).addEventListener('click', async (event) => {
    const id = event.target.dataset && event.target.dataset.cancel;
    if (!id) return;
    try { await api(`/api/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' }); } catch (e) { $('#jobs-error', root).innerHTML = errorBox(e); }
    refresh();
  });
  $('#sim-form', root).addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = new FormData(event.target);
    try {
      await api('/api/simulations', { method: 'POST', body: { runs: Number(f.get('runs')), seed: Number(f.get('seed')) } });
    } catch (e) { $('#jobs-error', root).innerHTML = errorBox(e); }
    refresh();
  });
  await refresh();
}
