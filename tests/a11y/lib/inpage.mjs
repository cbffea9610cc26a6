// Functions that run inside the page (passed to page.evaluate), so each must be self-contained.

/** Elements a keyboard user can reach with Tab. */
export const FOCUSABLE =
  'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Elements wider than the viewport (what makes a page scroll sideways), or [] when it does not scroll. */
export function sidewaysScroll() {
  const root = document.scrollingElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const width = root.clientWidth;
  const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''}`;
  const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > width + 1);
  // Report the innermost culprits: those with no wide descendant of their own.
  const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
  return [`page is ${root.scrollWidth}px wide in a ${width}px window`, ...innermost.slice(0, 5).map((el) => `too wide: ${describe(el)} "${(el.textContent || '').trim().slice(0, 50)}"`)];
}

/** Elements whose content is cut off by their own clipping (overflow hidden or clip), as descriptions. */
export function clippedContent() {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    const clipsX = ['hidden', 'clip'].includes(style.overflowX);
    const clipsY = ['hidden', 'clip'].includes(style.overflowY);
    if (!clipsX && !clipsY) continue;
    // Visually hidden text (1px boxes for screen readers) is meant to be clipped.
    if (el.clientWidth <= 2 || el.clientHeight <= 2) continue;
    const cutX = clipsX && el.scrollWidth > el.clientWidth + 1;
    const cutY = clipsY && el.scrollHeight > el.clientHeight + 1;
    if (cutX || cutY) out.push(`${el.tagName.toLowerCase()}.${el.className} cuts off "${el.textContent.trim().slice(0, 50)}"`);
  }
  for (const el of document.querySelectorAll('body *')) {
    if (getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      out.push(`${el.tagName.toLowerCase()} shortens "${el.textContent.trim().slice(0, 50)}" with an ellipsis`);
    }
  }
  return out;
}

/** Marks every visible focusable element with its index and keeps its unfocused look; returns how many. */
export function markFocusable(selector) {
  const look = (el) => {
    const s = getComputedStyle(el);
    return {
      outline: s.outlineStyle === 'none' ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
      outlineWidth: parseFloat(s.outlineWidth) || 0,
      boxShadow: s.boxShadow,
      background: s.backgroundColor,
      color: s.color,
      decoration: `${s.textDecorationLine} ${s.textDecorationThickness}`,
      border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor} ${s.borderBottomWidth} ${s.borderBottomStyle} ${s.borderBottomColor}`,
    };
  };
  window.__a11yLook = look;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    // The content of a closed <details> is not shown (nor reached by Tab) until it is opened.
    const folded = el.closest('details:not([open]) > :not(summary)') !== null;
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden' && !folded;
  };
  // Tab reaches one radio button of a group: the checked one, else the first.
  const tabStop = (el) => {
    if (el.type !== 'radio' || !el.name) return true;
    const group = [...document.querySelectorAll('input[type="radio"]')].filter((r) => r.name === el.name && r.form === el.form);
    return el === (group.find((r) => r.checked) ?? group[0]);
  };
  const els = [...document.querySelectorAll(selector)].filter((el) => (visible(el) || el.matches('.skip-link, [href^="#"]')) && tabStop(el));
  window.__a11yBase = els.map((el, i) => {
    el.dataset.a11yIndex = String(i);
    return look(el);
  });
  return els.length;
}

/** After a Tab: which marked element has focus, and whether it looks different from unfocused. */
export function focusedLook() {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.a11yIndex === undefined) {
    return { index: null, tag: el ? el.tagName.toLowerCase() : 'none' };
  }
  const index = Number(el.dataset.a11yIndex);
  const before = window.__a11yBase[index];
  const now = window.__a11yLook(el);
  // The browser's own ring (outline-style: auto) counts; a home-made outline must be at least 2px.
  const outlined = now.outline.startsWith('auto') || now.outlineWidth >= 2;
  const visible = (now.outline !== 'none' && outlined && now.outline !== before.outline)
    || (now.boxShadow !== 'none' && now.boxShadow !== before.boxShadow)
    || now.background !== before.background
    || now.border !== before.border;
  const label = `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 50)}"`;
  return { index, visible, label };
}

/** Where the first Tab landed: whether it is a visible link to main content. */
export function skipLinkState() {
  const el = document.activeElement;
  if (!el || el.tagName !== 'A') return { ok: false, why: `the first Tab focused ${el ? el.tagName.toLowerCase() : 'nothing'}, not a skip link` };
  const href = el.getAttribute('href') || '';
  const target = href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
  const main = document.querySelector('main');
  if (!target || !main || !(target === main || main.contains(target))) {
    return { ok: false, why: `the first Tab focused "${el.textContent.trim()}" (${href}), which does not lead to the main content` };
  }
  const r = el.getBoundingClientRect();
  const onScreen = r.width >= 1 && r.height >= 1 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
  return onScreen ? { ok: true } : { ok: false, why: `the skip link "${el.textContent.trim()}" stays off screen when it has focus` };
}

/** Whether focus is now in the main content. */
export function focusInMain() {
  const main = document.querySelector('main');
  return Boolean(main && (document.activeElement === main || main.contains(document.activeElement)));
}

/** What a reader without JavaScript sees: the h1 and the main text. */
export function readableContent() {
  const shown = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
  };
  const h1 = document.querySelector('h1');
  const main = document.querySelector('main');
  return {
    h1: shown(h1) ? h1.innerText.trim() : null,
    main: shown(main) ? main.innerText.replace(/\s+/g, ' ').trim() : null,
  };
}

