-- wrk script: the streamed site ask, POST /v1/orgs/{org}/sites/{site}/ask (the URL wrk is given), default scope,
-- with the same rotating questions as ask.lua; TOKEN is a read token. wrk reads each chunked stream to its end.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local questions = {
  "How do I import a GitBook folder?",
  "How do I create a read token?",
  "What does abstention mean?",
  "How do I add a hint block to a page?",
  "Which port does the server use?",
  "How do I connect a GitHub repository?",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, nil, nil, '{"question":"' .. questions[(i % #questions) + 1] .. '","scope":{"mode":"default"}}')
end
