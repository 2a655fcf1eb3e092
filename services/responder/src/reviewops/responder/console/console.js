// The agents' console: the queue (filters, search, bulk actions), a draft view (review,
// classification, violations marked as the agent types, warnings, notes, history, actions) and
// the root-cause view. It talks only to the responder (DESIGN.md). Plain ES modules, no build step.

import {api, problemText, session, signIn} from "./api.js";
import {$, say} from "./dom.js";
import {act, addNote, correctCause, current, fillCauseOptions, onType, openDraft} from "./draft.js";
import {showInsight} from "./insights.js";
import {bulk, focusedRow, loadAsins, loadQueue, moveFocus, nextAfter, refreshCountdowns, selectAll, toggle,
        queue} from "./queue.js";

const VIEWS = ["queue-view", "insights-view", "editor"];
let products = [];
let lastOpened = null;

function show(view) {
  for (const id of VIEWS) $(`#${id}`).hidden = id !== view;
  document.body.dataset.view = view;
}

async function openQueue() {
  show("queue-view");
  const focusedBefore = document.activeElement;
  await loadQueue();
  if (document.activeElement !== focusedBefore && document.activeElement !== document.body) return;  // the agent moved on
  const back = lastOpened && document.querySelector(`#queue tr[data-draft-id="${lastOpened}"]`);
  (back || document.querySelector("#queue tbody tr") || $("#q")).focus();
}

async function open(id, focusText = false) {
  if (!(await openDraft(id))) return;
  lastOpened = id;
  show("editor");
  say(`Draft ${current.draft.state}`);
  (focusText && !$("#draft-text").disabled ? $("#draft-text") : $("#draft-title")).focus();
}

async function openNext() {
  const next = current.draft && (await nextAfter(current.draft.id));
  if (next) await open(next); else { say("No more open items in this list"); await openQueue(); }
}

function askRejectReason() {
  if ($("#reject").disabled) return;
  $("#reject-form").hidden = false;
  $("#reject-reason").focus();
}

// An action on the row the keyboard is on, without opening it: the same endpoints as the draft view.
async function actOnRow(action) {
  const row = focusedRow();
  if (!row) return;
  const id = row.dataset.draftId;
  if (action === "reject") { await open(id); askRejectReason(); return; }
  const {status, body} = await api("POST", `/v1/drafts/${id}:${action}`);
  say(status === 200 ? `${action}: ${body.state}` : problemText(body));
  await loadQueue();
  const again = document.querySelector(`#queue tr[data-draft-id="${id}"]`) || document.querySelector("#queue tbody tr");
  if (again) again.focus();
}

function typing(target) {
  return target.matches("input, textarea, select") && !(target.type === "checkbox");
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "Escape") {
    if ($("#keys").open) return;
    if (!$("#editor").hidden) { event.preventDefault(); openQueue(); }
    return;
  }
  if (typing(event.target)) return;
  const inQueue = !$("#queue-view").hidden, inDraft = !$("#editor").hidden;
  const handlers = {
    "?": () => $("#keys").showModal(),
    "/": () => { if (inQueue) $("#q").focus(); },
    j: () => inQueue && moveFocus(1),
    k: () => inQueue && moveFocus(-1),
    n: () => inDraft && openNext(),
    x: () => { const row = inQueue && focusedRow(); if (row) toggle(row.dataset.draftId, !queue.selected.has(row.dataset.draftId)); },
    Enter: () => { const row = inQueue && focusedRow(); if (row) open(row.dataset.draftId); },
    e: () => { const row = inQueue && focusedRow(); if (row) open(row.dataset.draftId, true); else if (inDraft) $("#draft-text").focus(); },
    a: () => (inDraft ? !$("#approve").disabled && act("POST", ":approve") : inQueue && actOnRow("approve")),
    r: () => (inDraft ? askRejectReason() : inQueue && actOnRow("reject")),
    d: () => (inDraft ? !$("#done").disabled && act("POST", ":mark-sent") : inQueue && actOnRow("mark-sent")),
  };
  const handler = handlers[event.key];
  if (!handler) return;
  if (event.key === "Enter" && !(inQueue && focusedRow())) return;
  event.preventDefault();
  handler();
}

