// Just enough Markdown for the legal texts we ship (headings, paragraphs, lists, bold),
// rendered as React elements: no HTML injection. Heading levels start at `baseLevel` and never
// skip a level, so the page outline stays valid.
import type { ReactNode } from 'react';

function inline(text: string): ReactNode[] {
  const parts = text.split(/(\*\*[^*]+\*\*)/g);
  return parts.map((p, i) => (p.startsWith('**') && p.endsWith('**') ? <strong key={i}>{p.slice(2, -2)}</strong> : p));
}

export function Markdown({ source, baseLevel = 3 }: { source: string; baseLevel?: number }) {
  const blocks: ReactNode[] = [];
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  let para: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  let lastLevel = baseLevel - 1;
  const minHash = Math.min(...lines.filter((l) => /^#{1,6}\s/.test(l)).map((l) => l.indexOf(' ')), 6);
  const flush = () => {
    if (para.length) {
      blocks.push(<p key={blocks.length}>{inline(para.join(' '))}</p>);
      para = [];
    }
    if (list) {
      const items = list.items.map((it, i) => <li key={i}>{inline(it)}</li>);
      blocks.push(list.ordered ? <ol key={blocks.length}>{items}</ol> : <ul key={blocks.length}>{items}</ul>);
      list = null;
    }
  };
  for (const line of lines) {
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    const ul = /^\s*[-*]\s+(.*)$/.exec(line);
    const ol = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (h) {
      flush();
      const wanted = baseLevel + (h[1]!.length - minHash);
      const level = Math.min(6, Math.max(baseLevel, Math.min(wanted, lastLevel + 1)));
      lastLevel = level;
      const Tag = `h${level}` as 'h3';
      blocks.push(<Tag key={blocks.length}>{inline(h[2]!)}</Tag>);
    } else if (ul || ol) {
      const ordered = !!ol;
      if (para.length || (list && list.ordered !== ordered)) flush();
      if (!list) list = { ordered, items: [] };
      list.items.push((ul ?? ol)![1]!);
    } else if (line.trim() === '') {
      flush();
    } else if (list && /^\s+/.test(line)) {
      list.items[list.items.length - 1] += ' ' + line.trim();
    } else {
      if (list) flush();
      para.push(line.trim());
    }
  }
  flush();
  return <>{blocks}</>;
}