/** Paragraphs and list items in main whose lines hold more than `limit` characters on average. */
export function longLines(limit) {
  const canvas = document.createElement('canvas').getContext('2d');
  const out = [];
  for (const el of document.querySelectorAll('main p, main li, main dd, main blockquote, main td')) {
    const text = el.innerText.replace(/\s+/g, ' ').trim();
    if (text.length < 40 || el.querySelector('p, li, dd, div')) continue;
    const s = getComputedStyle(el);
    canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const perChar = canvas.measureText(text).width / text.length;
    const width = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    const perLine = Math.round(width / perChar);
    if (canvas.measureText(text).width > width && perLine > limit) {
      out.push(`lines of about ${perLine} characters in ${el.tagName.toLowerCase()} "${text.slice(0, 40)}"`);
    }
  }
  return out;
}

/** Links whose words mean nothing out of context ("read more", "click here"), as descriptions. */
export function vagueLinks() {
  const vague = /^(read more|more|click here|here|this|link|this link|this page|more info|more information|find out more|details|continue|go)$/;
  return [...document.querySelectorAll('a[href]')]
    .map((a) => (a.getAttribute('aria-label') || a.textContent).replace(/\s+/g, ' ').trim())
    .filter((text) => vague.test(text.toLowerCase().replace(/[.…:!]+$/, '')))
    .map((text) => `the link "${text}" does not say where it goes`);
}

/**
 * Every chart (`svg.chart`) on the page: its accessible name and description (resolved through
 * aria-labelledby and aria-describedby), and the contrast against the page of each mark a reader
 * needs (the line, the points, the target, the axis), as WCAG 1.4.11 Non-text Contrast asks.
 */
export function chartFacts() {
  const rgb = (text) => {
    const m = /rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+))?/.exec(text || '');
    return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const luminance = ({ r, g, b }) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const text = (ids) => (ids || '').split(/\s+/).map((id) => document.getElementById(id)?.textContent.trim() ?? '').join(' ').trim();
  return [...document.querySelectorAll('svg.chart')].map((svg, index) => {
    const marks = [];
    for (const [selector, property] of [['.line', 'stroke'], ['.point', 'fill'], ['.target', 'stroke'], ['.axis', 'stroke']]) {
      const el = svg.querySelector(selector);
      if (!el) continue;
      const colour = rgb(getComputedStyle(el)[property]);
      const box = el.getBoundingClientRect();
      marks.push({ selector, ratio: colour ? contrast(colour, background(svg)) : 0, visible: box.width > 0 || box.height > 0 });
    }
    const box = svg.getBoundingClientRect();
    return {
      index,
      role: svg.getAttribute('role'),
      name: text(svg.getAttribute('aria-labelledby')),
      description: text(svg.getAttribute('aria-describedby')),
      labels: [...svg.querySelectorAll('text')].map((t) => t.textContent.trim()).filter(Boolean).length,
      points: svg.querySelectorAll('circle.point').length,
      width: box.width,
      marks,
    };
  });
}

/**
 * The lines an area page must show on its first screen, with the page scrolled to the top: its
 * type (the p.caption before the h1) and, from dl.area-summary, the inspectors' latest, the
 * council's latest and the plan's numbers (the div whose dt says "Inspectors", "The council
 * says", "The plan"). Each has the bottom of its box, or null when the page lacks it; "The
 * plan" may be absent (an area with no actions and no measures).
 */
export function areaFirstScreen() {
  window.scrollTo(0, 0);
  const h1 = document.querySelector('main h1');
  const caption = h1
    ? [...document.querySelectorAll('main p.caption')].filter((p) => p.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING).pop()
    : null;
  const summary = (label) => [...document.querySelectorAll('dl.area-summary > div')]
    .find((div) => div.querySelector('dt')?.textContent.replace(/\s+/g, ' ').trim() === label);
  const bottom = (el) => (el ? el.getBoundingClientRect().bottom : null);
  return {
    height: window.innerHeight,
    lines: [
      { name: "the area's type (p.caption before the h1)", bottom: bottom(caption), required: true },
      { name: 'the inspectors\' latest (dt "Inspectors")', bottom: bottom(summary('Inspectors')), required: true },
      { name: 'the council\'s latest (dt "The council says")', bottom: bottom(summary('The council says')), required: true },
      { name: 'the plan\'s numbers (dt "The plan")', bottom: bottom(summary('The plan')), required: false },
    ],
  };
}

/**
 * Words of the main content that a line break splits in two (a long word broken mid-word, which
 * a reader with dyslexia or low vision stumbles on): words of letters only, at least 6 long, that
 * lie on more than one line. Addresses and numbers may wrap where they must.
 */
export function brokenWords() {
  const main = document.querySelector('main');
  if (!main) return [];
  const found = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node && found.length < 5; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('[popover]:not(:popover-open), [hidden], pre, code, textarea')) continue;
    for (const m of node.data.matchAll(/\p{L}{6,}/gu)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) found.push(`"${m[0]}" is broken across lines`);
    }
  }
  return found;
}

/** The first glossary term of the main content, opened: whether its meaning shows, whole, on screen. */
export function openFirstTerm() {
  const term = document.querySelector('main button.term');
  if (!term) return null;
  term.focus();
  term.click();
  const pop = document.getElementById(term.getAttribute('popovertarget'));
  if (!pop || !pop.matches(':popover-open')) return { term: term.textContent, problems: ['its meaning did not open'] };
  const box = pop.getBoundingClientRect();
  const problems = [];
  if (box.left < 0 || box.right > document.documentElement.clientWidth + 1) problems.push(`its meaning is ${Math.round(box.width)}px wide, past the screen's edge`);
  if (box.height < 1 || !pop.textContent.trim()) problems.push('its meaning is empty');
  if (!pop.querySelector('a[href*="glossary"]')) problems.push('its meaning does not link to the glossary');
  return { term: term.textContent, problems };
}
