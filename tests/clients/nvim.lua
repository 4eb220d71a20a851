-- `redline lsp` in headless Neovim (0.7 or newer): open a draft with a
-- misspelt term, read back its diagnostics, apply the quick fix, read back
-- the veto, hover on a term. Each result is a line of REDLINE_OUT, which
-- tests/clients/run.sh reads.
local bin = os.getenv("REDLINE_BIN")
local root = os.getenv("REDLINE_ROOT")
local draft = os.getenv("REDLINE_DRAFT")
local out = assert(io.open(os.getenv("REDLINE_OUT"), "w"))
local function say(s)
  out:write(s, "\n")
  out:flush()
end
local function fail(s)
  say("FAILED: " .. s)
  out:close()
  vim.cmd("cquit 1")
end

-- The draft, as an unsaved buffer inside the workspace's proposals/.
local lines = {}
for l in io.lines(draft) do
  table.insert(lines, l)
end
vim.cmd("edit " .. root .. "/proposals/nvim_draft.toml")
local buf = vim.api.nvim_get_current_buf()
vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)

local client = vim.lsp.start_client({ name = "redline", cmd = { bin, "lsp" }, root_dir = root })
if not client then
  fail("the client did not start")
end
vim.lsp.buf_attach_client(buf, client)

local severity = { "error", "warning", "info", "hint" }
local function diagnostics(want)
  local ok = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == want then
        return true
      end
    end
    return false
  end, 50)
  if not ok then
    fail("no " .. want .. " diagnostic")
  end
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local first = vim.split(d.message, "\n")[1]
    say(string.format("diagnostic %d:%d %s %s %s", d.lnum + 1, d.col + 1, severity[d.severity], d.code, first))
  end
end

diagnostics("unknown-term")

-- The quick fix of the misspelt term, applied as the editor would.
local unknown
for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buf, 12)) do
  if d.code == "unknown-term" then
    unknown = d
  end
end
if not unknown then
  fail("no unknown-term diagnostic on line 13")
end
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = unknown.range,
  context = { diagnostics = { unknown } },
}
local res = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000)
local applied = false
for _, r in pairs(res or {}) do
  for _, action in ipairs(r.result or {}) do
    say("fix: " .. action.title)
    vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
    applied = true
  end
end
if not applied then
  fail("no quick fix")
end
say("line 13 now: " .. vim.api.nvim_buf_get_lines(buf, 12, 13, false)[1])

-- Fixed, the draft is checked: Russia's veto on clause 1.
diagnostics("veto")

-- Hover on the term `troops.western_timing` (line 8).
local col = string.find(vim.api.nvim_buf_get_lines(buf, 7, 8, false)[1], "troops.western_timing", 1, true)
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 7, character = col + 2 },
}, 10000)
for _, r in pairs(hover or {}) do
  if r.result then
    say("hover " .. vim.split(r.result.contents.value, "\n")[1])
  end
end

vim.lsp.stop_client(client)
vim.wait(2000, function()
  return vim.lsp.get_client_by_id(client) == nil
end, 50)
say("done")
out:close()
vim.cmd("qall!")
