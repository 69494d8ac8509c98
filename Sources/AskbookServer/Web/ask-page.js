// The page GET /ask: key and spaces from the URL (?key=…&spaces=a,b), else from the server (askbook serve --ask-key).
const params = new URLSearchParams(window.location.search);
const meta = (name) => (document.querySelector('meta[name="' + name + '"]') || {}).content || '';
const pageKey = params.get('key') || meta('askbook-key');
const pageSpaces = (params.get('spaces') || meta('askbook-spaces')).split(',').map((s) => s.trim()).filter(Boolean);
const pageRoot = document.getElementById('askbook');
const pageApp = mountAskbook(pageRoot, {
  base: '',
  key: pageKey,
  spaces: pageSpaces,
  publicURL: meta('askbook-public-url'),
  onTitle: (title) => { document.title = title + ' · Ask'; },
});
pageApp.focus();