async function showProducts() {
  show("insights-view");
  products = await loadAsins();
  $("#i-product").replaceChildren(...products.map((product, index) => {
    const option = document.createElement("option");
    option.value = String(index);
    option.textContent = `${product.asin} · ${product.marketplace}${product.product_title ? ` · ${product.product_title}` : ""}` +
      ` (${product.open_items} open)`;
    return option;
  }));
  if (products.length) await showInsight(products[0]); else say("No ASINs in this tenant's queue yet");
}

// ---- wiring ------------------------------------------------------------------------------------

fillCauseOptions();
$("#login").addEventListener("submit", (event) => {
  event.preventDefault();
  signIn($("#key").value.trim(), $("#tenant").value.trim());
  openQueue();
  loadAsins();
});
let searchTimer = null;
$("#filters").addEventListener("submit", (event) => event.preventDefault());
$("#filters").addEventListener("change", (event) => { if (event.target.id !== "q") loadQueue(); });
$("#q").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(loadQueue, 250); });
$("#q").addEventListener("keydown", (event) => {
  if (event.key === "Enter") { event.preventDefault(); clearTimeout(searchTimer); loadQueue(); }
  if (event.key === "Escape") { event.preventDefault(); moveFocus(1); }
});
$("#more").addEventListener("click", () => loadQueue(false));
$("#queue tbody").addEventListener("click", (event) => {
  const row = event.target.closest("tr");
  if (row && !event.target.matches("input")) open(row.dataset.draftId);
});
$("#select-all").addEventListener("change", () => selectAll($("#select-all").checked));
$("#bulk-approve").addEventListener("click", () => bulk("approve"));
$("#bulk-reject").addEventListener("click", () => bulk("reject", $("#bulk-reason").value.trim()
  ? {reason: $("#bulk-reason").value.trim()} : {}));
$("#bulk-done").addEventListener("click", () => bulk("mark-sent"));
$("#bulk-assign").addEventListener("click", () => bulk("assign"));

$("#draft-text").addEventListener("input", onType);
$("#draft-text").addEventListener("scroll", () => { $("#marks").scrollTop = $("#draft-text").scrollTop; });
$("#save").addEventListener("click", () => act("PATCH", "", {text: $("#draft-text").value}));
$("#approve").addEventListener("click", () => act("POST", ":approve"));
$("#reject").addEventListener("click", askRejectReason);
$("#reject-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const reason = $("#reject-reason").value.trim();
  act("POST", ":reject", reason ? {reason} : undefined);
  $("#reject-reason").value = "";
});
$("#reject-cancel").addEventListener("click", () => { $("#reject-form").hidden = true; });
$("#done").addEventListener("click", () => act("POST", ":mark-sent"));
$("#assign").addEventListener("click", () => act("POST", ":assign"));
$("#release").addEventListener("click", () => act("POST", ":assign", {assignee: null}));
$("#next").addEventListener("click", openNext);
$("#close").addEventListener("click", openQueue);
$("#correct-cause").addEventListener("change", () => correctCause($("#correct-cause").value));
$("#note-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("#note-text").value;
  if (text.trim() && (await addNote(text))) $("#note-text").value = "";
});

$("#insight-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const product = products[Number($("#i-product").value)];
  if (product) showInsight(product);
});
$("#i-source").addEventListener("change", () => {
  const product = products[Number($("#i-product").value)];
  if (product) showInsight(product);
});
$("#i-product").addEventListener("change", () => {
  const product = products[Number($("#i-product").value)];
  if (product) showInsight(product);
});
for (const button of document.querySelectorAll("nav button[data-view]")) {
  button.addEventListener("click", () => (button.dataset.view === "queue" ? openQueue() : showProducts()));
}
$("#show-keys").addEventListener("click", () => $("#keys").showModal());
$("#keys-close").addEventListener("click", () => $("#keys").close());
document.addEventListener("keydown", onKey);
setInterval(refreshCountdowns, 30_000);
if (session.key) { $("#key").value = session.key; $("#tenant").value = session.tenant; openQueue(); }
