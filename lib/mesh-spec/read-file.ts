import * as fs from 'fs';

/*
 * How meshgen reads what a person points it at: the spec, the files the spec names
 * (spec.ca.additionalRoots), a token file, a kubeconfig, an output directory to diff.
 */

/** The largest mesh spec meshgen reads (a real one is a few KiB). */
export const MAX_SPEC_BYTES = 4 * 1024 * 1024;
/** The largest PEM file meshgen reads (a chain of a few certificates is a few KiB). */
export const MAX_PEM_BYTES = 1024 * 1024;

/**
 * Reads a regular file of at most `maxBytes`. A FIFO, a device (/dev/zero), a socket
 * or a directory is refused before it is read (reading one could block or never end),
 * and so is a larger file. Errors carry `code`: ENOTREG (not a regular file), EFBIG
 * (over the cap; `size` says how big), or the system's (ENOENT, EACCES, ...), for
 * `fileReadReason`.
 */
export function readRegularFile(file: string, maxBytes: number): Buffer {
  const st = fs.statSync(file);
  if (st.isDirectory()) throw Object.assign(new Error(`${file}: is a directory`), { code: 'EISDIR' });
  if (!st.isFile()) throw Object.assign(new Error(`${file}: not a regular file`), { code: 'ENOTREG', kind: kindOf(st) });
  if (st.size > maxBytes) throw Object.assign(new Error(`${file}: larger than ${maxBytes} bytes`), { code: 'EFBIG', size: st.size, max: maxBytes });
  // O_NONBLOCK: should the path have become a FIFO since stat, open does not wait for a writer.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st2 = fs.fstatSync(fd);
    if (!st2.isFile()) throw Object.assign(new Error(`${file}: not a regular file`), { code: 'ENOTREG', kind: kindOf(st2) });
    const buf = Buffer.alloc(Math.min(st2.size, maxBytes) + 1);
    let got = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > maxBytes) throw Object.assign(new Error(`${file}: larger than ${maxBytes} bytes`), { code: 'EFBIG', size: got, max: maxBytes });
      if (got === buf.length) break;
    }
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}
