// The projector's QR image, drawn in the browser from the token its stream sends: ZXing's writer compiled to
// WebAssembly, served by the platform itself and loaded only when a projector opens. A college's projectors all
// turn over in the same second; drawing here costs the server one small event per screen and window instead of an
// image request and an encoding each (at 600 projectors, 300 of each a second).

let writerPromise;

async function writer() {
  writerPromise ??= (async () => {
    const [{ writeBarcode, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
      import('zxing-wasm/writer'),
      import('zxing-wasm/writer/zxing_writer.wasm?url'),
    ]);
    await prepareZXingModule({ overrides: { locateFile: (path, prefix) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
      fireImmediately: true });
    return writeBarcode;
  })();
  return writerPromise;
}

/**
 * The token as an SVG QR code: error correction Q (25 %, survives a projector's glare and a student's angle across a
 * lecture hall), the standard four-module quiet zone, scalable to any screen without blur.
 */
export async function qrSvg(token) {
  const write = await writer();
  const out = await write(token, { format: 'QRCode', ecLevel: 'Q', withQuietZones: true });
  if (out.error) throw new Error(out.error);
  return scalable(out.svg);
}

/** ZXing's SVG has a pixel size and no viewBox: give it one so that it fills its box, with crisp module edges. */
export function scalable(svg) {
  return svg.replace(/<svg width="(\d+)" height="(\d+)"/,
    (_, w, h) => `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" shape-rendering="crispEdges"`);
}
