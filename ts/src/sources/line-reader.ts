/**
 * Lines of a (possibly gzip-compressed) file as an async iterator, pulling chunks from the stream
 * only as fast as they are consumed, so memory stays bounded by one chunk plus one line whatever
 * the file size.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

/** Whether a file starts with the gzip magic bytes (so `.gz` naming is not required). */
export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Yields the lines of `path` (without line endings), decompressing gzip transparently. */
export async function* readLines(path: string, options: { highWaterMark?: number } = {}): AsyncGenerator<string> {
  const file = createReadStream(path, { highWaterMark: options.highWaterMark ?? 64 * 1024 });
  const stream: Readable = (await isGzip(path)) ? file.pipe(createGunzip()) : file;
  // A decoder, not chunk.toString(): a multi-byte character may straddle two chunks.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = rest + decoder.write(chunk);
      let start = 0;
      for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        yield text.slice(start, end);
        start = nl + 1;
      }
      rest = text.slice(start);
    }
    rest += decoder.end();
    if (rest) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  } finally {
    file.destroy();
    stream.destroy();
  }
}
