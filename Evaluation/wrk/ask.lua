-- wrk script: POST /v1/search/ask with a rotating set of questions; TOKEN is a read token.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local questions = {
  '{"query":"How do I import a GitBook folder?"}',
  '{"query":"How do I create a read token?"}',
  '{"query":"What does abstention mean?"}',
  '{"query":"How do I add a hint block to a page?"}',
  '{"query":"Which port does the server use?"}',
  '{"query":"How do I connect a GitHub repository?"}',
}
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, nil, nil, questions[(i % #questions) + 1])
end
