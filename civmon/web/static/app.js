/* civmon: highlight quoted evidence in source texts.
 * Spans from the server are code-point offsets (Python string indexes); JavaScript strings are UTF-16,
 * so each offset is converted before slicing. Text is only ever inserted as text nodes, never as HTML. */
"use strict";

/** Map every code-point offset 0..n to its UTF-16 index in `text`. */
function codePointToUtf16(text) {
  const map = [0];
  let u = 0;
  for (const ch of text) {  // iterates by code point
    u += ch.length;          // 1 or 2 UTF-16 units
    map.push(u);
  }
  return map;
}

/** Replace the element's text with text nodes and <mark> elements for the given [start, end, field] spans. */
function highlight(el, spans) {
  const text = el.textContent;
  const map = codePointToUtf16(text);
  const n = map.length - 1;
  const marks = spans
    .filter(s => Number.isInteger(s[0]) && Number.isInteger(s[1]) && s[0] >= 0 && s[0] < s[1] && s[1] <= n)
    .map(s => [map[s[0]], map[s[1]], String(s[2] || "")])
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const [start, end, field] of marks) {
    if (start < at) continue;  // overlapping spans: the first wins
    if (start > at) frag.appendChild(document.createTextNode(text.slice(at, start)));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    mark.title = field.replace(/_/g, " ");
    mark.dataset.field = field;
    frag.appendChild(mark);
    at = end;
  }
  if (at < text.length) frag.appendChild(document.createTextNode(text.slice(at)));
  el.textContent = "";
  el.appendChild(frag);
  el.dataset.highlighted = String(marks.length);
}

document.querySelectorAll("pre.source-text[data-spans]").forEach(el => {
  let spans = [];
  try { spans = JSON.parse(el.dataset.spans || "[]"); } catch (e) { spans = []; }
  highlight(el, spans);
});

/* The submit form: show only the input of the chosen mode. */
const form = document.getElementById("submit-form");
if (form) {
  const sync = () => {
    const mode = form.querySelector("input[name=mode]:checked").value;
    form.querySelector("textarea[name=text]").closest("label").hidden = mode !== "text";
    form.querySelector("input[name=file]").closest("label").hidden = mode !== "file";
    form.querySelector("input[name=url]").closest("label").hidden = mode !== "url";
  };
  form.querySelectorAll("input[name=mode]").forEach(r => r.addEventListener("change", sync));
  sync();
}
