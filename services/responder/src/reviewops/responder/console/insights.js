// Root causes of one ASIN: negative reviews per ISO week stacked by cause as counts on a labelled
// axis, every week of the period shown (empty ones too), active spikes marked, and the same
// numbers with their shares in a table.

import {api, problemText} from "./api.js";
import {$, CAUSES, element, say} from "./dom.js";

// Colours with at least 3:1 contrast against white (segments are graphics, WCAG 1.4.11).
export const COLOURS = {product_quality: "#b03a2e", logistics: "#1f618d", instructions: "#7d3c98",
                        expectations: "#9a5b00", preference: "#117a65", seller_service: "#4d5b69", other: "#6e7b7c"};
const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 800, HEIGHT = 320, LEFT = 48, RIGHT = 12, TOP = 24, BOTTOM = 40;

export function isoWeek(date) {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day - yearStart) / 86400000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

// Every ISO week from start to end, so a week without negative reviews shows as an empty bar.
export function weeksBetween(start, end) {
  const weeks = [];
  for (let at = new Date(start); at <= end; at = new Date(at.getTime() + 7 * 86400000)) weeks.push(isoWeek(at));
  const last = isoWeek(end);
  if (!weeks.includes(last)) weeks.push(last);
  return [...new Set(weeks)];
}

// The axis's step: 1, 2 or 5 times a power of ten, so that five steps reach the tallest week.
function tickStep(tallest) {
  const raw = Math.max(1, tallest / 5);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((factor) => factor * magnitude).find((step) => step >= raw);
}

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function drawChart(weeks, byWeek, spiking) {
  const chart = $("#chart");
  chart.replaceChildren();
  const ticks = 5;
  const step = tickStep(Math.max(...weeks.map((week) => (byWeek.get(week) || {total: 0}).total)));
  const top = step * ticks;
  const plotHeight = HEIGHT - TOP - BOTTOM, plotWidth = WIDTH - LEFT - RIGHT;
  const slot = plotWidth / weeks.length, bar = Math.min(44, slot * 0.7);
  const y = (count) => TOP + plotHeight - (count / top) * plotHeight;
  for (let index = 0; index <= ticks; index++) {
    const value = step * index;
    chart.append(svg("line", {x1: LEFT, x2: WIDTH - RIGHT, y1: y(value), y2: y(value), class: "grid"}),
                 svg("text", {x: LEFT - 6, y: y(value) + 4, class: "tick", "text-anchor": "end"}, String(value)));
  }
  chart.append(svg("text", {x: 12, y: TOP + plotHeight / 2, class: "axis-title",
                            transform: `rotate(-90 12 ${TOP + plotHeight / 2})`, "text-anchor": "middle"}, "reviews"));
  weeks.forEach((week, index) => {
    const data = byWeek.get(week) || {total: 0, causes: []};
    const x = LEFT + index * slot + (slot - bar) / 2;
    let base = 0;
    const group = svg("g", {"data-week": week, "data-total": data.total});
    for (const label of CAUSES) {
      const cause = data.causes.find((c) => c.label === label);
      if (!cause) continue;
      const segment = svg("rect", {x, y: y(base + cause.count), width: bar, height: (cause.count / top) * plotHeight,
                                   fill: COLOURS[label], class: spiking.includes(label) ? "spiking" : ""});
      segment.append(svg("title", {}, `${week}: ${label} ${cause.count} (${Math.round(cause.share * 100)}%)`));
      group.append(segment);
      base += cause.count;
    }
    group.append(svg("text", {x: x + bar / 2, y: y(data.total) - 4, class: "total", "text-anchor": "middle"},
                     String(data.total)));
    if (weeks.length <= 16 || index % 2 === 0) {
      group.append(svg("text", {x: x + bar / 2, y: HEIGHT - BOTTOM + 16, class: "tick", "text-anchor": "middle"},
                       week.slice(5)));
    }
    chart.append(group);
  });
  chart.append(svg("line", {x1: LEFT, x2: WIDTH - RIGHT, y1: y(0), y2: y(0), class: "axis"}),
               svg("line", {x1: LEFT, x2: LEFT, y1: TOP, y2: y(0), class: "axis"}),
               svg("text", {x: LEFT + plotWidth / 2, y: HEIGHT - 6, class: "axis-title", "text-anchor": "middle"},
                   "ISO week"));
}

function drawTable(weeks, byWeek, causes) {
  const head = element("tr");
  head.append(element("th", "week", {scope: "col"}), element("th", "total", {scope: "col"}),
              ...causes.map((label) => element("th", label, {scope: "col"})));
  $("#weeks thead").replaceChildren(head);
  $("#weeks tbody").replaceChildren(...weeks.map((week) => {
    const data = byWeek.get(week) || {total: 0, causes: []};
    const tr = element("tr", undefined, {"data-week": week});
    tr.append(element("th", week, {scope: "row"}), element("td", String(data.total)),
              ...causes.map((label) => {
                const cause = data.causes.find((c) => c.label === label);
                return element("td", cause ? `${cause.count} (${Math.round(cause.share * 100)}%)` : "0");
              }));
    return tr;
  }));
}

// What the chart counts, per source the insights take (DESIGN.md: Returns).
const COUNTED = {reviews: "Negative reviews", returns: "Returned units", all: "Negative reviews and returned units"};

export async function showInsight(product) {
  const source = $("#i-source").value;
  const params = new URLSearchParams({asin: product.asin, marketplace: product.marketplace, source});
  const {status, body} = await api("GET", `/v1/insights/causes?${params}`);
  if (status !== 200) { say(problemText(body)); return false; }
  const weeks = weeksBetween(new Date(body.start), new Date(body.end));
  const byWeek = new Map(body.weeks.map((week) => [week.week, week]));
  drawChart(weeks, byWeek, body.spiking);
  const shown = CAUSES.filter((label) => body.causes.some((c) => c.label === label));
  drawTable(weeks, byWeek, shown);
  $("#legend").replaceChildren(...body.causes.map((cause) => {
    const spiking = body.spiking.includes(cause.label);
    const item = element("li", ` ${cause.label}: ${cause.count} (${Math.round(cause.share * 100)}%)`,
                         {"data-cause": cause.label, class: spiking ? "spiking" : ""});
    const swatch = element("span", undefined, {class: "swatch", "aria-hidden": "true"});
    swatch.style.background = COLOURS[cause.label] || "#666";
    item.prepend(swatch);
    if (spiking) item.append(element("strong", " ▲ spiking", {class: "spike"}));
    return item;
  }));
  $("#chart-title").textContent = `${COUNTED[source]} per ISO week by cause (counts; the table below has the shares)`;
  const bySource = Object.entries(body.sources || {}).map(([name, counts]) => `${name}: ${counts.total}`);
  say(`${body.total} ${COUNTED[source].toLowerCase()} in ${weeks.length} week${weeks.length === 1 ? "" : "s"}` +
      (source === "all" && bySource.length ? ` (${bySource.join(", ")})` : "") +
      (body.spiking.length ? `; spiking: ${body.spiking.join(", ")}` : ""));
  return true;
}
