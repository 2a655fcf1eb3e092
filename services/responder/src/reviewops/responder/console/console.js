// The agents' console: the queue, a draft editor that marks violations as the agent types, and a
// root-cause chart. It talks only to the responder (DESIGN.md), and puts every text it shows into
// the page as text, never as HTML: reviews are written by buyers.

const TASKS = new Set(["internal_ticket", "faq_update"]);
const COLOURS = {product_quality: "#c0392b", logistics: "#2e86c1", instructions: "#8e44ad", expectations: "#d68910",
                 preference: "#17a589", seller_service: "#5d6d7e", other: "#aab7b8"};
const $ = (selector) => document.querySelector(selector);
const session = {key: sessionStorage.getItem("key") || "", tenant: sessionStorage.getItem("tenant") || ""};
let cursor = null;
let draft = null;
let checkSequence = 0;

function say(message) { $("#status").textContent = message; }

async function api(method, path, body) {
  const headers = {"Authorization": `Bearer ${session.key}`};
  if (session.tenant) headers["X-Tenant-Id"] = session.tenant;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  const payload = response.status === 204 ? null : await response.json();
  return {status: response.status, body: payload};
}

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function show(view) {
  for (const id of ["queue-view", "insights-view", "editor"]) $(`#${id}`).hidden = id !== view;
}

// ---- the queue -------------------------------------------------------------------------------

async function loadQueue(reset = true) {
  if (reset) { cursor = null; $("#queue tbody").replaceChildren(); }
  const params = new URLSearchParams({limit: "50"});
  for (const [name, id] of [["state", "#f-state"], ["channel", "#f-channel"], ["cause", "#f-cause"]]) {
    if ($(id).value) params.append(name, $(id).value);
  }
  if ($("#f-overdue").checked) params.append("overdue", "true");
  if (cursor) params.append("cursor", cursor);
  const {status, body} = await api("GET", `/v1/queue?${params}`);
  if (status !== 200) { say(body.detail || body.title); return; }
  const now = Date.now();
  for (const item of body.items) {
    const row = element("tr", undefined, {"data-id": item.id});
    const due = new Date(item.due_at);
    row.append(element("td", due.toLocaleString(), {class: due < now ? "overdue" : ""}),
               element("td", item.channel), element("td", item.state, {class: `state-${item.state}`}),
               element("td", item.cause), element("td", item.language), element("td", item.review_key));
    row.addEventListener("click", () => openDraft(item.id));
    $("#queue tbody").append(row);
  }
  cursor = body.next_cursor;
  $("#more").hidden = !cursor;
  say(`${$("#queue tbody").children.length} items`);
  show("queue-view");
}

// ---- the editor ------------------------------------------------------------------------------

// The API counts offsets in Unicode code points; JavaScript strings index UTF-16 code units, where a
// character outside the Basic Multilingual Plane (𠮷, most emoji) takes two.
function utf16Offsets(text) {
  const offsets = [0];
  let position = 0;
  for (const character of text) { position += character.length; offsets.push(position); }
  return offsets;
}

// Marks nest: a violation inside another ("remove your review" inside "refund you if you remove
// your review") is a mark inside a mark, so each rule marks exactly its own phrase.
function markFragment(text, start, end, spans) {
  const nodes = [];
  let position = start;
  let rest = spans.slice();
  while (rest.length) {
    let span = rest.shift();
    if (span.end <= position) continue;
    if (span.start < position) span = {...span, start: position};  // crossing spans: clip the later one
    const inner = rest.filter((s) => s.start >= span.start && s.end <= span.end);
    rest = rest.filter((s) => !inner.includes(s));
    nodes.push(document.createTextNode(text.slice(position, span.start)));
    const mark = element("mark", undefined, {"data-rule": span.rule, title: span.message});
    mark.append(...markFragment(text, span.start, span.end, inner));
    nodes.push(mark);
    position = span.end;
  }
  nodes.push(document.createTextNode(text.slice(position, end)));
  return nodes;
}

function renderMarks(text, violations) {
  const offsets = utf16Offsets(text);
  const spans = violations.filter((v) => v.end > v.start)
    .map((v) => ({start: offsets[v.start], end: offsets[v.end], rule: v.rule, message: v.reason || v.message}))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  $("#marks").replaceChildren(...markFragment(text, 0, text.length, spans), document.createTextNode("\u200b"));
  // The reason and the fix come in the message's language (compliance's explanations).
  $("#violations").replaceChildren(...violations.map((v) => {
    const item = element("li", `${v.rule}: ${v.reason || v.message} (“${v.text}”)`, {"data-rule": v.rule});
    if (v.fix) item.append(element("span", ` ${v.fix}`, {class: "fix"}));
    return item;
  }));
}

