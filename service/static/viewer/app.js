// Routing for the viewer: / (articles), /articles/<id>, /analyze; history API, no reloads.

import { analyze, listArticles, loadArticle } from "./api.js";
import { el, formatDay, plural, renderArticle } from "./render.js";

const SITE = "Article structuring API";
const main = document.getElementById("main");
let controller = null;
let shown = null; // path and query of the rendered page; in-page #links keep it

function errorBox(error) {
  const fields = Object.entries(error.errors || {})
    .map(([field, messages]) => el("li", { text: `${field}: ${messages.join(" ")}` }));
  return el("div", { class: "error", role: "alert" },
    el("p", { text: error.message }), fields.length ? el("ul", {}, fields) : null);
}

function heading(text) {
  return el("h1", { tabindex: "-1", text });
}

function listUrl(q, page) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

async function showList(signal) {
  const params = new URLSearchParams(location.search);
  const q = params.get("q") || "";
  const page = Math.max(1, Number.parseInt(params.get("page"), 10) || 1);
  document.title = `Articles · ${SITE}`;
  const input = el("input", { id: "q", type: "search", name: "q", value: q, autocomplete: "off" });
  const form = el("form", {
    class: "search", role: "search",
    onsubmit: (event) => { event.preventDefault(); navigate(listUrl(input.value.trim(), 1)); },
  }, el("label", { for: "q", text: "Search articles" }), input,
  el("button", { type: "submit", text: "Search" }));
  const status = el("p", { class: "status", role: "status", text: "Loading…" });
  const results = el("div", {});
  main.replaceChildren(heading("Articles"), form, status, results);

  const envelope = await listArticles({ q, page }, signal);
  const pages = Math.max(1, Math.ceil(envelope.total / envelope.per_page));
  status.textContent = envelope.total === 0
    ? (q ? `No articles match “${q}”.` : "No articles stored yet.")
    : `${plural(envelope.total, "article")}${q ? ` matching “${q}”` : ""}.`;
  results.replaceChildren(el("ol", { class: "article-list" }, envelope.items.map(articleCard)));
  if (pages > 1) {
    results.append(el("nav", { class: "pager", "aria-label": "Pages" },
      page > 1 ? el("a", { href: listUrl(q, page - 1), "data-nav": true, rel: "prev", text: "← Previous" }) : null,
      el("span", { text: `Page ${page} of ${pages}` }),
      page < pages ? el("a", { href: listUrl(q, page + 1), "data-nav": true, rel: "next", text: "Next →" }) : null));
  }
}

function articleCard(summary) {
  const facts = [
    summary.published?.date ? formatDay(summary.published.date) : null,
    summary.dateline?.place,
    plural(summary.counts.entities, "entity", "entities"),
    plural(summary.counts.figures, "figure"),
    plural(summary.counts.quotes, "quote"),
  ].filter(Boolean).join(" · ");
  return el("li", { class: "card" },
    el("h2", {}, el("a", { href: `/articles/${encodeURIComponent(summary.id)}`, "data-nav": true,
      text: summary.headline || summary.id })),
    summary.subheadline ? el("p", { text: summary.subheadline }) : null,
    el("p", { class: "muted", text: facts }));
}

async function showArticle(id, signal) {
  document.title = `Article · ${SITE}`;
  main.replaceChildren(el("p", { class: "status", role: "status", text: "Loading article…" }));
  const data = await loadArticle(id, signal);
  document.title = `${data.article.headline || id} · ${SITE}`;
  const view = renderArticle(data);
  view.querySelector(".doc").prepend(
    el("p", { class: "breadcrumb" }, el("a", { href: "/", "data-nav": true, text: "← All articles" })),
    downloads(id));
  main.replaceChildren(view);
}

// The article in the formats other systems read (?format= of GET /v1/articles/<id>).
const DOWNLOADS = [["markdown", "Markdown", "md"], ["html", "HTML", "html"],
  ["jsonld", "JSON-LD", "jsonld"], ["ninjs", "ninjs", "ninjs.json"]];

function downloads(id) {
  const path = `/v1/articles/${encodeURIComponent(id)}`;
  const links = DOWNLOADS.map(([format, label, extension], index) => [
    index ? " / " : null,
    el("a", { href: `${path}?format=${format}`, download: `${id}.${extension}`, text: label })]);
  return el("p", { class: "downloads muted" }, "Download as ", links.flat());
}

function showAnalyze() {
  document.title = `Analyze · ${SITE}`;
  const text = el("textarea", { id: "text", name: "text", rows: "12",
    spellcheck: "false", "aria-describedby": "text-hint" });
  const pageUrl = el("input", { id: "url", name: "url", type: "url", placeholder: "https://",
    "aria-describedby": "url-hint" });
  const format = el("select", { id: "format", name: "format" },
    el("option", { value: "text", text: "Wire story (find headline, dateline, sections)" }),
    el("option", { value: "html", text: "Web page (HTML)" }),
    el("option", { value: "plain", text: "Plain text (verbatim, one body)" }));
  const submit = el("button", { type: "submit", text: "Analyze" });
  const output = el("div", { class: "analysis", "aria-live": "polite" });
  let running = null;

  const form = el("form", { class: "analyze-form", onsubmit: async (event) => {
    event.preventDefault();
    running?.abort();
    running = new AbortController();
    submit.disabled = true;
    submit.textContent = "Analyzing…";
    output.replaceChildren(el("p", { class: "status", text: "Analyzing…" }));
    try {
      const data = await analyze(text.value, format.value, running.signal, pageUrl.value);
      output.replaceChildren(renderArticle(data, { level: 2 }));
      output.querySelector("#headline")?.focus();
    } catch (error) {
      if (error.name !== "AbortError") output.replaceChildren(errorBox(error));
    } finally {
      submit.disabled = false;
      submit.textContent = "Analyze";
    }
  } },
  el("div", { class: "field" }, el("label", { for: "text", text: "Article" }),
    el("p", { id: "text-hint", class: "hint muted",
      text: "Paste a wire story or a web page. The analysis is shown here and not stored." }),
    text),
  el("div", { class: "field" }, el("label", { for: "url", text: "Or its URL" }),
    el("p", { id: "url-hint", class: "hint muted",
      text: "With the article left empty, the service fetches this page and analyzes it." }),
    pageUrl),
  el("div", { class: "field field-inline" }, el("label", { for: "format", text: "Format" }), format, submit));
  main.replaceChildren(heading("Analyze an article"), form, output);
}

async function route({ focus }) {
  controller?.abort();
  controller = new AbortController();
  shown = location.pathname + location.search;
  const path = location.pathname;
  const article = path.match(/^\/articles\/([^/]+)\/?$/);
  try {
    if (path === "/") await showList(controller.signal);
    else if (article) await showArticle(decodeURIComponent(article[1]), controller.signal);
    else if (path === "/analyze") showAnalyze();
    else main.replaceChildren(heading("Not found"), el("p", { text: "No page at this address." }));
  } catch (error) {
    if (error.name === "AbortError") return;
    if (!main.querySelector("h1")) {
      main.prepend(heading(error.status === 404 ? "Not found" : "Something went wrong"));
    }
    main.querySelector(".status")?.remove();
    main.append(errorBox(error));
  }
  if (focus) (main.querySelector("h1") || main).focus();
}

function navigate(href) {
  history.pushState(null, "", href);
  window.scrollTo(0, 0);
  route({ focus: true });
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-nav]");
  if (!link || event.defaultPrevented || event.button !== 0
      || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute("href"));
});
window.addEventListener("popstate", () => {
  if (location.pathname + location.search !== shown) route({ focus: true });
});
route({ focus: false });
