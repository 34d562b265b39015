// Our additions to the web editor (Decap CMS) at /admin/. This module loads Decap itself, so
// that everything below is in place before Decap reads its configuration:
// - our file formats (formaat.js): a save changes only the lines of what changed;
// - the guid widget: a new episode gets its permanent code by itself;
// - the preview: each kind as the site shows it, in the site's stylesheets (voorbeeld.js);
// - photos lose their location, camera and maker data in the browser, before the upload, so
//   they never reach the repository (make check refuses them too); an iPhone's HEIC becomes a
//   JPEG where the browser can draw it, and is refused with the check's words where it cannot.
import * as YAML from "./yaml/index.js";
import { makeFormats } from "./formaat.js";
import { registerPreviews, siteStylesheets } from "./voorbeeld.js";

window.CMS_MANUAL_INIT = true;
document.addEventListener("change", cleanUpload, true);
const decap = document.createElement("script");
decap.src = "decap-cms.js";
decap.addEventListener("load", start);
document.head.append(decap);

async function start() {
  const CMS = window.CMS;
  const formats = makeFormats(YAML);
  CMS.registerCustomFormat("hvk-frontmatter", "md", formats.frontmatter);
  CMS.registerCustomFormat("hvk-yaml", "yml", formats.yaml);
  CMS.registerWidget("guid", guidControl(window.createClass, window.h));
  for (const stylesheet of await siteStylesheets()) CMS.registerPreviewStyle(stylesheet);
  registerPreviews(CMS, window.createClass, window.h);
  CMS.init();
}

// A new episode gets its permanent code (guid) by itself; an existing one keeps it, read-only:
// podcast apps know an episode by it, so nobody should ever type or change it.
function guidControl(createClass, h) {
  return createClass({
    componentDidMount() {
      if (!this.props.value) this.props.onChange("hvk-owtb-" + crypto.randomUUID());
    },
    render() {
      return h("input", {
        id: this.props.forID, className: this.props.classNameWrapper, type: "text",
        value: this.props.value || "", readOnly: true, "aria-readonly": "true",
      });
    },
  });
}

// -- Photos without metadata --------------------------------------------------------------------
// The chosen files are swapped for clean copies before Decap sees the choice (this listener runs
// first, in the capture phase; the editor then gets the same event again, with the clean files).

async function cleanUpload(event) {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.files || !input.files.length) return;
  if (input.dataset.schoon === "1") {
    delete input.dataset.schoon;
    return;
  }
  event.stopImmediatePropagation();
  const cleaned = await Promise.all([...input.files].map((file) => clean(file).catch(() => file)));
  const refused = cleaned.filter((file) => file.refused);
  if (refused.length) {
    // Said with the check's own words (the build puts them in the page), and nothing is uploaded.
    const words = JSON.parse(document.body.dataset.onleesbaar || "{}");
    window.alert(refused.map((file) => `${file.name} ${words[file.refused] || ""}`).join("\n"));
  }
  const chosen = new DataTransfer();
  cleaned.filter((file) => !file.refused).forEach((file) => chosen.items.add(file));
  if (!chosen.files.length) {
    input.value = "";
    return;
  }
  input.files = chosen.files;
  input.dataset.schoon = "1";
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

async function clean(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = unreadableKind(bytes, file.name);
  if (kind) return asJpeg(bytes, file, kind);
  let out = null;
  if (bytes[0] === 0xff && bytes[1] === 0xd8) out = await cleanJpeg(bytes, file.type);
  else if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) out = cleanPng(bytes);
  else if (text(bytes, 0, 4) === "RIFF" && text(bytes, 8, 4) === "WEBP") out = await cleanWebp(bytes, file);
  return out ? new File([out], file.name, { type: file.type, lastModified: file.lastModified }) : file;
}

const text = (bytes, at, n) => String.fromCharCode(...bytes.subarray(at, at + n));

