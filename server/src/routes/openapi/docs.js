// Renders /api/openapi.json for people: operations grouped by tag, each with its access,
// parameters, request and response schemas. Plain DOM (text only, no innerHTML), no libraries.
"use strict";

const METHODS = ["get", "post", "put", "patch", "delete"];
const MAX_DEPTH = 6;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function refName(ref) {
  return ref.split("/").pop();
}

function resolve(doc, schema) {
  if (schema && schema.$ref) return doc.components.schemas[refName(schema.$ref)] || {};
  return schema || {};
}

function typeLabel(schema) {
  if (!schema) return "";
  if (schema.$ref) return refName(schema.$ref);
  if (schema.anyOf) return schema.anyOf.map(typeLabel).join(" | ");
  if (schema.allOf) return schema.allOf.map(typeLabel).filter(Boolean).join(" & ") || "object";
  if (schema.type === "array") return typeLabel(schema.items) + "[]";
  let label = schema.type || "any";
  if (schema.format) label += " (" + schema.format + ")";
  return label;
}

// The properties of a schema, following $ref and allOf.
function properties(doc, schema, seen) {
  schema = resolve(doc, schema);
  let props = {};
  let required = new Set(schema.required || []);
  for (const part of schema.allOf || []) {
    const inner = properties(doc, part, seen);
    props = Object.assign(props, inner.props);
    inner.required.forEach((name) => required.add(name));
  }
  props = Object.assign(props, schema.properties || {});
  return { props, required };
}

function renderSchema(doc, schema, depth, seen) {
  if (depth > MAX_DEPTH) return el("span", { class: "note" }, "…");
  const ref = schema && schema.$ref ? refName(schema.$ref) : null;
  if (ref && seen.has(ref)) return el("span", { class: "note" }, "(" + ref + ", see above)");
  const nextSeen = new Set(seen);
  if (ref) nextSeen.add(ref);
  const target = resolve(doc, schema);
  const nullable = target.anyOf && target.anyOf.find((s) => s.type !== "null");
  if (nullable) return renderSchema(doc, nullable, depth, nextSeen);
  if (target.type === "array") {
    return el("div", {}, el("span", { class: "note" }, "each item:"), renderSchema(doc, target.items, depth + 1, nextSeen));
  }
  const { props, required } = properties(doc, target, nextSeen);
  const names = Object.keys(props);
  if (names.length === 0) {
    const values = target.enum || target.examples;
    return values ? el("span", { class: "note" }, (target.enum ? "one of " : "e.g. ") + values.join(", ")) : el("span");
  }
  return el("ul", { class: "schema" }, names.map((name) => {
    const prop = props[name];
    const shown = resolve(doc, prop.allOf && prop.allOf.length === 1 ? prop.allOf[0] : prop);
    const item = el("li", {},
      el("code", {}, name), " ",
      el("span", { class: "type" }, typeLabel(prop.allOf && prop.allOf.length === 1 ? prop.allOf[0] : prop)),
      required.has(name) ? el("span", { class: "req" }, " required") : null,
      prop.description || shown.description ? el("span", { class: "note" }, " — " + (prop.description || shown.description)) : null,
      (prop.enum || shown.enum) ? el("span", { class: "note" }, " (one of " + (prop.enum || shown.enum).join(", ") + ")") : null);
    const nested = prop.$ref || prop.allOf || prop.type === "array" || prop.type === "object" || prop.anyOf;
    if (nested) {
      const child = renderSchema(doc, prop.allOf && prop.allOf.length === 1 ? prop.allOf[0] : prop, depth + 1, nextSeen);
      if (child.childNodes.length) item.append(el("details", {}, el("summary", {}, "fields"), child));
    }
    return item;
  }));
}

