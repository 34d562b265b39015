// Our additions to the web editor (Decap CMS) at /admin/. This module loads Decap itself, so
// that everything below is in place before Decap reads its configuration:
// - our file formats (formaat.js): a save changes only the lines of what changed;
// - the guid widget: a new episode gets its permanent code by itself;
// - the site's styles in the preview;
// - photos lose their location, camera and maker data in the browser, before the upload, so
//   they never reach the repository (make check refuses them too).
import * as YAML from "./yaml/index.js";
import { makeFormats } from "./formaat.js";

window.CMS_MANUAL_INIT = true;
document.addEventListener("change", cleanUpload, true);
const decap = document.createElement("script");
decap.src = "decap-cms.js";
decap.addEventListener("load", start);
document.head.append(decap);

function start() {
  const CMS = window.CMS;
  const formats = makeFormats(YAML);
  CMS.registerCustomFormat("hvk-frontmatter", "md", formats.frontmatter);
  CMS.registerCustomFormat("hvk-yaml", "yml", formats.yaml);
  CMS.registerWidget("guid", guidControl(window.createClass, window.h));
  CMS.registerPreviewStyle("../assets/stylesheets/campagne.css");
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
  const chosen = new DataTransfer();
  cleaned.forEach((file) => chosen.items.add(file));
  input.files = chosen.files;
  input.dataset.schoon = "1";
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

async function clean(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let out = null;
  if (bytes[0] === 0xff && bytes[1] === 0xd8) out = await cleanJpeg(bytes, file.type);
  else if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) out = cleanPng(bytes);
  else if (text(bytes, 0, 4) === "RIFF" && text(bytes, 8, 4) === "WEBP") out = await cleanWebp(bytes, file);
  return out ? new File([out], file.name, { type: file.type, lastModified: file.lastModified }) : file;
}

const text = (bytes, at, n) => String.fromCharCode(...bytes.subarray(at, at + n));

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

async function redraw(bytes, type) {
  const picture = await createImageBitmap(new Blob([bytes], { type }), { imageOrientation: "from-image" });
  const canvas = new OffscreenCanvas(picture.width, picture.height);
  canvas.getContext("2d").drawImage(picture, 0, 0);
  return canvas.convertToBlob({ type, quality: 0.95 });
}
