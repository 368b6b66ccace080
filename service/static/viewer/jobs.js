// The jobs page: upload a JSONL file (or a JSON array) as a job, watch its progress bar
// and its failures, list the recent jobs. Built on the public /v1/jobs API alone.

import { ApiError, getJSON } from "./api.js";
import { el, plural } from "./render.js";

const POLL_MS = 500;
const ACTIVE = new Set(["queued", "running"]);
const form = document.getElementById("upload");
const panel = document.getElementById("job");
let watching = null;

async function submit(file, key) {
  const json = file.name.endsWith(".json") || file.type === "application/json";
  const headers = {
    Accept: "application/json",
    "Content-Type": json ? "application/json" : "application/x-ndjson",
  };
  if (key) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch("/v1/jobs", { method: "POST", headers, body: file });
  } catch {
    throw new ApiError(0, { detail: "The service could not be reached." });
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function showError(error) {
  panel.hidden = false;
  panel.replaceChildren(el("div", { class: "error", role: "alert" }, el("p", { text: error.message })));
}

function render(job) {
  const done = job.ingested + job.skipped + job.failed_count;
  const percent = job.total ? Math.round((100 * done) / job.total) : 100;
  panel.hidden = false;
  panel.replaceChildren(
    el("h2", { text: `Job ${job.id.slice(0, 8)}` }),
    el("p", { class: "job-status", "data-status": job.status,
      text: `${job.status[0].toUpperCase()}${job.status.slice(1)}: ${done} of ${plural(job.total, "article")} (${percent}%)` }),
    el("progress", { class: "job-progress", max: String(job.total || 1), value: String(done),
      "aria-label": "Progress" }),
    el("ul", { class: "job-counts" },
      el("li", { text: `Ingested ${job.ingested}` }),
      el("li", { text: `Skipped ${job.skipped} (already stored)` }),
      el("li", { text: `Failed ${job.failed_count}` })),
    job.failed.length ? el("div", {},
      el("h3", { text: "Failures" }),
      el("ul", { class: "failures" }, job.failed.map((f) =>
        el("li", {}, el("strong", { text: `Line ${f.line}: ` }), f.reason)))) : null,
    job.ingested + job.skipped
      ? el("p", {}, el("a", { href: job.links.articles, text: "Its articles (JSON)" }))
      : null,
  );
}

async function watch(id) {
  const token = {};
  watching = token;
  for (;;) {
    let job;
    try {
      job = await getJSON(`/v1/jobs/${encodeURIComponent(id)}`);
    } catch (error) {
      showError(error);
      return;
    }
    if (watching !== token) return;
    render(job);
    if (!ACTIVE.has(job.status)) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  listJobs();
}

async function listJobs() {
  const status = document.getElementById("jobs-status");
  const table = document.getElementById("jobs");
  try {
    const envelope = await getJSON("/v1/jobs", { per_page: 20 });
    status.textContent = envelope.total ? `${plural(envelope.total, "job")}.` : "No jobs yet.";
    table.hidden = envelope.total === 0;
    table.tBodies[0].replaceChildren(...envelope.items.map((job) => el("tr", {},
      el("td", {}, el("a", { href: `/jobs?id=${encodeURIComponent(job.id)}`, text: job.id.slice(0, 8) })),
      el("td", { text: job.status }),
      el("td", { class: "n", text: String(job.total) }),
      el("td", { class: "n", text: String(job.ingested) }),
      el("td", { class: "n", text: String(job.skipped) }),
      el("td", { class: "n", text: String(job.failed_count) }),
      el("td", { text: new Date(job.created_at).toLocaleString() }))));
  } catch (error) {
    status.textContent = error.message;
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = form.elements.file.files[0];
  if (!file) return;
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const job = await submit(file, form.elements.key.value.trim());
    history.replaceState(null, "", `/jobs?id=${encodeURIComponent(job.id)}`);
    render(job);
    watch(job.id);
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
});

const given = new URLSearchParams(location.search).get("id");
if (given) watch(given);
listJobs();