function renderOperation(doc, method, path, op) {
  const body = el("div", { class: "body" }, el("p", { class: "desc" }, op.description || ""));
  if (op.parameters && op.parameters.length) {
    body.append(el("h4", {}, "Parameters"), el("table", {},
      el("tr", {}, el("th", {}, "name"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "")),
      op.parameters.map((p) => el("tr", {},
        el("td", {}, el("code", {}, p.name), p.required ? el("span", { class: "req" }, " required") : null),
        el("td", {}, p.in), el("td", { class: "type" }, typeLabel(p.schema)), el("td", {}, p.description || "")))));
  }
  if (op.requestBody) {
    const schema = op.requestBody.content["application/json"].schema;
    body.append(el("h4", {}, "Request body: " + typeLabel(schema) + (op.requestBody.required ? "" : " (optional)")),
      renderSchema(doc, schema, 0, new Set()));
  }
  body.append(el("h4", {}, "Responses"));
  for (const [status, response] of Object.entries(op.responses || {})) {
    const resolved = response.$ref ? doc.components.responses[refName(response.$ref)] : response;
    const content = resolved.content || {};
    const media = Object.keys(content)[0];
    const schema = media ? content[media].schema : null;
    const row = el("details", {}, el("summary", {}, el("code", {}, status), " ", resolved.description || "",
      schema ? el("span", { class: "type" }, "  " + typeLabel(schema)) : null));
    if (schema) row.append(renderSchema(doc, schema, 0, new Set()));
    if (media && content[media].example) row.append(el("pre", {}, JSON.stringify(content[media].example, null, 2)));
    body.append(row);
  }
  const role = op["x-min-role"] ? "role: " + op["x-min-role"] : (op.security && op.security.length === 0 ? "public" : "");
  return el("details", { class: "op", id: "op-" + op.operationId, "data-search": [method, path, op.summary, op.operationId, (op.tags || []).join(" ")].join(" ").toLowerCase() },
    el("summary", {}, el("span", { class: "method " + method }, method), el("span", { class: "path" }, path),
      el("span", { class: "summary" }, op.summary || ""), el("span", { class: "role" }, role)),
    body);
}

function render(doc) {
  const byTag = new Map((doc.tags || []).map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      if (!item[method]) continue;
      const tag = (item[method].tags || ["other"])[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push([method, path, item[method]]);
    }
  }
  const descriptions = new Map((doc.tags || []).map((t) => [t.name, t.description]));
  const main = document.getElementById("operations");
  const nav = document.getElementById("tags");
  main.replaceChildren(el("p", { class: "desc" }, doc.info.description || ""));
  nav.replaceChildren();
  for (const [tag, operations] of byTag) {
    if (!operations.length) continue;
    const id = "tag-" + tag.replace(/[^a-z0-9]+/gi, "-");
    nav.append(el("a", { href: "#" + id }, tag + " (" + operations.length + ")"));
    main.append(el("section", { class: "tag", id },
      el("h2", {}, tag), descriptions.get(tag) ? el("p", {}, descriptions.get(tag)) : null,
      operations.map(([method, path, op]) => renderOperation(doc, method, path, op))));
  }
}

function applyFilter() {
  const wanted = document.getElementById("filter").value.trim().toLowerCase();
  for (const op of document.querySelectorAll("details.op")) {
    op.hidden = wanted !== "" && !op.dataset.search.includes(wanted);
  }
  for (const section of document.querySelectorAll("section.tag")) {
    section.hidden = section.querySelectorAll("details.op:not([hidden])").length === 0;
  }
}

async function main() {
  const target = document.getElementById("operations");
  try {
    const response = await fetch("/api/openapi.json", { credentials: "same-origin" });
    if (!response.ok) throw new Error("HTTP " + response.status);
    render(await response.json());
    document.getElementById("filter").addEventListener("input", applyFilter);
    // `#op-CreateCluster` links straight to an operation, opened.
    const linked = location.hash && document.getElementById(location.hash.slice(1));
    if (linked && linked.tagName === "DETAILS") {
      linked.open = true;
      linked.querySelectorAll("details").forEach((d) => { d.open = true; });
      linked.scrollIntoView();
    }
  } catch (error) {
    target.replaceChildren(el("p", { class: "error" }, "Cannot load /api/openapi.json: " + error.message));
  }
}

main();
