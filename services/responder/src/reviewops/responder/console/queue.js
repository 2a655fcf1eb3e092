// The queue: filters for every GET /v1/queue parameter, rows earliest due first (overdue on top),
// selection for bulk actions, and the row the keyboard is on.

import {api, problemText} from "./api.js";
import {$, countdown, element, say, stars} from "./dom.js";

const OPEN = new Set(["pending_check", "blocked", "ready", "approved"]);
export const queue = {items: [], cursor: null, selected: new Set(), loadedIn: 0};

function parameters() {
  const params = new URLSearchParams({limit: "50"});
  const text = {q: "#q", asin: "#f-asin", marketplace: "#f-marketplace", assignee: "#f-assignee"};
  for (const [name, id] of Object.entries(text)) {
    const value = $(id).value.trim();
    if (value) params.append(name, name === "q" || name === "assignee" ? value : value.toUpperCase());
  }
  for (const [name, id] of [["state", "#f-state"], ["channel", "#f-channel"], ["cause", "#f-cause"],
                            ["language", "#f-language"]]) {
    if ($(id).value) params.append(name, $(id).value);
  }
  if ($("#f-overdue").checked) params.append("overdue", "true");
  if ($("#f-closed").checked) params.append("include_closed", "true");
  return params;
}

function dueCell(item, now) {
  if (!OPEN.has(item.state)) {
    return element("td", "closed", {"data-testid": "row-due", class: "due due-closed",
                                    title: `due ${new Date(item.due_at).toLocaleString()}`});
  }
  const clock = countdown(item.due_at, now);
  return element("td", clock.text, {"data-testid": "row-due", class: `due due-${clock.level}`,
                                    "data-due-at": item.due_at, title: `due ${new Date(item.due_at).toLocaleString()}`});
}

function row(item, now) {
  const tr = element("tr", undefined, {"data-testid": "queue-row", "data-draft-id": item.id, "data-id": item.id,
                                       "data-state": item.state, "data-channel": item.channel, tabindex: "0",
                                       "aria-selected": "false"});
  const box = element("input", undefined, {type: "checkbox", "data-testid": "row-select",
                                           "aria-label": `Select ${item.channel} for ${item.external_id}`});
  box.checked = queue.selected.has(item.id);
  box.addEventListener("click", (event) => { event.stopPropagation(); toggle(item.id, box.checked); });
  const select = element("td");
  select.append(box);
  const product = item.product_title || item.asin || item.external_id;
  const cause = element("td", item.cause, {class: item.needs_review ? "needs-review" : ""});
  if (item.needs_review) cause.append(element("span", " ⚑ check", {class: "flag", title: "The classifier is unsure: confirm the cause"}));
  const state = element("td", item.state, {class: `state state-${item.state}`});
  if (item.unchecked.length) {
    state.append(element("span", " ⚠", {class: "warn", title: `Not checked: ${item.unchecked.join(", ")}`,
                                        "aria-label": `not checked: ${item.unchecked.join(", ")}`}));
  }
  tr.append(select, dueCell(item, now),
            element("td", stars(item.rating), {"data-testid": "row-rating", class: "stars",
                                               "aria-label": `${item.rating} of 5 stars`}),
            element("td", product, {class: "product", title: `${item.marketplace} · ${item.asin || "no ASIN"}`}),
            element("td", item.snippet, {"data-testid": "row-snippet", class: "snippet", lang: item.language}),
            element("td", item.channel), cause, state, element("td", item.assignee || "—"));
  return tr;
}

export function rows() { return [...document.querySelectorAll("#queue tbody tr")]; }

export function focusedRow() {
  const active = document.activeElement;
  return active && active.matches && active.matches("#queue tbody tr") ? active : null;
}

export async function loadQueue(reset = true) {
  const started = performance.now();
  if (reset) { queue.cursor = null; queue.items = []; }
  const params = parameters();
  if (!reset && queue.cursor) params.append("cursor", queue.cursor);
  const {status, body} = await api("GET", `/v1/queue?${params}`);
  if (status !== 200) { say(problemText(body)); return false; }
  const now = Date.now();
  const fragment = document.createDocumentFragment();
  for (const item of body.items) fragment.append(row(item, now));
  if (reset) $("#queue tbody").replaceChildren(fragment); else $("#queue tbody").append(fragment);
  queue.items = reset ? body.items : queue.items.concat(body.items);
  queue.cursor = body.next_cursor;
  if (reset) queue.selected = new Set([...queue.selected].filter((id) => queue.items.some((i) => i.id === id)));
  $("#more").hidden = !queue.cursor;
  $("#empty").hidden = queue.items.length > 0;
  updateSelection();
  queue.loadedIn = performance.now() - started;
  document.body.dataset.queueLoadedMs = queue.loadedIn.toFixed(1);
  say(`${queue.items.length} items${queue.cursor ? " (more below)" : ""}`);
  return true;
}

// The countdowns move on while the page stays open.
export function refreshCountdowns() {
  const now = Date.now();
  for (const cell of document.querySelectorAll("#queue td.due[data-due-at]")) {
    const clock = countdown(cell.dataset.dueAt, now);
    cell.textContent = clock.text;
    cell.className = `due due-${clock.level}`;
  }
}

export function toggle(id, on) {
  if (on) queue.selected.add(id); else queue.selected.delete(id);
  const tr = document.querySelector(`#queue tr[data-draft-id="${id}"]`);
  if (tr) { tr.querySelector("input").checked = on; tr.setAttribute("aria-selected", String(on)); }
  updateSelection();
}

export function updateSelection() {
  const count = queue.selected.size;
  $("#selected-count").textContent = `${count} selected`;
  for (const id of ["#bulk-approve", "#bulk-reject", "#bulk-done", "#bulk-assign"]) $(id).disabled = count === 0;
  $("#select-all").checked = count > 0 && count === rows().length;
}

export function selectAll(on) {
  for (const tr of rows()) toggle(tr.dataset.draftId, on);
}

export async function bulk(action, extra = {}) {
  const ids = [...queue.selected];
  if (!ids.length) return;
  const {status, body} = await api("POST", "/v1/drafts:bulk", {action, ids, ...extra});
  if (status !== 200) { say(problemText(body)); return; }
  const failed = body.results.filter((result) => result.status !== 200);
  queue.selected = new Set(failed.map((result) => result.id));
  await loadQueue();
  const done = body.results.length - failed.length;
  say(`${action}: ${done} done` + (failed.length
    ? `, ${failed.length} refused (${failed.map((r) => problemText(r.problem)).slice(0, 3).join("; ")})` : ""));
}

export function moveFocus(step) {
  const all = rows();
  if (!all.length) return;
  const current = focusedRow();
  const index = current ? all.indexOf(current) + step : step > 0 ? 0 : all.length - 1;
  all[Math.max(0, Math.min(all.length - 1, index))].focus();
}

// The item after `id` in the loaded queue (for "next item"), loading the next page if needed.
export async function nextAfter(id) {
  let index = queue.items.findIndex((item) => item.id === id);
  if (index === queue.items.length - 1 && queue.cursor) await loadQueue(false);
  index = queue.items.findIndex((item) => item.id === id);
  const later = queue.items.slice(index + 1).find((item) => OPEN.has(item.state));
  return later ? later.id : null;
}

export async function loadAsins() {
  const {status, body} = await api("GET", "/v1/queue/asins");
  if (status !== 200) return [];
  $("#asin-list").replaceChildren(...body.items.map((product) =>
    element("option", product.product_title ? `${product.product_title} (${product.marketplace})` : product.marketplace,
            {value: product.asin})));
  return body.items;
}
