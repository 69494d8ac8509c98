// The widget: <script src="https://askbook.example/widget.js" data-key="VISITOR_KEY" data-spaces="a,b" defer></script>
// puts an "Ask" button on the page and opens the ask experience in a panel, in a shadow root so that the page's CSS
// and ours do not meet. Ctrl/Cmd-K and "/" open it, Escape closes it. It calls the Askbook server the script came from,
// cross-origin, with the visitor key (the key must allow the page's origin).
const script = document.currentScript;
const scriptURL = new URL(script.src, window.location.href);
const widgetKey = script.dataset.key || '';
const widgetSpaces = (script.dataset.spaces || '').split(',').map((s) => s.trim()).filter(Boolean);

const host = document.createElement('div');
host.setAttribute('data-askbook-widget', '');
const shadow = host.attachShadow({ mode: 'open' });
const sheet = new CSSStyleSheet();
sheet.replaceSync(ASKBOOK.css);
shadow.adoptedStyleSheets = [sheet];

const launcher = el('button', { type: 'button', className: 'ab-launcher', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', title: 'Ask the docs (Ctrl+K or /)' }, el('span', { 'aria-hidden': 'true', text: '?' }), el('span', { text: 'Ask' }));
const backdrop = el('div', { className: 'ab-backdrop', hidden: true });
const panel = el('div', { className: 'ab-panel', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Ask the docs', hidden: true });
shadow.append(launcher, backdrop, panel);
let widgetApp = null;

function openPanel() {
  if (!widgetApp) {
    widgetApp = mountAskbook(panel, {
      base: scriptURL.origin,
      key: widgetKey,
      spaces: widgetSpaces,
      publicURL: ASKBOOK.publicURL,
      onTitle: (title) => panel.setAttribute('aria-label', 'Ask ' + title),
      onClose: closePanel,
    });
  }
  panel.hidden = false;
  backdrop.hidden = false;
  launcher.setAttribute('aria-expanded', 'true');
  widgetApp.focus();
}

function closePanel() {
  if (panel.hidden) return;
  panel.hidden = true;
  backdrop.hidden = true;
  launcher.setAttribute('aria-expanded', 'false');
  launcher.focus();
}

launcher.addEventListener('click', openPanel);
backdrop.addEventListener('click', closePanel);

function typingIn(target) {
  const node = target && target.nodeType === 1 ? target : null;
  return !!node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
}

document.addEventListener('keydown', (event) => {
  const target = event.composedPath()[0];
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
    event.preventDefault();
    if (panel.hidden) openPanel();
    else closePanel();
  } else if (event.key === '/' && panel.hidden && !typingIn(target) && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    openPanel();
  } else if (event.key === 'Escape' && !panel.hidden) {
    event.preventDefault();
    closePanel();
  }
});

if (document.body) document.body.append(host);
else document.addEventListener('DOMContentLoaded', () => document.body.append(host));
