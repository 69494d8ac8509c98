// Askbook's search-and-ask experience, shared by the page (GET /ask) and the widget (GET /widget.js); the server wraps
// this file in a function with the page's or the widget's start-up code. Content from the server is never parsed as
// HTML: every node is built with createElement and textContent, and links go only to http(s) or relative addresses.

// What an abstaining answer starts with (ComposedAnswer.abstentionText on the server).
const ABSTENTION = 'I could not find an answer to that in the documentation.';
const SEARCH_DELAY_MS = 180;
let appCount = 0;

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// An address safe to link to: http(s) URLs as they are, relative ones resolved against `base`; null otherwise.
function safeURL(href, base) {
  try {
    const url = new URL(href, base || undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (error) {
    return null;
  }
}

// Renders the markdown subset the answers use: paragraphs, headings, lists, quotes, fenced code, inline code,
// emphasis and links. `link(href, text)` returns the element for a link (citations get their own look).
function renderMarkdown(markdown, link) {
  const fragment = document.createDocumentFragment();
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  let paragraph = [];
  const flush = () => {
    if (paragraph.length) fragment.append(inline(el('p'), paragraph.join(' '), link));
    paragraph = [];
  };
  while (i < lines.length) {
    const line = lines[i];
    const fence = line.match(/^\s*(```|~~~)/);
    if (fence) {
      flush();
      const code = [];
      i += 1;
      // Lines lose the fence's own indentation (a code block inside a list item is indented with it).
      const indent = line.length - line.trimStart().length;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) code.push(lines[i++].replace(new RegExp('^ {0,' + indent + '}'), ''));
      i += 1;
      fragment.append(el('pre', {}, el('code', { text: code.join('\n') })));
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      flush();
      fragment.append(inline(el('h' + Math.min(6, heading[1].length + 2)), heading[2], link));
      i += 1;
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      flush();
      const ordered = /^\s*\d/.test(line);
      const list = el(ordered ? 'ol' : 'ul');
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) {
        const item = [lines[i].replace(/^\s*([-*+]|\d+[.)])\s+/, '')];
        i += 1;
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !/^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) item.push(lines[i++].trim());
        list.append(inline(el('li'), item.join(' '), link));
      }
      fragment.append(list);
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const quote = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) quote.push(lines[i++].replace(/^\s*>\s?/, ''));
      fragment.append(inline(el('blockquote'), quote.join(' '), link));
      continue;
    }
    if (!line.trim()) flush();
    else paragraph.push(line.trim());
    i += 1;
  }
  flush();
  return fragment;
}

// Inline markdown into `parent`: `code`, **bold**, *emphasis* and [text](href), the rest as text.
function inline(parent, text, link) {
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|\[((?:\[[^\]]*\]|[^\]])+)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parent.append(text.slice(last, match.index));
    if (match[1] !== undefined) parent.append(el('code', { text: match[1] }));
    else if (match[2] !== undefined || match[3] !== undefined) parent.append(inline(el('strong'), match[2] || match[3], link));
    else if (match[4] !== undefined) parent.append(inline(el('em'), match[4], link));
    else parent.append(link(match[6], match[5]));
    last = match.index + match[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
  return parent;
}

// Reads a Server-Sent Events body, calling onEvent(name, data) for each event.
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(name, data.join('\n'));
    }
  }
}

// A readable title for a page path: `guides/import-a-folder` → `Import a folder`.
function pathTitle(path) {
  const last = (path || '').split('/').filter(Boolean).pop() || 'Home';
  const words = last.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Mounts the experience into `root`. options: base (the Askbook server's origin, '' for this one), key, spaces,
// publicURL (the public docs site, for citation links), onTitle(title), onClose() (the widget's close button).
function mountAskbook(root, options) {
  appCount += 1;
  const id = (name) => 'ab' + appCount + '-' + name;
  const spaces = options.spaces || [];
  const state = { organization: null, results: [], active: -1, searchTimer: 0, searchSeq: 0, askController: null, history: [] };

  const title = el('h1', { className: 'ab-title', id: id('title'), text: 'Ask the docs' });
  const header = el('header', { className: 'ab-header' }, title);
  if (options.onClose) {
    const close = el('button', { type: 'button', className: 'ab-close', 'aria-label': 'Close', text: '×' });
    close.addEventListener('click', () => options.onClose());
    header.append(close);
  }
  const input = el('input', {
    id: id('q'),
    className: 'ab-input',
    type: 'search',
    name: 'q',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: '512',
    placeholder: 'Search, or ask a question…',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': id('results'),
    'aria-describedby': id('hint'),
  });
  const askButton = el('button', { type: 'submit', className: 'ab-ask', text: 'Ask' });
  const form = el(
    'form',
    { className: 'ab-form', role: 'search', 'aria-labelledby': id('title') },
    el('label', { for: id('q'), className: 'ab-label', text: 'Search or ask the documentation' }),
    el('div', { className: 'ab-row' }, input, askButton),
    el('p', { id: id('hint'), className: 'ab-hint', text: 'Results appear as you type; ↑ ↓ to choose, Enter to open. Ask answers from the docs.' })
  );
  const results = el('ul', { id: id('results'), className: 'ab-results', role: 'listbox', 'aria-label': 'Search results', hidden: true });
  const status = el('p', { className: 'ab-status', role: 'status', 'aria-live': 'polite' });
  const answer = el('section', { className: 'ab-answer', 'aria-live': 'polite', 'aria-busy': 'false', 'aria-label': 'Answer', hidden: true });
  const suggestions = el('section', { className: 'ab-suggestions', 'aria-labelledby': id('try') }, el('h2', { id: id('try'), text: 'Try asking' }));
  const suggestionList = el('ul', { className: 'ab-chips' });
  suggestions.append(suggestionList);
  suggestions.hidden = true;
  const app = el('div', { className: 'ab-app' }, header, form, results, status, answer, suggestions);
  root.append(app);

  function headers(json) {
    const h = { Authorization: 'Bearer ' + options.key };
    if (json) h['Content-Type'] = 'application/json';
    return h;
  }

  function url(path, query) {
    const search = query ? '?' + new URLSearchParams(query).toString() : '';
    return options.base + path + search;
  }

  // The message for a failed response or a network error, from GitBook's error body when there is one.
  async function failure(response, error) {
    if (!response) return { kind: 'network', text: 'Could not reach the documentation service. Check your connection and try again.' };
    let message = '';
    try {
      message = ((await response.json()).error || {}).message || '';
    } catch (ignored) {
      message = '';
    }
    if (response.status === 401) return { kind: 'auth', text: 'This page’s access key is not valid (401). ' + message };
    if (response.status === 429) {
      const wait = response.headers.get('Retry-After');
      return { kind: 'rate', text: 'Too many requests right now (429).' + (wait ? ' Try again in ' + wait + ' s.' : ' Try again shortly.') };
    }
    return { kind: 'error', text: (message || 'The request failed.') + ' (' + response.status + ')' };
  }

  function showStatus(message, kind) {
    status.textContent = message || '';
    status.className = 'ab-status' + (kind ? ' ab-status-' + kind : '');
    status.setAttribute('role', kind && kind !== 'info' ? 'alert' : 'status');
  }

  function scopePath(kind) {
    if (spaces.length === 1) {
      const space = encodeURIComponent(spaces[0]);
      return { search: '/v1/spaces/' + space + '/search', stream: '/v1/spaces/' + space + '/search/ask/stream', questions: '/v1/spaces/' + space + '/search/questions' }[kind];
    }
    const org = encodeURIComponent(state.organization || 'default');
    return { search: '/v1/orgs/' + org + '/search', stream: '/v1/orgs/' + org + '/ask/stream', questions: '/v1/orgs/' + org + '/ask/questions' }[kind];
  }

  // Spaces' titles (the heading and the page title) and the organization (for several spaces' routes).
  async function loadSpaces() {
    const titles = [];
    for (const space of spaces) {
      try {
        const response = await fetch(url('/v1/spaces/' + encodeURIComponent(space)), { headers: headers() });
        if (!response.ok) {
          const problem = await failure(response);
          showStatus(problem.text, problem.kind);
          return false;
        }
        const body = await response.json();
        titles.push(body.title || space);
        state.organization = body.organization;
      } catch (error) {
        showStatus((await failure(null, error)).text, 'network');
        return false;
      }
    }
    if (titles.length) {
      title.textContent = 'Ask ' + titles.join(' & ');
      if (options.onTitle) options.onTitle(titles.join(' & '));
    }
    return true;
  }

  function questionButton(question) {
    const button = el('button', { type: 'button', className: 'ab-chip', text: question });
    button.addEventListener('click', () => {
      input.value = question;
      ask(question);
    });
    return el('li', {}, button);
  }

  async function loadQuestions() {
    try {
      const response = await fetch(url(scopePath('questions')), { headers: headers() });
      if (!response.ok) return;
      const body = await response.json();
      suggestionList.replaceChildren(...(body.questions || []).slice(0, 6).map(questionButton));
      suggestions.hidden = !suggestionList.children.length;
    } catch (error) {
      // Suggestions are optional; searching and asking report their own errors.
    }
  }

  // MARK: Search as you type

  function closeResults() {
    results.hidden = true;
    results.replaceChildren();
    state.results = [];
    state.active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function setActive(index) {
    const items = results.querySelectorAll('[role="option"]');
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === index)));
    state.active = index;
    if (index >= 0 && items[index]) {
      input.setAttribute('aria-activedescendant', items[index].id);
      items[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function showResults(body) {
    const flat = [];
    const spacesOfResults = spaces.length === 1 ? [{ pages: body.items || [] }] : body.items || [];
    for (const space of spacesOfResults) {
      for (const page of space.pages || []) {
        const sections = page.sections && page.sections.length ? page.sections : [null];
        for (const section of sections) {
          flat.push({ page: page.title, section: section && section.title !== page.title ? section.title : '', body: section ? section.body : '', href: safeURL((section || page).urls.app) });
        }
      }
    }
    state.results = flat.slice(0, 8);
    results.replaceChildren(
      ...state.results.map((result, i) => {
        const option = el(
          'li',
          { id: id('r' + i), role: 'option', className: 'ab-result', 'aria-selected': 'false' },
          el('span', { className: 'ab-result-title', text: result.page + (result.section ? ' › ' + result.section : '') }),
          result.body ? el('span', { className: 'ab-result-body', text: result.body }) : null
        );
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', () => openResult(i));
        return option;
      })
    );
    results.hidden = !state.results.length;
    input.setAttribute('aria-expanded', String(!results.hidden));
    state.active = -1;
    if (!state.results.length) showStatus('No pages match yet — press Enter to ask.', 'info');
    else showStatus(state.results.length + ' result' + (state.results.length === 1 ? '' : 's') + '.', 'info');
  }

  function openResult(index) {
    const result = state.results[index];
    if (result && result.href) window.location.assign(result.href);
  }

  async function search(query) {
    const seq = ++state.searchSeq;
    let response;
    try {
      response = await fetch(url(scopePath('search'), { query, limit: '8' }), { headers: headers() });
    } catch (error) {
      if (seq === state.searchSeq) showStatus((await failure(null, error)).text, 'network');
      return;
    }
    if (seq !== state.searchSeq) return;
    if (!response.ok) {
      const problem = await failure(response);
      if (seq === state.searchSeq) showStatus(problem.text, problem.kind);
      return;
    }
    showResults(await response.json());
  }

  input.addEventListener('input', () => {
    clearTimeout(state.searchTimer);
    const query = input.value.trim();
    if (query.length < 2) {
      state.searchSeq += 1;
      closeResults();
      return;
    }
    state.searchTimer = setTimeout(() => search(query), SEARCH_DELAY_MS);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && state.results.length) {
      event.preventDefault();
      setActive((state.active + 1) % state.results.length);
    } else if (event.key === 'ArrowUp' && state.results.length) {
      event.preventDefault();
      setActive(state.active <= 0 ? state.results.length - 1 : state.active - 1);
    } else if (event.key === 'Enter' && state.active >= 0) {
      event.preventDefault();
      openResult(state.active);
    } else if (event.key === 'Escape' && !results.hidden) {
      event.preventDefault();
      event.stopPropagation();
      closeResults();
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (question) ask(question);
  });

  // MARK: Ask

  // The link for a citation or a link in the answer: citations ([1]) go to the cited page and section on the public
  // docs site, in the space of that source; anything but http(s) and relative addresses stays text.
  function answerLink(sources) {
    return (href, text) => {
      const citation = /^\[(\d+)\]$/.exec(text);
      const source = citation ? sources[Number(citation[1]) - 1] : null;
      const space = (source && source.space) || spaces[0] || '';
      const base = options.publicURL.replace(/\/+$/, '') + '/s/' + encodeURIComponent(space) + '/';
      const target = safeURL(href, base);
      if (!target) return document.createTextNode(text);
      if (citation) {
        return el('a', { href: target, className: 'ab-cite', rel: 'noopener noreferrer', 'aria-label': 'Source ' + citation[1], text: citation[1] });
      }
      return inline(el('a', { href: target, rel: 'noopener noreferrer' }), text, () => document.createTextNode(''));
    };
  }

  // The numbered list of sources: each citation's page and section, linked like the citations.
  function sourceList(markdown, sources) {
    const seen = new Map();
    for (const match of markdown.matchAll(/\[\[(\d+)\]\]\(([^)\s]+)\)/g)) if (!seen.has(match[1])) seen.set(match[1], match[2]);
    if (!seen.size) return null;
    const list = el('ol', { className: 'ab-sources', 'aria-label': 'Sources' });
    const link = answerLink(sources);
    for (const [number, href] of [...seen.entries()].sort((a, b) => a[0] - b[0])) {
      const [path, section] = href.split('#');
      const anchor = link(href, '[' + number + ']');
      if (anchor.nodeName !== 'A') continue;
      anchor.className = 'ab-source';
      anchor.removeAttribute('aria-label');
      anchor.textContent = pathTitle(path) + (section ? ' › ' + pathTitle(section) : '');
      list.append(el('li', { value: number }, anchor));
    }
    return list;
  }

  function renderAnswer(snapshot, done) {
    const markdown = (snapshot.answer && snapshot.answer.markdown) || '';
    const sources = snapshot.sources || [];
    const abstained = markdown.startsWith(ABSTENTION);
    const body = el('div', { className: 'ab-answer-body' + (abstained ? ' ab-abstained' : '') }, el('p', { className: 'ab-question', text: state.question }));
    if (abstained) {
      body.append(el('p', { className: 'ab-abstain-title', text: 'No answer found in the documentation.' }));
      body.append(renderMarkdown(markdown.slice(ABSTENTION.length).trim() || 'Try rephrasing, or search for a page above.', answerLink(sources)));
    } else {
      body.append(renderMarkdown(markdown, answerLink(sources)));
      const list = sourceList(markdown, sources);
      if (list) body.append(el('h2', { className: 'ab-sources-title', text: 'Sources' }), list);
    }
    const followups = snapshot.followupQuestions || [];
    if (followups.length) {
      body.append(el('h2', { className: 'ab-followups-title', text: 'Follow-up questions' }), el('ul', { className: 'ab-chips ab-followups' }, ...followups.map(questionButton)));
    }
    answer.replaceChildren(body);
    answer.dataset.state = done ? (abstained ? 'abstained' : 'answered') : 'streaming';
    return abstained;
  }

  function feedbackControl(answerId) {
    const group = el('div', { className: 'ab-feedback', role: 'group', 'aria-labelledby': id('fb') }, el('span', { id: id('fb'), text: 'Was this helpful?' }));
    const note = el('span', { className: 'ab-feedback-note', role: 'status' });
    for (const [rating, label] of [['good', 'Good'], ['ok', 'OK'], ['bad', 'Bad']]) {
      const button = el('button', { type: 'button', className: 'ab-rate', 'data-rating': rating, 'aria-pressed': 'false', text: label });
      button.addEventListener('click', async () => {
        group.querySelectorAll('.ab-rate').forEach((b) => { b.disabled = true; });
        let response;
        try {
          response = await fetch(url('/v1/answers/' + encodeURIComponent(answerId) + '/feedback'), { method: 'PUT', headers: headers(true), body: JSON.stringify({ rating }) });
        } catch (error) {
          response = null;
        }
        if (response && response.ok) {
          button.setAttribute('aria-pressed', 'true');
          note.textContent = 'Thanks for your feedback.';
          group.dataset.sent = rating;
        } else {
          note.textContent = (await failure(response)).text;
          group.querySelectorAll('.ab-rate').forEach((b) => { b.disabled = false; });
        }
      });
      group.append(button);
    }
    group.append(note);
    return group;
  }

  async function ask(question) {
    clearTimeout(state.searchTimer);
    state.searchSeq += 1;
    closeResults();
    if (state.askController) state.askController.abort();
    const controller = new AbortController();
    state.askController = controller;
    state.question = question;
    suggestions.hidden = true;
    answer.hidden = false;
    answer.setAttribute('aria-busy', 'true');
    answer.dataset.state = 'waiting';
    answer.replaceChildren(el('p', { className: 'ab-question', text: question }), el('p', { className: 'ab-thinking', text: 'Looking through the docs…' }));
    showStatus('');
    const started = performance.now();
    let response;
    try {
      response = await fetch(url(scopePath('stream'), { query: question }), { headers: headers(), signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) return;
      return askFailed(await failure(null, error));
    }
    if (!response.ok) return askFailed(await failure(response));
    const answerId = response.headers.get('X-Askbook-Answer-Id');
    let last = null;
    let streamError = null;
    try {
      await readEvents(response, (name, data) => {
        if (controller.signal.aborted) return;
        if (name === 'error') {
          try {
            streamError = (JSON.parse(data).error || {}).message;
          } catch (ignored) {
            streamError = 'The answer stopped early.';
          }
          return;
        }
        if (data === 'done') return;
        const event = JSON.parse(data);
        if (!last) app.dataset.firstEventMs = String(Math.round(performance.now() - started));
        last = event.answer;
        renderAnswer(last, false);
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      streamError = streamError || 'The connection was lost while the answer was streaming.';
    }
    if (controller.signal.aborted) return;
    answer.setAttribute('aria-busy', 'false');
    if (!last) return askFailed({ kind: 'error', text: streamError || 'No answer came back.' });
    const abstained = renderAnswer(last, true);
    if (streamError) showStatus(streamError, 'error');
    if (answerId) answer.append(feedbackControl(answerId));
    showStatus(abstained ? 'No answer found; the closest pages are listed.' : 'Answer ready.', 'info');
  }

  function askFailed(problem) {
    answer.setAttribute('aria-busy', 'false');
    answer.dataset.state = 'failed';
    answer.replaceChildren(el('p', { className: 'ab-error ab-error-' + problem.kind, text: problem.text }));
    showStatus(problem.text, problem.kind);
  }

  if (!options.key) {
    showStatus('No access key: open this page as /ask?key=VISITOR_KEY&spaces=SPACE, or start the server with --ask-key.', 'auth');
  } else if (!spaces.length) {
    showStatus('No spaces: add &spaces=SPACE to the address, or start the server with --ask-spaces.', 'error');
  } else {
    loadSpaces().then((ok) => { if (ok) loadQuestions(); });
  }

  return {
    focus: () => input.focus(),
    element: app,
  };
}
