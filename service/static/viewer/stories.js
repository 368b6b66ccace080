// The stories page: a story's members, and what one member changed against the origin,
// side by side (before: the origin's paragraph; after: the member's).

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function json(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

async function listStories() {
  const list = await json("/v1/stories?min_members=2&per_page=50");
  const box = $("stories");
  box.replaceChildren(element("h2", `${list.total} stories with several versions`));
  const items = element("ul");
  for (const story of list.items) {
    const item = element("li");
    const link = element("a", `${story.origin ? story.origin.headline : "Story"} `
      + `(${story.member_count} versions)`);
    link.href = `/stories?id=${story.id}`;
    item.append(link);
    items.append(item);
  }
  box.append(items);
}

function paragraphItem(change, side) {
  const item = element("li", undefined, `change-${change.change}`);
  item.append(element("span", change.change, "change-label"), element("br"));
  const paragraph = change[side];
  item.append(document.createTextNode(paragraph ? paragraph.text : "—"));
  return item;
}

async function showChanges(member) {
  const found = await json(`/v1/articles/${encodeURIComponent(member.id)}/changes`);
  $("after-title").textContent = `${member.relation}: ${member.headline || member.id}`;
  const before = $("before");
  const after = $("after");
  before.replaceChildren();
  after.replaceChildren();
  if (found.headline) {
    before.append(paragraphItem({ change: "edited", before: { text: found.headline.before } }, "before"));
    after.append(paragraphItem({ change: "edited", after: { text: found.headline.after } }, "after"));
  }
  for (const change of found.paragraphs) {
    before.append(paragraphItem(change, "before"));
    after.append(paragraphItem(change, "after"));
  }
  for (const figure of found.figures) {
    const text = (side) => (figure[side] ? `${figure[side].text} (${figure[side].of || figure[side].kind})` : undefined);
    before.append(paragraphItem({ change: figure.change, before: text("before") && { text: text("before") } }, "before"));
    after.append(paragraphItem({ change: figure.change, after: text("after") && { text: text("after") } }, "after"));
  }
  $("changes").hidden = false;
}

async function showStory(id) {
  const story = await json(`/v1/stories/${encodeURIComponent(id)}`);
  const box = $("story");
  box.replaceChildren(element("h2", `Story ${story.id}: ${story.member_count} versions`));
  const table = element("table");
  for (const member of story.members) {
    const row = element("tr");
    const name = element("td");
    const button = element("button", member.headline || member.id);
    button.type = "button";
    button.addEventListener("click", () => showChanges(member));
    name.append(button);
    row.append(name, element("td", member.relation), element("td", member.similarity.toFixed(2)),
      element("td", member.published || ""), element("td", member.source_url || ""));
    table.append(row);
  }
  box.append(table);
  box.hidden = false;
}

const id = new URLSearchParams(window.location.search).get("id");
(id ? showStory(id) : listStories()).catch((error) => {
  $("stories").textContent = String(error.message);
});
