// Parse a Mermaid diagram read from stdin with the real mermaid package (under jsdom, no browser) and print, as one
// JSON line, what the parser understood: the diagram type, the nodes with their displayed labels, the edges.
// Exit status 1 (and ok: false) when Mermaid rejects the text.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!DOCTYPE html><body></body>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

// Mermaid keeps entity codes (#35;, #quot;) as placeholders until it renders; decode them as the renderer does,
// then let the DOM turn the entities into the characters a reader sees.
function displayed(text) {
  const html = String(text).replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  const area = document.createElement('textarea');
  area.innerHTML = html;
  return area.value;
}

let text = '';
for await (const chunk of process.stdin) text += chunk;
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxEdges: 100000, maxTextSize: 10000000 });
try {
  const parsed = await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  const nodes = [...db.getVertices().values()].map(v => ({ id: v.id, label: displayed(v.text), classes: v.classes }));
  const edges = db.getEdges().map(e => ({ from: e.start, to: e.end, label: displayed(e.text), stroke: e.stroke }));
  console.log(JSON.stringify({ ok: true, type: parsed.diagramType, nodes, edges }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String((e && e.message) || e) }));
  process.exitCode = 1;
}
