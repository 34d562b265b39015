// The web editor's save, without the browser: reads a content file as /admin/ does
// (cms/formaat.js, with the same yaml version from npm), applies edits to its data as the
// editor's form would, and gives the file the editor would commit.
//
// node tests/formaat.mjs <jobs.json>
// jobs.json: {"config": <completed config.yml>, "root": <site>, "jobs": [{"file": "stories/x.md",
//   "edits": [[["cijfers", 1, "waarde"], "1 op de 8"], [["functie"], null, "weg"], ...]}, ...]};
//   no edits: saved unchanged; "weg": the key is left out of the data.
// Prints a JSON list: per job, the file's new text, or {"error": ...}.

import fs from "node:fs";
import path from "node:path";
import * as YAML from "yaml";
import { makeFormats } from "../cms/formaat.js";

const { config: configPath, root, jobs } = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const config = YAML.parse(fs.readFileSync(configPath, "utf8"));
const formats = makeFormats(YAML);

// Decap's selectFieldsComments: "parent.child" for the fields of a group.
function comments(fields, prefix = "", out = {}) {
  for (const field of fields) {
    const name = `${prefix}${field.name}`;
    if (field.comment) out[name] = field.comment;
    if (field.fields) comments(field.fields, `${name}.`, out);
  }
  return out;
}

function collectionOf(file) {
  for (const collection of config.collections) {
    if (collection.folder && path.posix.dirname(file) === collection.folder) return collection;
    for (const one of collection.files || []) if (one.file === file) return { ...collection, ...one };
  }
  throw new Error(`geen collectie voor ${file}`);
}

const out = jobs.map(({ file, edits = [] }) => {
  try {
    const collection = collectionOf(file);
    const formatter = collection.format === "hvk-frontmatter" ? formats.frontmatter : formats.yaml;
    const data = formatter.fromFile(fs.readFileSync(path.join(root, file), "utf8"));
    for (const [where, value, how] of edits) {
      let at = data;
      for (const step of where.slice(0, -1)) at = at[step];
      if (how === "weg") delete at[where[where.length - 1]]; // the form left the field out
      else at[where[where.length - 1]] = value;
    }
    let text = formatter.toFile(data, collection.fields.map((f) => f.name), comments(collection.fields));
    if (!text.endsWith("\n")) text += "\n"; // Decap's entryToRaw
    return text;
  } catch (error) {
    return { error: String(error && error.message) };
  }
});
process.stdout.write(JSON.stringify(out));
