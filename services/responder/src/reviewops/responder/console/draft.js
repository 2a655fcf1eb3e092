// One draft: the review, its classification and confidence, the text with its violations marked as
// the agent types, unchecked rules as warnings, notes, history, and the actions its state allows.

import {api, problemText} from "./api.js";
import {$, CAUSES, TASKS, countdown, element, say, stars} from "./dom.js";

export const current = {draft: null, openedIn: 0};
let checkSequence = 0;
let typingTimer = null;

// ---- violation marks ---------------------------------------------------------------------------

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
  const spans = violations.filter((v) => v.end > v.start && v.field !== "title")
    .map((v) => ({start: offsets[v.start], end: offsets[v.end], rule: v.rule, message: v.reason || v.message}))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  $("#marks").replaceChildren(...markFragment(text, 0, text.length, spans), document.createTextNode("\u200b"));
  // The reason and the fix come in the message's language (compliance's explanations).
  $("#violations").replaceChildren(...violations.map((v) => {
    const item = element("li", `${v.rule}: ${v.reason || v.message}${v.text ? ` (“${v.text}”)` : ""}`,
                         {"data-rule": v.rule});
    if (v.fix) item.append(element("span", ` ${v.fix}`, {class: "fix"}));
    return item;
  }));
}

async function checkAsTyped() {
  const draft = current.draft;
  if (!draft || TASKS.has(draft.channel)) return;
  const sequence = ++checkSequence;
  const text = $("#draft-text").value;
  const {status, body} = await api("POST", "/v1/checks", {text, channel: draft.channel, language: draft.language,
                                                          context: draft.check_context});
  if (sequence !== checkSequence) return;  // a newer keystroke is being checked
  if (status === 200) { renderMarks(text, body.violations); say(body.allowed ? "No violations" : "Violations marked"); }
  else say(status === 503 ? "Compliance cannot be reached: saving and approving are refused." : problemText(body));
}

export function onType() {
  renderMarks($("#draft-text").value, []);
  clearTimeout(typingTimer);
  typingTimer = setTimeout(checkAsTyped, 250);
}

// ---- the draft view ----------------------------------------------------------------------------

const CHANGE_WORDS = {created: "created", checked: "checked", blocked: "blocked by a re-check", updated: "edited",
                      approved: "approved", rejected: "rejected", sent: "marked sent", assigned: "assigned",
                      noted: "added a note", superseded: "superseded", withdrawn: "withdrawn", expired: "expired"};

function historyItem(entry) {
  const when = new Date(entry.at).toLocaleString();
  let what = CHANGE_WORDS[entry.change] || entry.change;
  if (entry.change === "assigned") what = entry.details.assignee ? `assigned to ${entry.details.assignee}` : "released";
  if (entry.change === "rejected" && entry.details.reason) what += `: “${entry.details.reason}”`;
  const states = entry.state_before && entry.state_after && entry.state_before !== entry.state_after
    ? ` (${entry.state_before} → ${entry.state_after})` : "";
  const item = element("li", undefined, {"data-change": entry.change});
  item.append(element("time", when, {datetime: entry.at}), ` ${entry.principal} ${what}${states}`);
  return item;
}

function classificationLine(draft) {
  const scores = (draft.classification.causes || [])
    .map((cause) => `${cause.label} ${Math.round(cause.score * 100)}%`).join(", ");
  const revision = draft.classification.labelled_by ? ` · set by ${draft.classification.labelled_by}` : "";
  return `${draft.cause} — confidence ${scores || "n/a"}${draft.needs_review ? " · the model is unsure: check it" : ""}${revision}`;
}

const ALLOWED = {
  approve: (d) => !TASKS.has(d.channel) && d.state === "ready",
  reject: (d) => d.state === "ready" || d.state === "blocked",
  done: (d) => d.state === "approved" || (TASKS.has(d.channel) && d.state === "ready"),
  save: (d) => !TASKS.has(d.channel) && (d.state === "ready" || d.state === "blocked"),
  assign: (d) => ["pending_check", "blocked", "ready", "approved"].includes(d.state),
};

