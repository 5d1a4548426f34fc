import { privacySignal } from './config';
import { load, safe, save } from './util';

/**
 * The consent banner (`candor-consent.js`), for sites that use the tag in opt-in mode and have no
 * consent tool of their own. It asks once, with refusing as easy as accepting, and hands the
 * answer to the tag as `candor.consent(…)`, which records it (P14). It sets no cookie; it keeps
 * the answer itself in localStorage (`candor_choice`: the two choices and the banner version, no
 * id), because remembering a refusal is what stops it from asking again on every page. A new
 * `data-consent-version` asks again. `candorConsent.open()` shows it again, so a visitor can
 * change or withdraw their answer from a link on the site ("Privacy choices").
 *
 * It shows nothing when the browser sends Global Privacy Control or Do Not Track and the tag
 * honours them: the visitor has already said no, and the tag holds to that whatever is clicked.
 */

const KEY = 'candor_choice';

interface Answer {
  f: boolean;
  m: boolean;
  v: string;
}

const CSS = `.cdr-cb{position:fixed;z-index:2147483000;left:16px;right:16px;bottom:16px;max-width:640px;margin:0 auto;box-sizing:border-box;padding:20px;background:#fff;color:#1f2933;border:1px solid #cbd2d9;border-radius:8px;box-shadow:0 8px 24px rgba(0,0,0,.18);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
.cdr-cb h2{margin:0 0 6px;font-size:17px}.cdr-cb p{margin:0 0 12px}.cdr-cb a{color:#1d4ed8}
.cdr-cb label{display:flex;gap:10px;align-items:flex-start;margin:0 0 10px}.cdr-cb input{margin-top:4px}
.cdr-cb .cdr-row{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end}
.cdr-cb button{font:inherit;padding:8px 16px;border-radius:6px;border:1px solid #1f2933;background:#1f2933;color:#fff;cursor:pointer}
.cdr-cb button.cdr-plain{background:#fff;color:#1f2933}.cdr-cb button:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}`;

function answerOf(version: string): Answer | null {
  try {
    const a = JSON.parse(load(KEY) || 'null');
    return a && typeof a.f === 'boolean' && a.v === version ? { f: a.f, m: a.f && a.m === true, v: version } : null;
  } catch {
    return null;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string>, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]!);
  for (const c of children) e.append(c);
  return e;
}

safe(() => {
  const me = (document.currentScript || document.querySelector('script[src*="candor-consent"]')) as HTMLScriptElement | null;
  const tag = document.querySelector('script[data-write-key]');
  const attr = (name: string) => ((me && me.getAttribute('data-' + name)) || (tag && tag.getAttribute('data-' + name)) || '').trim();
  const version = attr('consent-version').slice(0, 100);
  const policy = attr('policy-url');
  const honoured = !tag || tag.getAttribute('data-signals') !== 'ignore';
  let shown: HTMLElement | null = null;

  function decide(functional: boolean, marketing: boolean): void {
    save(KEY, JSON.stringify({ f: functional, m: functional && marketing, v: version }));
    const w = window as unknown as { candor?: { push(...calls: unknown[]): unknown } | unknown[] };
    const queue = (w.candor = w.candor || []) as { push(...calls: unknown[]): unknown };
    queue.push(['consent', { functional, marketing: functional && marketing, method: 'click' }]);
    close();
  }

  function close(): void {
    if (shown) shown.remove();
    shown = null;
  }

  function open(): void {
    close();
    if (honoured && privacySignal()) return;
    const before = answerOf(version);
    const functional = el('input', { type: 'checkbox', name: 'functional' });
    const marketing = el('input', { type: 'checkbox', name: 'marketing' });
    functional.checked = !!before && before.f;
    marketing.checked = !!before && before.m;
    const choices = el(
      'div',
      { hidden: '' },
      el('label', {}, el('input', { type: 'checkbox', checked: '', disabled: '' }), el('span', {}, el('strong', {}, 'Essential'), ' — counts page views without knowing who you are. Always on.')),
      el('label', {}, functional, el('span', {}, el('strong', {}, 'Product analytics'), ' — remembers this browser to learn which features people use.')),
      el('label', {}, marketing, el('span', {}, el('strong', {}, 'Marketing'), ' — measures which campaigns bring people here.')),
    );
    const button = (text: string, plain: boolean, onClick: () => void) => {
      const b = el('button', { type: 'button', class: plain ? 'cdr-plain' : '' }, text);
      b.addEventListener('click', safe(onClick));
      return b;
    };
    const choose = button('Choose', true, () => {
      choices.hidden = false;
      choose.replaceWith(button('Save choices', false, () => decide(functional.checked, marketing.checked)));
    });
    const text = el('p', {}, 'We would like to learn how people use this site. Essential page views are counted without knowing who you are; anything more needs your permission, and you can change your answer at any time.');
    if (/^https?:\/\/|^\//.test(policy)) text.append(' ', el('a', { href: policy }, 'Privacy notice'));
    shown = el(
      'section',
      { class: 'cdr-cb', role: 'region', 'aria-label': 'Privacy choices' },
      el('style', {}, CSS),
      el('h2', {}, 'Your privacy choices'),
      text,
      choices,
      el('div', { class: 'cdr-row' }, choose, button('Reject all', false, () => decide(false, false)), button('Accept all', false, () => decide(true, true))),
    );
    document.body.append(shown);
  }

  (window as unknown as { candorConsent: { open(): void } }).candorConsent = { open: safe(open) };
  const start = safe(() => {
    if (!answerOf(version)) open();
  });
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
