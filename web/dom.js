// The two DOM helpers every view of the dashboard uses. Text always goes in
// as textContent, never as markup: report texts come from scanner exports.

export const $ = (id) => document.getElementById(id);

// A new `tag` element with `className` and `text` (both optional).
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

// An SVG element with attributes (set as attributes, never as markup) and
// optional text.
export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text != null) node.textContent = text;
  return node;
}