// Photos the site cannot publish as they are: an iPhone's HEIC (or HEIF), AVIF, SVG. Known by
// their first bytes, or their name. The kinds are those of hooks/images.py's UNREADABLE.
const HEIF_BRANDS = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avci"];
function unreadableKind(bytes, name) {
  const extension = (name.match(/\.([^.]+)$/) || ["", ""])[1].toLowerCase();
  if (text(bytes, 4, 4) === "ftyp") {
    const brand = text(bytes, 8, 4);
    if (brand === "avif" || brand === "avis") return "AVIF";
    if (HEIF_BRANDS.includes(brand)) return extension === "heif" ? "HEIF" : "HEIC";
  }
  if (/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(text(bytes, 0, 512))) return "SVG";
  return { heic: "HEIC", heif: "HEIF", avif: "AVIF", svg: "SVG" }[extension] || null;
}

// A HEIC or AVIF photo becomes a JPEG where the browser can draw it (Safari on an iPhone can; the
// drawing carries no location or camera data). Where it cannot, or for an SVG, it is refused.
async function asJpeg(bytes, file, kind) {
  const refuse = () => Object.assign(new File([], file.name), { refused: kind });
  if (kind === "SVG") return refuse();
  try {
    const type = { AVIF: "image/avif", HEIF: "image/heif" }[kind] || "image/heic";
    const jpeg = await redraw(bytes, type, "image/jpeg");
    return new File([jpeg], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg", lastModified: file.lastModified });
  } catch {
    return refuse();
  }
}

// JPEG: drop the APP1 (Exif, XMP), APP3-APP13, APP15 and comment segments; keep JFIF (APP0),
// the colour profile (APP2) and Adobe's colour note (APP14). A photo that is turned by its Exif
// data is drawn upright instead, as `make foto-schoon` does.
async function cleanJpeg(bytes, type) {
  const kept = [bytes.subarray(0, 2)];
  let at = 2;
  let removed = false;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1];
    if (marker === 0xda) break; // start of scan: the picture itself follows
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    const segment = bytes.subarray(at, at + 2 + length);
    if (marker === 0xe1 && orientation(segment) > 1) return redraw(bytes, type || "image/jpeg");
    const drop = marker === 0xe1 || (marker >= 0xe3 && marker <= 0xed) || marker === 0xef || marker === 0xfe;
    if (drop) removed = true;
    else kept.push(segment);
    at += 2 + length;
  }
  if (!removed) return null;
  kept.push(bytes.subarray(at));
  return new Blob(kept);
}

function orientation(segment) {
  if (text(segment, 4, 6) !== "Exif\0\0") return 1;
  const tiff = segment.subarray(10);
  const little = text(tiff, 0, 2) === "II";
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (at) => view.getUint16(at, little);
  const u32 = (at) => view.getUint32(at, little);
  try {
    const ifd = u32(4);
    for (let i = 0, n = u16(ifd); i < n; i++) {
      const entry = ifd + 2 + i * 12;
      if (u16(entry) === 0x0112) return u16(entry + 8);
    }
  } catch {
    return 1;
  }
  return 1;
}

// PNG: drop the text, Exif and time chunks (tEXt, zTXt, iTXt, eXIf, tIME).
function cleanPng(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept = [bytes.subarray(0, 8)];
  let at = 8;
  let removed = false;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const kind = text(bytes, at + 4, 4);
    const chunk = bytes.subarray(at, at + 12 + length);
    if (["tEXt", "zTXt", "iTXt", "eXIf", "tIME"].includes(kind)) removed = true;
    else kept.push(chunk);
    at += 12 + length;
  }
  return removed ? new Blob(kept) : null;
}

// WebP with Exif or XMP: drawn again (the browser writes no metadata).
async function cleanWebp(bytes, file) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let found = false;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const kind = text(bytes, at, 4);
    const size = view.getUint32(at + 4, true);
    if (kind === "EXIF" || kind === "XMP ") found = true;
    at += 8 + size + (size & 1);
  }
  return found ? redraw(bytes, file.type || "image/webp") : null;
}

async function redraw(bytes, type, as = type) {
  const picture = await createImageBitmap(new Blob([bytes], { type }), { imageOrientation: "from-image" });
  const canvas = new OffscreenCanvas(picture.width, picture.height);
  canvas.getContext("2d").drawImage(picture, 0, 0);
  return canvas.convertToBlob({ type: as, quality: 0.95 });
}
