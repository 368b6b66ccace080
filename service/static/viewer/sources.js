// The sources page: add a feed or sitemap, list the sources with their counts, and show
// a source's latest failures. Built on the public /v1/sources API alone.

import { ApiError, getJSON } from "./api.js";
import { el, plural } from "./render.js";

const REFRESH_MS = 5000;
const form = document.getElementById("add");
const message = document.getElementById("message");
const errors = document.getElementById("errors");

async function add(payload, key) {
  const headers = { Accept: "application/json", "Content-Type": "application/json" };
  if (key) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch("/v1/sources", { method: "POST", headers, body: JSON.stringify(payload) });
  } catch {
    throw new ApiError(0, { detail: "The service could not be reached." });
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function when(value) {
  return value ? new Date(value).toLocaleString() : "not yet";
}

function showErrors(source) {
  errors.hidden = false;
  errors.replaceChildren(
    el("h2", { text: `Latest failures of ${source.url}` }),
    source.last_error ? el("p", { class: "error", text: `Last poll: ${source.last_error}` }) : null,
    source.last_errors.length
      ? el("ul", { class: "source-errors" }, source.last_errors.map((failure) =>
        el("li", {}, el("strong", { text: `${failure.url}: ` }), failure.reason)))
      : el("p", { class: "muted", text: "No item failed." }));
}

async function listSources() {
  const status = document.getElementById("sources-status");
  const table = document.getElementById("sources");
  try {
    const envelope = await getJSON("/v1/sources", { per_page: 100 });
    status.textContent = envelope.total ? `${plural(envelope.total, "source")}.` : "No sources yet.";
    table.hidden = envelope.total === 0;
    table.tBodies[0].replaceChildren(...envelope.items.map((source) => el("tr", {},
      el("td", {}, el("a", { href: source.links.articles, text: source.poll_url })),
      el("td", { text: source.format }),
      el("td", { class: "source-status", "data-failed": String(Boolean(source.last_error)),
        text: `${when(source.last_poll_at)}${source.last_status ? ` (${source.last_status})` : ""}` }),
      el("td", { class: "n", text: String(source.items.seen) }),
      el("td", { class: "n", text: String(source.items.ingested) }),
      el("td", { class: "n", text: String(source.items.skipped) }),
      el("td", { class: "n" }, el("button", { type: "button", class: "link-button",
        text: String(source.items.failed), onclick: () => showErrors(source) })),
      el("td", { text: when(source.next_poll_at) }))));
  } catch (error) {
    status.textContent = error.message;
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = form.querySelector("button");
  button.disabled = true;
  message.replaceChildren();
  try {
    const source = await add({
      url: form.elements.url.value.trim(),
      kind: form.elements.kind.value,
      interval: Number(form.elements.interval.value),
    }, form.elements.key.value.trim());
    message.replaceChildren(el("p", { text: `Added: ${source.poll_url} (${source.format}).` }));
    form.elements.url.value = "";
    listSources();
  } catch (error) {
    message.replaceChildren(el("div", { class: "error", role: "alert" }, el("p", { text: error.message })));
  } finally {
    button.disabled = false;
  }
});

listSources();
setInterval(listSources, REFRESH_MS);
