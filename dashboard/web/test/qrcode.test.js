import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scalable } from '../src/qrcode.js';

test('ZXing\'s SVG gets a viewBox of its own size, so it fills the projector', () => {
  const svg = '<?xml version="1.0"?>\n<svg width="57" height="57" version="1.1" xmlns="http://www.w3.org/2000/svg"><path d="M4 4h7v1h-7Z"/></svg>';
  assert.equal(scalable(svg),
    '<?xml version="1.0"?>\n<svg width="57" height="57" viewBox="0 0 57 57" shape-rendering="crispEdges" version="1.1" xmlns="http://www.w3.org/2000/svg"><path d="M4 4h7v1h-7Z"/></svg>');
});

test('an SVG of another shape is left as it is', () => {
  assert.equal(scalable('<svg viewBox="0 0 1 1"/>'), '<svg viewBox="0 0 1 1"/>');
});