async function checkAsTyped() {
  if (!draft || TASKS.has(draft.channel)) return;
  const sequence = ++checkSequence;
  const text = $("#draft-text").value;
  const {status, body} = await api("POST", "/v1/checks", {text, channel: draft.channel, language: draft.language,
                                                          context: draft.check_context});
  if (sequence !== checkSequence) return;  // a newer keystroke is being checked
  if (status === 200) { renderMarks(text, body.violations); say(body.allowed ? "No violations" : "Violations marked"); }
  else say(status === 503 ? "Compliance cannot be reached: saving and approving are refused." : body.detail);
}

let typingTimer = null;
function onType() {
  renderMarks($("#draft-text").value, []);
  clearTimeout(typingTimer);
  typingTimer = setTimeout(checkAsTyped, 250);
}

function showDraft(item) {
  draft = item;
  $("#draft-title").textContent = `${item.channel} · ${item.cause} · ${item.language}`;
  $("#review-text").textContent = `${item.review.title || ""}\n${item.review.body}`.trim();
  $("#draft-text").value = item.text || "";
  $("#draft-text").disabled = TASKS.has(item.channel);
  $("#draft-state").textContent = `State: ${item.state} · policy ${item.policy_version || "not checked"}`;
  $("#draft-state").dataset.state = item.state;
  renderMarks(item.text || "", item.violations || []);
  show("editor");
}

async function openDraft(id) {
  const {status, body} = await api("GET", `/v1/drafts/${id}`);
  if (status === 200) showDraft(body); else say(body.detail);
}

async function act(method, suffix, payload) {
  const {status, body} = await api(method, `/v1/drafts/${draft.id}${suffix}`, payload);
  if (status === 200) { showDraft(body); say(`Draft ${body.state}`); return; }
  if (body.violations) renderMarks($("#draft-text").value, body.violations);
  say(body.detail || body.title);
  if (status === 409) await openDraft(draft.id);
}

// ---- root causes -----------------------------------------------------------------------------

async function showInsight(event) {
  event.preventDefault();
  const params = new URLSearchParams({asin: $("#i-asin").value, marketplace: $("#i-marketplace").value});
  const {status, body} = await api("GET", `/v1/insights/causes?${params}`);
  if (status !== 200) { say(body.detail || body.title); return; }
  const svg = $("#chart");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const width = 760, height = 260, bar = Math.min(60, (width - 40) / Math.max(1, body.weeks.length) - 8);
  body.weeks.forEach((week, index) => {
    let top = height - 20;
    for (const cause of week.causes) {
      const segment = document.createElementNS(ns, "rect");
      const size = cause.share * (height - 40);
      top -= size;
      for (const [name, value] of Object.entries({x: 30 + index * (bar + 8), y: top, width: bar, height: size,
                                                  fill: COLOURS[cause.label] || "#999"})) segment.setAttribute(name, value);
      segment.append(element("title", `${week.week}: ${cause.label} ${Math.round(cause.share * 100)}% (${cause.count})`));
      svg.append(segment);
    }
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", 30 + index * (bar + 8)); label.setAttribute("y", height - 4);
    label.textContent = week.week.slice(5);
    svg.append(label);
  });
  $("#legend").replaceChildren(...body.causes.map((cause) => {
    const item = element("li", ` ${cause.label} ${Math.round(cause.share * 100)}%`);
    const swatch = element("span"); swatch.style.background = COLOURS[cause.label] || "#999";
    item.prepend(swatch);
    return item;
  }));
  say(`${body.total} negative reviews${body.spiking.length ? `; spiking: ${body.spiking.join(", ")}` : ""}`);
}

// ---- wiring ----------------------------------------------------------------------------------

$("#login").addEventListener("submit", (event) => {
  event.preventDefault();
  session.key = $("#key").value.trim();
  session.tenant = $("#tenant").value.trim();
  sessionStorage.setItem("key", session.key);
  sessionStorage.setItem("tenant", session.tenant);
  loadQueue();
});
$("#filters").addEventListener("change", () => loadQueue());
$("#more").addEventListener("click", () => loadQueue(false));
$("#draft-text").addEventListener("input", onType);
$("#draft-text").addEventListener("scroll", () => { $("#marks").scrollTop = $("#draft-text").scrollTop; });
$("#save").addEventListener("click", () => act("PATCH", "", {text: $("#draft-text").value}));
$("#approve").addEventListener("click", () => act("POST", ":approve"));
$("#reject").addEventListener("click", () => act("POST", ":reject"));
$("#close").addEventListener("click", () => loadQueue());
$("#insight-form").addEventListener("submit", showInsight);
for (const button of document.querySelectorAll("nav button")) {
  button.addEventListener("click", () => (button.dataset.view === "queue" ? loadQueue() : show("insights-view")));
}
if (session.key) { $("#key").value = session.key; $("#tenant").value = session.tenant; loadQueue(); }
