// How the web editor reads and writes our content files: a save changes only the lines of the
// fields that changed. Decap CMS's own formats parse a file and write it anew (every comment
// gone, quotes dropped, lists and long lines redone: one changed figure was a 164-line diff).
// Here the file as read travels with the entry (under SOURCE); on a save, each changed value is
// written over its own place in that text, in the style it had, and everything else stays as
// the editor wrote it: comments, key order, quotes, blank lines, line wrapping. A new file is
// written whole: keys in the order of the fields, each field's `comment` above its key.
//
// One module for the browser (/admin/, with the yaml library shipped beside it) and for the
// tests (Node, the same yaml version from npm): makeFormats(YAML) takes the library.

export const SOURCE = "__bestand";

// Withdrawing a story is one switch ("Intrekken"): the save then writes what `make check` asks of
// a withdrawn story, only `ingetrokken: true` and the former names that keep old addresses
// redirecting (hooks/collections/stories.py, _withdrawn_only). Everything the person told goes.
export const WITHDRAWN = "ingetrokken";
const KEPT_WHEN_WITHDRAWN = ["ingetrokken", "eerdere_namen"];

// YAML 1.1 (PyYAML, which the build reads with) takes some plain words as other types, such as
// `no`, `on`, `1:30`; such a string is written in quotes. A date stays a date (datum: 2026-01-29).
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function makeFormats(YAML) {
  const isMap = YAML.isMap;
  const isSeq = YAML.isSeq;
  const isScalar = YAML.isScalar;

  function same(a, b) {
    return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
  }
  function normal(value) {
    if (value === undefined || value === "") return null;
    if (Array.isArray(value)) return value.map(normal);
    if (value && typeof value === "object") {
      const out = {};
      for (const key of Object.keys(value).sort()) {
        if (key !== SOURCE) out[key] = normal(value[key]);
      }
      return out;
    }
    return value;
  }
  const plainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  function readsOtherwise(text) {
    if (text.includes("\n") || DATE.test(text)) return false;
    try {
      return YAML.parse(text, { version: "1.1" }) !== text;
    } catch {
      return false;
    }
  }

  // A value as YAML text, in the style the old node had where it fits the new value.
  function node(doc, value, like) {
    const made = doc.createNode(value);
    YAML.visit(made, {
      Scalar(_, scalar) {
        if (typeof scalar.value === "string" && readsOtherwise(scalar.value)) scalar.type = "QUOTE_DOUBLE";
      },
    });
    if (like && isScalar(like) && isScalar(made) && typeof value === "string" && like.type) {
      const multiline = value.includes("\n");
      const block = like.type === "BLOCK_LITERAL" || like.type === "BLOCK_FOLDED";
      if (block || !multiline) {
        if (!(made.type === "QUOTE_DOUBLE" && like.type === "PLAIN")) made.type = like.type;
      }
    }
    if (like && (isSeq(like) || isMap(like)) && (isSeq(made) || isMap(made)) && like.flow) made.flow = true;
    return made;
  }

  const OPTIONS = { lineWidth: 100, minContentWidth: 20, flowCollectionPadding: false };
  const empty = (v) => v === undefined || v === null || v === "";
  // The empty fields of a group are left out, as an editor leaves them out by hand.
  function prune(value) {
    if (Array.isArray(value)) return value.map(prune);
    if (plainObject(value)) {
      return Object.fromEntries(Object.entries(value).filter(([k, v]) => k !== SOURCE && !empty(v)).map(([k, v]) => [k, prune(v)]));
    }
    return value;
  }

  // "key: value" (or "key:\n  - a") for one pair, its lines after the first indented by `column`.
  function pairText(keyText, value, like, column, comment) {
    let text = keyText + ":";
    if (!empty(value)) {
      const doc = new YAML.Document({});
      doc.contents.items.push(doc.createPair("x", null));
      doc.contents.items[0].value = node(doc, prune(value), like);
      text = keyText + doc.toString(OPTIONS).replace(/\n$/, "").slice(1);
    }
    if (comment) text = comment.split("\n").map((line) => `#${line}`).join("\n") + "\n" + text;
    return indented(text, column);
  }

  // One item of a list, its lines after the first indented by `column`.
  function itemText(value, like, column) {
    const doc = new YAML.Document(null);
    doc.contents = node(doc, prune(value), like);
    return indented(doc.toString(OPTIONS).replace(/\n$/, ""), column);
  }

  // The text placed at `column`: its first line is there already, the others get the indent.
  function indented(text, column) {
    const pad = " ".repeat(column);
    return text.split("\n").map((line, i) => (i === 0 || line === "" ? line : pad + line)).join("\n");
  }

  const lineStart = (text, at) => text.lastIndexOf("\n", at - 1) + 1;
  const lineEnd = (text, at) => {
    const next = text.indexOf("\n", at);
    return next === -1 ? text.length : next;
  };
  function valueEnd(text, pair) {
    let end = Math.max(pair.key.range[1], pair.value && pair.value.range ? pair.value.range[1] : 0);
    while (end > 0 && /\s/.test(text[end - 1])) end -= 1;
    return end;
  }

  function commentFor(comments, path) {
    const said = comments[path];
    return said ? " " + said.split("\\n").join("\n ") : "";
  }

  // Edits ({start, end, text}) that turn the block map `map` into `wanted`.
  function patchMap(text, map, wanted, order, comments, path, edits) {
    const pairs = map.items.filter((p) => isScalar(p.key));
    const present = new Map(pairs.map((p) => [String(p.key.value), p]));
    for (const pair of pairs) {
      const key = String(pair.key.value);
      const start = pair.key.range[0];
      const column = start - lineStart(text, start);
      const keyText = text.slice(pair.key.range[0], pair.key.range[1]);
      if (!(key in wanted)) {
        if (pair.value === null || same(pair.value.toJSON(), null)) continue; // empty already: keep its line
        const from = lineStart(text, start);
        edits.push({ start: from, end: Math.min(text.length, lineEnd(text, valueEnd(text, pair)) + 1), text: "" });
        continue;
      }
      const old = pair.value ? pair.value.toJSON() : null;
      if (same(old, wanted[key])) continue;
      const value = pair.value;
      const here = path ? `${path}.${key}` : key;
      if (isMap(value) && !value.flow && plainObject(wanted[key])) {
        patchMap(text, value, wanted[key], Object.keys(wanted[key]), comments, here, edits);
      } else if (isSeq(value) && !value.flow && Array.isArray(wanted[key]) && patchSeq(text, value, wanted[key], comments, here, edits)) {
        // item by item
      } else {
        edits.push({ start, end: valueEnd(text, pair), text: pairText(keyText, wanted[key], value, column, "") });
      }
    }
    // New keys: after the key before them in the wanted order, else before the first key.
    const keys = [...new Set([...order.filter((k) => k in wanted), ...Object.keys(wanted)])];
    keys.forEach((key, index) => {
      if (present.has(key) || key === SOURCE || wanted[key] === undefined) return;
      if (empty(wanted[key]) || (Array.isArray(wanted[key]) && wanted[key].length === 0)) return;
      const before = keys.slice(0, index).reverse().find((k) => present.has(k));
      const column = pairs.length ? pairs[0].key.range[0] - lineStart(text, pairs[0].key.range[0]) : 0;
      const made = pairText(key, wanted[key], null, column, commentFor(comments, path ? `${path}.${key}` : key));
      if (before) {
        const at = lineEnd(text, valueEnd(text, present.get(before)));
        edits.push({ start: at, end: at, text: "\n" + " ".repeat(column) + made });
      } else if (pairs.length) {
        const at = lineStart(text, pairs[0].key.range[0]);
        edits.push({ start: at, end: at, text: " ".repeat(column) + made + "\n" });
      } else {
        edits.push({ start: text.length, end: text.length, text: made + "\n" });
      }
    });
  }

  // Item by item when the list kept its length; false: the caller writes the whole list.
  function patchSeq(text, seq, wanted, comments, path, edits) {
    if (seq.items.length !== wanted.length || seq.items.some((item) => !item || !item.range)) return false;
    seq.items.forEach((item, i) => {
      const old = item && item.toJSON ? item.toJSON() : item;
      if (same(old, wanted[i])) return;
      if (isMap(item) && !item.flow && plainObject(wanted[i])) {
        patchMap(text, item, wanted[i], Object.keys(wanted[i]), comments, path, edits);
      } else {
        const start = item.range[0];
        let end = item.range[1];
        while (end > start && /\s/.test(text[end - 1])) end -= 1;
        edits.push({ start, end, text: itemText(wanted[i], item, start - lineStart(text, start)) });
      }
    });
    return true;
  }

  function apply(text, edits) {
    let out = text;
    for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    }
    return out;
  }

  // The whole YAML text for `data`: the old text with only the changed values rewritten.
  function patchYaml(oldText, data, order, comments) {
    if (oldText !== null) {
      const doc = YAML.parseDocument(oldText);
      if (!doc.errors.length && isMap(doc.contents) && !doc.contents.flow) {
        const edits = [];
        patchMap(oldText, doc.contents, data, order, comments, "", edits);
        return apply(oldText, edits);
      }
      if (!doc.errors.length && doc.contents === null && Object.keys(data).length === 0) return oldText;
    }
    return fresh(data, order, comments);
  }

  // A new file: keys in the order of the fields, each field's comment above it.
  function fresh(data, order, comments) {
    const keys = [...new Set([...order.filter((k) => k in data), ...Object.keys(data)])];
    const parts = [];
    for (const key of keys) {
      const value = data[key];
      if (empty(value)) continue;
      parts.push(pairText(key, value, null, 0, commentFor(comments, key)));
    }
    return parts.length ? parts.join("\n") + "\n" : "";
  }

  function parseYaml(text) {
    const doc = YAML.parseDocument(text);
    if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join("\n"));
    return doc.toJSON() || {};
  }

  // The end of the front matter as YAML (and the build, hooks/frontmatter.py) finds it: `---` or
  // `...` at the start of a line; an indented one is text inside a block scalar.
  const FRONT = /^---[ \t]*\r?\n([\s\S]*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

  function split(content) {
    const match = FRONT.exec(content);
    if (!match) return { head: "", yaml: null, tail: "", body: content };
    const yamlText = match[1] || "";
    const opening = content.slice(0, content.indexOf("\n") + 1);
    return { head: opening, yaml: yamlText, tail: match[0].slice(opening.length + yamlText.length), body: content.slice(match[0].length) };
  }

  const frontmatter = {
    fromFile(content) {
      const parts = split(content);
      const data = parts.yaml === null ? {} : parseYaml(parts.yaml);
      return { ...data, ...(parts.body.trim() && { body: parts.body }), [SOURCE]: content };
    },
    toFile(data, sortedKeys = [], comments = {}) {
      if (data[WITHDRAWN] === true) {
        const kept = Object.fromEntries(KEPT_WHEN_WITHDRAWN.filter((k) => !empty(data[k])).map((k) => [k, data[k]]));
        return "---\n" + fresh(kept, KEPT_WHEN_WITHDRAWN, {}) + "---\n";
      }
      const { [SOURCE]: source, body = "", ...meta } = data;
      const order = sortedKeys.filter((k) => k !== "body");
      const text = body && !body.endsWith("\n") ? body + "\n" : body;
      if (typeof source === "string" && source.trim()) {
        const parts = split(source);
        const keptBody = same(parts.body.trim() ? parts.body : "", body) ? parts.body : text;
        if (parts.yaml === null && Object.keys(meta).length === 0) return keptBody;
        const yamlText = patchYaml(parts.yaml, meta, order, comments);
        return (parts.head || "---\n") + yamlText + (parts.tail || "---\n") + keptBody;
      }
      return "---\n" + fresh(meta, order, comments) + "---\n\n" + text.replace(/^\n+/, "");
    },
  };

  const yamlFile = {
    fromFile(content) {
      return { ...parseYaml(content), [SOURCE]: content };
    },
    toFile(data, sortedKeys = [], comments = {}) {
      const { [SOURCE]: source, ...meta } = data;
      return patchYaml(typeof source === "string" ? source : null, meta, sortedKeys, comments);
    },
  };

  return { frontmatter, yaml: yamlFile };
}
