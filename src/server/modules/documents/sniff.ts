// What a file is, from its first bytes (and, for Word files, the ZIP's central directory), never
// from its name or the uploader's Content-Type. Nothing is unzipped or parsed beyond the headers.
import type { DocumentContentType } from '../../../shared/documents.js';

const startsWith = (b: Buffer, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (b: Buffer, at: number, s: string) => b.length >= at + s.length && b.toString('latin1', at, at + s.length) === s;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
// An OLE compound file is Word only if it has a WordDocument stream (the name is UTF-16LE in
// its directory); Excel and PowerPoint files share the container.
const WORD_STREAM = Buffer.from('WordDocument', 'utf16le');

/** The content type of a supported file, or null for anything else. */
export function sniff(b: Buffer): DocumentContentType | null {
  if (ascii(b, 0, '%PDF-')) return 'application/pdf';
  if (startsWith(b, PNG)) return 'image/png';
  if (startsWith(b, JPEG)) return 'image/jpeg';
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return 'image/gif';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'image/webp';
  if (isHeic(b)) return 'image/heic';
  if (startsWith(b, ZIP_LOCAL)) {
    const names = zipEntryNames(b);
    return names && names.has('[Content_Types].xml') && names.has('word/document.xml')
      ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
      : null;
  }
  if (startsWith(b, OLE) && b.includes(WORD_STREAM)) return 'application/msword';
  return null;
}

/** ISO-BMFF `ftyp` box naming a HEIC brand, as major or compatible brand. */
function isHeic(b: Buffer): boolean {
  if (b.length < 16 || !ascii(b, 4, 'ftyp')) return false;
  const size = b.readUInt32BE(0);
  if (size < 16 || size > b.length || size > 4096) return false;
  for (let at = 8; at + 4 <= size; at += 4) {
    if (at === 12) continue; // minor version, not a brand
    if (HEIC_BRANDS.has(b.toString('latin1', at, at + 4))) return true;
  }
  return false;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const MAX_ENTRIES = 10_000;

/**
 * The entry names listed in a ZIP's central directory, or null if the directory is missing,
 * malformed, or ZIP64 (which no Word file this size needs).
 */
export function zipEntryNames(b: Buffer): Set<string> | null {
  // End of central directory: 22 bytes plus a comment of up to 65535, at the very end.
  const lowest = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= lowest; i--) {
    if (b.readUInt32LE(i) === EOCD_SIG && i + 22 + b.readUInt16LE(i + 20) === b.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = b.readUInt16LE(eocd + 10);
  const size = b.readUInt32LE(eocd + 12);
  const offset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff || count > MAX_ENTRIES) return null;
  if (offset + size > eocd) return null;
  const names = new Set<string>();
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > offset + size || b.readUInt32LE(at) !== CDH_SIG) return null;
    const nameLen = b.readUInt16LE(at + 28);
    const extraLen = b.readUInt16LE(at + 30);
    const commentLen = b.readUInt16LE(at + 32);
    const end = at + 46 + nameLen;
    if (end > offset + size) return null;
    names.add(b.toString('utf8', at + 46, end));
    at = end + extraLen + commentLen;
  }
  return names;
}
