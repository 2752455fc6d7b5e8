import { segmentWords } from '../search.ts';

/** Words that only say "here is where": present in almost every ticket, they name no responsibility. */
const ROUTING_STOP = new Set(['地点', '地址', '位置', '附近', '门口']);

export interface RoutableText {
  title?: string | null;
  content: string;
  address?: string | null;
}

/**
 * The part of a ticket that says what the matter is: the title when it is not just the start of the
 * content, the content without the address and without place names. Places route through the catalogue's
 * jurisdiction; left in the text they would teach the model that "城东区" means whatever was dispatched there.
 */
export function routingText(t: RoutableText, placeNames: readonly string[]): string {
  let text = t.content;
  const title = (t.title ?? '').replace(/…$/, '').trim();
  if (title && !t.content.startsWith(title)) text = `${title} ${text}`;
  if (t.address) text = text.split(t.address).join(' ');
  for (const n of placeNames) if (n && text.includes(n)) text = text.split(n).join(' ');
  return text;
}

/**
 * Words the routing model learns from: jieba search-mode words of two characters or more, without numbers
 * (house numbers and dates say nothing about who is responsible), each once.
 */
export function routingTokens(text: string): string[] {
  const out = new Set<string>();
  for (const w of segmentWords(text)) {
    if (w.length < 2 || ROUTING_STOP.has(w) || /^[\d.:/\-a-z]+$/i.test(w) || /[\d]/.test(w)) continue;
    out.add(w);
  }
  return [...out];
}

/**
 * What names a category: its own name, the words of that name ("商品质量" → 商品, 质量) and the keywords
 * field ("路灯,照明 亮灯").
 */
export function keywordList(name: string, keywords: string | null): string[] {
  const parts = (keywords ?? '').split(/[\s,，、;；]+/).filter(Boolean);
  const words = segmentWords(name).filter((w) => w.length >= 2 && w !== name);
  return [...new Set([name, ...words, ...parts])];
}
