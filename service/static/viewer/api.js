// The HTTP contract of /v1 (shared/API.md): fetch, problem details, envelopes, offsets.

const MAX_PER_PAGE = 100;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `The service answered ${status}.`);
    this.status = status;
    this.errors = problem.errors || null;
  }
}

function url(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, ...options });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, { detail: "The service could not be reached." });
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export function getJSON(path, params, signal) {
  return request(url(path, params), { signal });
}

export function postJSON(path, payload, signal) {
  return request(path, {
    method: "POST",
    signal,
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(payload),
  });
}

// Every item of a list resource: the first page says how many more to fetch.
export async function getAll(path, params, signal) {
  const first = await getJSON(path, { ...params, page: 1, per_page: MAX_PER_PAGE }, signal);
  const pages = Math.ceil(first.total / MAX_PER_PAGE);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) =>
      getJSON(path, { ...params, page: i + 2, per_page: MAX_PER_PAGE }, signal)),
  );
  return first.items.concat(...rest.map((page) => page.items));
}

export function listArticles({ q, page }, signal) {
  return getJSON("/v1/articles", { q, page, per_page: 20 }, signal);
}

// A stored article with every sub-resource, offsets in UTF-16 code units (JS indexes).
export async function loadArticle(id, signal) {
  const base = `/v1/articles/${encodeURIComponent(id)}`;
  const utf16 = { offsets: "utf16" };
  const article = await getJSON(base, utf16, signal); // one 404 for an unknown id, not six
  const [sections, entities, figures, dates, quotes] = await Promise.all(
    ["sections", "entities", "figures", "dates", "quotes"].map(
      (name) => getAll(`${base}/${name}`, utf16, signal)));
  return { article, sections, entities, figures, dates, quotes };
}

// POST /v1/analyze answers in code points; the view needs UTF-16 offsets.
// With a URL (and no text) the service fetches the page itself.
export async function analyze(text, format, signal, pageUrl) {
  const body = pageUrl && !text.trim() ? { url: pageUrl } : { text, format };
  const analysis = await postJSON("/v1/analyze", body, signal);
  const converted = toUtf16(analysis, utf16Table(analysis.text));
  const { sections, entities, figures, dates, quotes } = converted;
  return { article: converted, sections, entities, figures, dates, quotes };
}

// table[codePointOffset] = UTF-16 offset, or null when the two agree.
export function utf16Table(text) {
  const chars = Array.from(text);
  if (chars.length === text.length) return null;
  const table = new Array(chars.length + 1);
  table[0] = 0;
  chars.forEach((ch, i) => { table[i + 1] = table[i] + ch.length; });
  return table;
}

export function toUtf16(data, table) {
  if (table === null) return data;
  if (Array.isArray(data)) return data.map((item) => toUtf16(item, table));
  if (data && typeof data === "object") {
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [
      key,
      (key === "start" || key === "end") && Number.isInteger(value)
        ? table[value] : toUtf16(value, table),
    ]));
  }
  return data;
}
