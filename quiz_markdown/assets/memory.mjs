// The memory snapshot's memory, unpacked from the file the site publishes (quiz_markdown/bundle.py, pack_memory,
// says how it is packed: a header, one bit per block, then every block that is not all zero). Used by the quiz
// worker in browsers, and by scripts/pyodide-run.mjs under Node.js (so the parity tests restore the snapshot as
// browsers do). The blocks are written into place as they are unpacked: the stored blocks are never all in memory
// at once beside the whole.

const MAGIC = [0x00, 0x71, 0x7a, 0x6d]; // "\0qzm"
const HEADER = 12; // the magic, then the memory's size and the block size (unsigned 32-bit, little-endian)

// ``packed``: the file's bytes (checked against their digest before this is called). Rejects, with a message that
// starts "not a packed memory", when they are not one, whole.
export async function unpackMemory(packed) {
  try {
    return await unpack(packed);
  } catch (error) {
    throw new Error(`not a packed memory: ${error.message}`);
  }
}

async function unpack(packed) {
  const reader = new Response(packed).body.pipeThrough(new DecompressionStream("gzip")).getReader();
  let head = new Uint8Array(0); // the header's bytes, until all have come
  let memory = null;
  let places = []; // where each stored block starts, in order
  let block = 0;
  let next = 0; // the stored block being written
  let filled = 0; // bytes of it written
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    let chunk = value;
    if (!memory) {
      head = concat(head, chunk);
      const header = parse(head);
      if (!header) continue;
      ({ memory, places, block } = header);
      chunk = head.subarray(header.length);
    }
    while (chunk.length) {
      if (next === places.length) throw new Error("more than its blocks");
      const start = places[next];
      const length = Math.min(block, memory.length - start);
      const take = Math.min(length - filled, chunk.length);
      memory.set(chunk.subarray(0, take), start + filled);
      chunk = chunk.subarray(take);
      filled += take;
      if (filled === length) [next, filled] = [next + 1, 0];
    }
  }
  if (!memory || next !== places.length) throw new Error("it ends early");
  return memory;
}

// The header read from the first bytes, once they are all there: the memory (zeros), where its stored blocks
// start, the block size, and the header's length; null while more bytes are needed.
function parse(head) {
  if (head.length < HEADER) return null;
  if (MAGIC.some((byte, index) => head[index] !== byte)) throw new Error("another kind of file");
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  const size = view.getUint32(4, true);
  const block = view.getUint32(8, true);
  if (block === 0) throw new Error("blocks of 0 bytes");
  const count = Math.ceil(size / block);
  const length = HEADER + Math.ceil(count / 8);
  if (head.length < length) return null;
  const places = [];
  for (let index = 0; index < count; index++) {
    if ((head[HEADER + (index >> 3)] >> (index & 7)) & 1) places.push(index * block);
  }
  return { memory: new Uint8Array(size), places, block, length };
}

function concat(first, second) {
  const both = new Uint8Array(first.length + second.length);
  both.set(first);
  both.set(second, first.length);
  return both;
}
