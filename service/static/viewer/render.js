// The article view: text with entity highlights, entity panel, figures, timeline, quotes.
// Every node is built with the DOM API and textContent; API data never reaches innerHTML.

export const TYPES = {
  PERSON: "Person", ORGANIZATION: "Organization", LOCATION: "Location", GROUP: "Group",
  EVENT: "Event", LAW: "Law", WORK: "Work", PRODUCT: "Product", OTHER: "Other",
};

const QUALIFIERS = {
  more_than: "more than", less_than: "less than", about: "about",
  at_least: "at least", at_most: "at most", up_to: "up to",
};

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const plural = (n, word, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

const shorten = (text, size = 40) => {
  const chars = Array.from(text);
  return chars.length > size ? `${chars.slice(0, size).join("")}…` : text;
};

export function formatDay(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(date);
}

// What an unresolved date is, by its granularity.
const UNRESOLVED = { weekday: "a weekday", relative: "relative", duration: "a duration",
  holiday: "a holiday" };

function formatTimelineDate(d) {
  if (d.value === null) return `${d.text} (${UNRESOLVED[d.granularity] || "date not known"})`;
  let label = d.value;
  if (d.granularity === "day") label = formatDay(d.start_date);
  else if (d.granularity === "week") label = `week ${d.value.split("-W")[1]} of ${d.value.split("-W")[0]}`;
  else if (d.granularity === "duration" || d.granularity === "holiday") label = d.text;
  else if (d.granularity === "month") {
    label = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" })
      .format(new Date(`${d.start_date}T00:00:00Z`));
  } else if (d.granularity === "quarter") label = d.value.split("-").reverse().join(" ");
  return d.qualifier ? `${d.qualifier} ${label}` : label;
}

function compact(value) {
  return new Intl.NumberFormat("en", {
    notation: Math.abs(value) >= 1e4 ? "compact" : "standard",
    compactDisplay: "long", maximumFractionDigits: 2,
  }).format(value);
}

function currencySymbol(code) {
  try {
    const parts = new Intl.NumberFormat("en", { style: "currency", currency: code }).formatToParts(0);
    return parts.find((p) => p.type === "currency").value;
  } catch {
    return null; // not an ISO 4217 code Intl knows
  }
}

// "RUB 56.7 billion", "$734 million", "22%", "1.5 pp", "5–7 t", "80".
export function formatFigure(figure) {
  const { value, value_max: max, unit, kind } = figure;
  const amount = max === null || max === undefined
    ? compact(value) : `${compact(value)}–${compact(max)}`;
  if (kind === "money" && unit) {
    const symbol = currencySymbol(unit);
    if (symbol) return symbol.length === 1 ? `${symbol}${amount}` : `${symbol} ${amount}`;
  }
  if (unit === "%") return `${amount}%`;
  return unit ? `${amount} ${unit}` : amount;
}

function exactFigure(figure) {
  const exact = new Intl.NumberFormat("en", { maximumFractionDigits: 6 }).format(figure.value);
  return figure.unit ? `${exact} ${figure.unit}` : exact;
}

// level: the heading level of the headline (2 when the page has its own h1).
export function renderArticle(data, { level = 1 } = {}) {
  return new ArticleView(data, level).root;
}

class ArticleView {
  constructor({ article, sections, entities, figures, dates, quotes }, level) {
    this.h = (depth) => `h${Math.min(6, level + depth)}`;
    this.article = article;
    this.text = article.text;
    this.entities = entities;
    this.entityById = new Map(entities.map((e) => [e.id, e]));
    this.mentions = this.flattenMentions(entities);
    this.nodes = []; // {node, start}: every text node of the text, in text order
    this.blocks = []; // {start, end, el}: headline, titles and paragraphs
    this.marks = new Map(entities.map((e) => [e.id, []]));
    this.selected = null;
    this.announcer = el("p", { class: "visually-hidden", role: "status" });

    this.root = el("div", { class: "article-layout" },
      this.renderDocument(sections),
      this.renderPanel(),
      el("div", { class: "extras" },
        this.renderFigures(figures), this.renderTimeline(dates), this.renderQuotes(quotes)),
      this.announcer);
  }

  // Mentions in text order; a mention overlapping an earlier one is dropped.
  flattenMentions(entities) {
    const all = entities.flatMap((entity) => entity.mentions.map((m) => ({ ...m, entity })))
      .sort((a, b) => a.start - b.start || b.end - a.end);
    const kept = [];
    for (const m of all) {
      if (!kept.length || m.start >= kept[kept.length - 1].end) kept.push(m);
    }
    return kept;
  }

  // The nodes for text[start:end], mentions wrapped in <mark>.
  span(start, end) {
    const out = [];
    let at = start;
    const textNode = (from, to) => {
      const node = document.createTextNode(this.text.slice(from, to));
      this.nodes.push({ node, start: from });
      return node;
    };
    for (const m of this.mentions) {
      if (m.start < start || m.end > end) continue;
      if (m.start > at) out.push(textNode(at, m.start));
      out.push(this.mark(m, textNode(m.start, m.end)));
      at = m.end;
    }
    if (at < end) out.push(textNode(at, end));
    return out;
  }

  mark(mention, textNode) {
    const { id, name, type, descriptions } = mention.entity;
    const tip = [`${name} · ${TYPES[type] || type}`, ...descriptions.slice(0, 2)].join("\n");
    const mark = el("mark", {
      class: `mention t-${type}`, tabindex: "0", role: "button", "aria-pressed": "false",
      "data-entity": id, "data-type": type, "data-tip": tip,
      "aria-describedby": `entity-meta-${id}${descriptions.length ? ` entity-desc-${id}` : ""}`,
      onclick: () => this.select(id, { scroll: false }),
      onkeydown: (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          this.select(id, { scroll: false });
        }
      },
    }, textNode);
    this.marks.get(id).push(mark);
    return mark;
  }

  // A block of the text, highlighted when it matches; as given otherwise.
  block(tag, attrs, start, content) {
    const end = start + content.length;
    const matches = start >= 0 && this.text.slice(start, end) === content;
    const node = el(tag, attrs, matches ? this.span(start, end) : content);
    if (matches) this.blocks.push({ start, end, el: node });
    return node;
  }

  renderDocument(sections) {
    const a = this.article;
    const header = el("header", { class: "doc-header" });
    let cursor = 0;
    if (a.headline) {
      header.append(this.block(this.h(0), { id: "headline", tabindex: "-1" },
        this.text.startsWith(a.headline) ? 0 : -1, a.headline));
      cursor = a.headline.length;
    } else {
      header.append(el(this.h(0), { id: "headline", tabindex: "-1", text: "Untitled text" }));
    }
    if (a.subheadline) {
      header.append(this.block("p", { class: "subheadline" },
        this.text.indexOf(a.subheadline, cursor), a.subheadline));
    }
    header.append(this.renderMeta(), el("nav", { class: "jump", "aria-label": "Parts of the analysis" },
      el("ul", {}, [["entities-title", "Entities"], ["figures-title", "Figures"],
        ["timeline-title", "Timeline"], ["quotes-title", "Quotes"]].map(([id, label]) =>
        el("li", {}, el("a", { href: `#${id}`, text: label }))))));

    const body = el("div", { class: "doc-body" });
    for (const section of sections) {
      const titleId = `section-${section.index}`;
      const part = el("section", {
        class: "doc-section", "aria-labelledby": section.title ? titleId : null,
        "aria-label": section.title ? null : "Lead",
      });
      if (section.title) {
        part.append(this.block(this.h(1), { id: titleId, class: "section-title" },
          section.start, section.title));
      }
      for (const p of section.paragraphs) {
        part.append(this.block("p", { tabindex: "-1" }, p.start, p.text));
      }
      body.append(part);
    }
    return el("article", { class: "doc", "aria-labelledby": "headline" }, header, body);
  }

  renderMeta() {
    const { dateline, published, word_count: words, counts } = this.article;
    const meta = el("dl", { class: "meta" });
    const row = (term, ...value) => meta.append(el("div", {}, el("dt", { text: term }),
      el("dd", {}, ...value)));
    if (dateline) {
      const where = [dateline.place, dateline.agency].filter(Boolean).join(" · ");
      row("Dateline", dateline.raw, where ? el("span", { class: "muted", text: ` (${where})` }) : null);
    }
    if (published) {
      const date = published.date
        ? el("time", { datetime: published.date, text: formatDay(published.date) })
        : "unknown";
      row("Published", date, published.inferred
        ? [" ", el("span", { class: "badge", title: published.basis, text: "inferred" }),
          el("span", { class: "basis muted", text: ` ${published.basis}` })]
        : null);
    }
    if (counts) {
      row("Contents", [plural(words, "word"), plural(counts.sections, "section"),
        plural(counts.paragraphs, "paragraph"), plural(counts.entities, "entity", "entities"),
      ].join(" · "));
    }
    return meta;
  }

  renderPanel() {
    const present = Object.keys(TYPES).filter((t) => this.entities.some((e) => e.type === t));
    const filters = el("fieldset", { class: "legend" }, el("legend", { text: "Entity types" }),
      present.map((type) => {
        const count = this.entities.filter((e) => e.type === type).length;
        return el("label", { class: "legend-item" },
          el("input", { type: "checkbox", checked: true, value: type,
            onchange: (event) => this.filterType(type, event.target.checked) }),
          el("span", { class: `swatch t-${type}`, "aria-hidden": "true" }),
          `${TYPES[type]} (${count})`);
      }));
    // Bars relative to the most salient entity; the label keeps the absolute value.
    this.topSalience = Math.max(...this.entities.map((e) => e.salience), 0) || 1;
    this.entityItems = this.entities.map((e) => this.entityItem(e));
    const list = this.entities.length
      ? el("ol", { class: "entity-list", "aria-label": "Entities by salience" }, this.entityItems)
      : el("p", { class: "muted", text: "No entities found." });
    return el("aside", { class: "side", id: "entities", "aria-labelledby": "entities-title" },
      el(this.h(1), { id: "entities-title", text: "Entities" }),
      el("p", { class: "hint muted", text: "Most salient first. Choose one to highlight its mentions." }),
      this.entities.length ? filters : null, list);
  }

  entityItem(entity) {
    const details = [
      ...entity.descriptions,
      ...(entity.aliases.length ? [`also ${entity.aliases.map((a) => `“${a}”`).join(", ")}`] : []),
    ].join(" · ");
    const percent = Math.round(entity.salience * 100);
    return el("li", { class: "entity", "data-type": entity.type },
      el("button", {
        type: "button", class: "entity-button", "aria-pressed": "false",
        "data-entity": entity.id, onclick: () => this.select(entity.id, { scroll: true }),
      },
      el("span", { class: `swatch t-${entity.type}`, "aria-hidden": "true" }),
      el("span", { class: "entity-name", text: entity.name }),
      el("span", { class: "entity-meta muted", id: `entity-meta-${entity.id}`,
        text: `${TYPES[entity.type] || entity.type} · ${plural(entity.mention_count, "mention")}` })),
      el("meter", { min: "0", max: String(this.topSalience), value: String(entity.salience),
        "aria-label": `Salience ${percent}%`, title: `Salience ${percent}%` }),
      details ? el("p", { class: "entity-desc muted", id: `entity-desc-${entity.id}`, text: details })
        : null);
  }

  select(id, { scroll }) {
    this.selected = this.selected === id ? null : id;
    for (const [entityId, marks] of this.marks) {
      const on = entityId === this.selected;
      marks.forEach((m) => { m.classList.toggle("is-selected", on); m.setAttribute("aria-pressed", String(on)); });
    }
    this.root.querySelectorAll(".entity-button").forEach((b) =>
      b.setAttribute("aria-pressed", String(b.dataset.entity === this.selected)));
    if (this.selected === null) {
      this.announcer.textContent = "Highlight cleared.";
      return;
    }
    const marks = this.marks.get(this.selected);
    const entity = this.entityById.get(this.selected);
    this.announcer.textContent = `${entity.name}: ${plural(marks.length, "mention")} highlighted.`;
    if (scroll && marks.length) marks[0].scrollIntoView({ block: "center" });
  }

  filterType(type, shown) {
    this.entityItems.forEach((item) => { if (item.dataset.type === type) item.hidden = !shown; });
    for (const [id, marks] of this.marks) {
      if (this.entityById.get(id).type === type) marks.forEach((m) => m.classList.toggle("is-muted", !shown));
    }
  }

  // The sentence around text[start:end], found inside the block that holds the span.
  sentenceRange(start, end, sentence) {
    const block = this.blocks.find((b) => b.start <= start && end <= b.end);
    if (!block || !sentence) return { start, end, block };
    const blockText = this.text.slice(block.start, block.end);
    for (let i = blockText.indexOf(sentence); i !== -1; i = blockText.indexOf(sentence, i + 1)) {
      const from = block.start + i;
      if (from <= start && end <= from + sentence.length) {
        return { start: from, end: from + sentence.length, block };
      }
    }
    return { start, end, block };
  }

  domPoint(offset) {
    let found = this.nodes[0];
    for (const entry of this.nodes) {
      if (entry.start > offset) break;
      found = entry;
    }
    return [found.node, Math.min(offset - found.start, found.node.length)];
  }

  domRange(start, end) {
    const range = document.createRange();
    range.setStart(...this.domPoint(start));
    range.setEnd(...this.domPoint(end));
    return range;
  }

  showInText(start, end, sentence) {
    const target = this.sentenceRange(start, end, sentence);
    if (!target.block) return;
    this.root.querySelectorAll(".is-target").forEach((node) => node.classList.remove("is-target"));
    target.block.el.classList.add("is-target");
    if (globalThis.CSS?.highlights && globalThis.Highlight) {
      CSS.highlights.set("sentence", new Highlight(this.domRange(target.start, target.end)));
      CSS.highlights.set("span", new Highlight(this.domRange(start, end)));
    }
    target.block.el.scrollIntoView({ block: "center" });
    target.block.el.focus({ preventScroll: true });
  }

  showButton(item, label) {
    return el("button", {
      type: "button", class: "link-button", "aria-label": `Show “${label}” in the text`,
      onclick: () => this.showInText(item.start, item.end, item.sentence),
    }, "Show in text");
  }

  renderFigures(figures) {
    const byId = new Map(figures.map((f) => [f.id, f]));
    const cards = figures.map((f) => {
      const change = f.change === "increase" ? "▲" : f.change === "decrease" ? "▼" : null;
      const compared = f.compared_with && (f.compared_with.label || f.compared_with);
      const equivalent = f.equivalent_of && byId.get(f.equivalent_of);
      return el("li", { class: `figure-card kind-${f.kind}`, "data-figure": f.id,
        "data-value": String(f.value), "data-unit": f.unit ?? "" },
      el("p", { class: "figure-kind muted", text: f.kind }),
      el(this.h(2), { class: "figure-value", title: exactFigure(f) },
        f.qualifier ? el("span", { class: "qualifier", text: `${QUALIFIERS[f.qualifier] || f.qualifier} ` }) : null,
        formatFigure(f),
        change ? el("span", { class: `change change-${f.change}` },
          el("span", { "aria-hidden": "true", text: ` ${change}` }),
          el("span", { class: "visually-hidden", text: ` (${f.change})` })) : null),
      f.of ? el("p", { class: "figure-of", text: `of ${f.of}` }) : null,
      f.period ? el("p", { class: "figure-period" }, "period ", el("strong", { text: f.period.label })) : null,
      compared ? el("p", { class: "muted", text: `compared with ${compared === "same" ? "the same period" : compared}` }) : null,
      equivalent ? el("p", { class: "muted", text: `equivalent of ${equivalent.text}` }) : null,
      el("p", { class: "figure-source muted", text: `“${f.text}”` }),
      this.showButton(f, f.text));
    });
    return el("section", { class: "panel", "aria-labelledby": "figures-title" },
      el(this.h(1), { id: "figures-title", text: "Figures" }),
      cards.length ? el("ul", { class: "figure-grid" }, cards)
        : el("p", { class: "muted", text: "No figures found." }));
  }

  renderTimeline(dates) {
    const items = dates.map((d) => el("li", { class: "timeline-item", "data-start-date": d.start_date },
      // <time> has no quarter syntax; a quarter is a plain label.
      el(d.granularity === "quarter" ? "span" : "time", {
        datetime: d.granularity === "quarter" ? null : d.value, class: "timeline-date",
        text: formatTimelineDate(d),
        title: d.start_date === null ? "not resolved: nothing in the article gives its year"
          : d.start_date === d.end_date ? d.start_date : `${d.start_date} – ${d.end_date}` }),
      el("p", { class: "timeline-sentence" }, el("q", { text: d.text }), ` — ${d.sentence}`),
      this.showButton(d, d.text)));
    return el("section", { class: "panel", "aria-labelledby": "timeline-title" },
      el(this.h(1), { id: "timeline-title", text: "Timeline" }),
      items.length ? el("ol", { class: "timeline" }, items)
        : el("p", { class: "muted", text: "No dates found." }));
  }

  renderQuotes(quotes) {
    const items = quotes.map((q) => {
      const speaker = q.speaker;
      const who = !speaker ? el("span", { class: "muted", text: "unattributed" })
        : speaker.entity_id && this.entityById.has(speaker.entity_id)
          ? el("button", { type: "button", class: "link-button",
            onclick: () => this.select(speaker.entity_id, { scroll: true }), text: speaker.name })
          : speaker.name;
      return el("li", {},
        el("figure", { class: "quote" },
          el("blockquote", {}, el("p", { text: `“${q.text}”` })),
          el("figcaption", {}, "— ", who)),
        this.showButton(q, shorten(q.text)));
    });
    return el("section", { class: "panel", "aria-labelledby": "quotes-title" },
      el(this.h(1), { id: "quotes-title", text: "Quotes" }),
      items.length ? el("ul", { class: "quotes" }, items)
        : el("p", { class: "muted", text: "No quotes found." }));
  }
}
