// Small DOM helpers. Every text goes into the page as text, never as HTML: reviews are written by buyers.

export const $ = (selector) => document.querySelector(selector);

export function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  return node;
}

export function say(message) { $("#status").textContent = message; }

export const CAUSES = ["product_quality", "logistics", "instructions", "expectations", "preference",
                       "seller_service", "other"];
export const TASKS = new Set(["internal_ticket", "faq_update"]);

export function stars(rating) {
  return "★".repeat(rating) + "☆".repeat(Math.max(0, 5 - rating));
}

// The 24-hour response clock: time left until due_at, or how long it is overdue.
export function countdown(dueAt, now = Date.now()) {
  const minutes = Math.round((new Date(dueAt).getTime() - now) / 60000);
  const span = Math.abs(minutes);
  const days = Math.floor(span / 1440), hours = Math.floor((span % 1440) / 60), rest = span % 60;
  const text = days ? `${days}d ${hours}h` : hours ? `${hours}h ${rest}m` : `${rest}m`;
  if (minutes < 0) return {text: `overdue ${text}`, level: "overdue"};
  return {text: `${text} left`, level: minutes < 240 ? "soon" : "ok"};
}