export function showDraft(draft) {
  current.draft = draft;
  const product = draft.product_title || draft.asin || "";
  $("#draft-title").textContent = `${draft.channel} · ${draft.external_id}${product ? ` · ${product}` : ""}`;
  const clock = countdown(draft.due_at);
  $("#review-meta").replaceChildren(
    element("span", stars(draft.rating), {class: "stars", "aria-label": `${draft.rating} of 5 stars`}),
    ` ${draft.marketplace} · ${draft.kind} · ${draft.language} · written ${new Date(draft.review_created_at).toLocaleString()} · `,
    element("span", clock.text, {class: `due-${clock.level}`}),
    ` · assignee ${draft.assignee || "nobody"}`);
  $("#review-text").textContent = `${draft.review.title || ""}\n${draft.review.body}`.trim();
  $("#review-text").setAttribute("lang", draft.language);
  $("#classification").textContent = classificationLine(draft);
  $("#correct-cause").value = draft.cause;
  $("#warnings").replaceChildren(...draft.unchecked.map((rule) => element(
    "li", `Not checked: ${rule} — the check lacked what it needs to decide this rule; confirm it yourself before sending.`,
    {"data-testid": "draft-warning", "data-rule": rule, class: "warning"})));
  $("#draft-text").value = draft.text || "";
  $("#draft-text").disabled = TASKS.has(draft.channel);
  $("#draft-text").setAttribute("lang", draft.language);
  $("#draft-state").textContent = `State: ${draft.state} · policy ${draft.policy_version || "not checked"}` +
    (TASKS.has(draft.channel) ? " · a task: mark it done when it is done" : "");
  $("#draft-state").dataset.state = draft.state;
  for (const [id, allowed] of [["#approve", "approve"], ["#reject", "reject"], ["#done", "done"], ["#save", "save"],
                               ["#assign", "assign"], ["#release", "assign"]]) {
    $(id).disabled = !ALLOWED[allowed](draft);
  }
  $("#release").disabled = $("#release").disabled || !draft.assignee;
  if ($("#reject-form").contains(document.activeElement)) $("#draft-title").focus();  // never focus a hidden field
  $("#reject-form").hidden = true;
  renderMarks(draft.text || "", draft.violations || []);
  $("#notes").replaceChildren(...draft.notes.map((note) => {
    const item = element("li");
    item.append(element("time", new Date(note.created_at).toLocaleString(), {datetime: note.created_at}),
                ` ${note.author}: `, element("span", note.text, {class: "note-text"}));
    return item;
  }));
  $("#history").replaceChildren(...draft.history.map(historyItem));
}

export async function openDraft(id) {
  const started = performance.now();
  const {status, body} = await api("GET", `/v1/drafts/${id}`);
  if (status !== 200) { say(problemText(body)); return false; }
  showDraft(body);
  current.openedIn = performance.now() - started;
  document.body.dataset.draftOpenedMs = current.openedIn.toFixed(1);
  return true;
}

// Run an action on the open draft; on success show the draft it answers, else say why.
export async function act(method, suffix, payload) {
  const draft = current.draft;
  const {status, body} = await api(method, `/v1/drafts/${draft.id}${suffix}`, payload);
  if (status === 200) { showDraft(body); say(`Draft ${body.state}${body.assignee ? ` · ${body.assignee}` : ""}`); return true; }
  if (body && body.violations) renderMarks($("#draft-text").value, body.violations);
  say(problemText(body));
  if (status === 409) { await openDraft(draft.id); say(problemText(body)); }
  return false;
}

export async function addNote(text) {
  const {status, body} = await api("POST", `/v1/drafts/${current.draft.id}/notes`, {text});
  if (status !== 201) { say(problemText(body)); return false; }
  await openDraft(current.draft.id);
  say("Note added");
  return true;
}

// A cause correction goes to the classifier through the responder's relay; the classifier publishes
// the review again with a higher revision and new drafts follow (DESIGN.md: Cause corrections).
export async function correctCause(label) {
  const draft = current.draft;
  if (!draft || label === draft.cause) return;
  const {status, body} = await api("PUT", `/v1/classifications/${encodeURIComponent(draft.review_key)}`,
                                   {primary_cause: label});
  if (status === 200) {
    say(`Cause set to ${label}; this draft is replaced by new drafts for that cause shortly.`);
    $("#classification").textContent = `${label} — set by a person (was ${draft.cause})`;
  } else {
    $("#correct-cause").value = draft.cause;
    say(`The cause was not changed: ${problemText(body)}`);
  }
}

export function fillCauseOptions() {
  for (const select of document.querySelectorAll("select.cause-options")) {
    select.append(...CAUSES.map((label) => element("option", label, {value: label})));
  }
}
