#!/usr/bin/env bash
# The servers through real clients (run by `cargo test`, tests/serve.rs):
#
# - `redline mcp` through the official MCP inspector in command-line mode
#   (npm @modelcontextprotocol/inspector; `.ci/run` installs it into
#   target/mcp-inspector when missing): list the tools, lint a draft with a
#   misspelt term, lint it fixed, check it, and check a shipped plan;
# - `redline lsp` through headless Neovim (Debian's `neovim`; `.ci/run`
#   installs it when missing): open the same draft, read back its
#   diagnostics, apply the quick fix, read back the veto, and hover.
#
# A client that is missing is reported as SKIPPED, except under CI or with
# REDLINE_REQUIRE_CLIENTS set (as `.ci/run` does), where it is a failure. REDLINE_BIN is the binary to test.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${REDLINE_BIN:-$root/target/debug/redline}
draft=$root/tests/clients/draft.toml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

missing() {
  if [ -n "${CI:-}${REDLINE_REQUIRE_CLIENTS:-}" ]; then
    echo "FAILED: $1 is missing under CI (.ci/run installs it)"
    exit 1
  fi
  echo "SKIPPED: $1 is missing; $2 not tested with a real client"
}

expect() { # FILE PATTERN WHAT
  if ! grep -q -- "$2" "$1"; then
    echo "FAILED: $3: no \`$2\` in:"
    cat "$1"
    exit 1
  fi
  echo "ok: $3"
}

# ---- MCP: the official inspector, command-line mode -------------------------
inspector=${REDLINE_MCP_INSPECTOR:-$root/target/mcp-inspector/node_modules/.bin/mcp-inspector}
if [ -x "$inspector" ] && command -v node >/dev/null; then
  mcp() { timeout 120 "$inspector" --cli "$bin" -C "$root" mcp "$@"; }
  mcp --method tools/list >"$out/tools.json"
  for t in vocabulary lint_plan check_plan explain amend diff matrix timeline coalitions; do
    expect "$out/tools.json" "\"name\": \"$t\"" "inspector lists tool $t"
  done
  mcp --method tools/call --tool-name vocabulary --tool-arg term=western_arms >"$out/vocab.json"
  expect "$out/vocab.json" '"id": "ukraine.western_arms_and_training"' "inspector: vocabulary finds the term"
  mcp --method tools/call --tool-name lint_plan --tool-arg "text=$(cat "$draft")" >"$out/lint.json"
  expect "$out/lint.json" '"code": "unknown-term"' "inspector: lint_plan finds the misspelt term"
  expect "$out/lint.json" 'did you mean `ukraine.western_arms_and_training`' "inspector: lint_plan suggests the term"
  fixed=$(sed 's/trainin"/training"/' "$draft")
  mcp --method tools/call --tool-name lint_plan --tool-arg "text=$fixed" >"$out/lint2.json"
  expect "$out/lint2.json" '"ok": true' "inspector: the fixed draft lints clean"
  mcp --method tools/call --tool-name check_plan --tool-arg "text=$fixed" >"$out/check.json"
  expect "$out/check.json" 'russia veto russia/no-stationed-nato-contingent' "inspector: check_plan finds Russia's veto"
  mcp --method tools/call --tool-name check_plan --tool-arg plan=three-tier-security-plan >"$out/shipped.json"
  expect "$out/shipped.json" '"id": "three-tier-security-plan"' "inspector: check_plan on a shipped plan"
  if mcp --method tools/call --tool-name check_plan --tool-arg plan=../../etc/passwd >"$out/bad.json" 2>&1; then :; fi
  expect "$out/bad.json" 'outside the workspace' "inspector: a path outside is refused"
else
  missing "the MCP inspector ($inspector)" "redline mcp"
fi

# ---- LSP: headless Neovim -----------------------------------------------------
if command -v nvim >/dev/null; then
  REDLINE_BIN=$bin REDLINE_ROOT=$root REDLINE_DRAFT=$draft REDLINE_OUT=$out/nvim.txt \
    timeout 120 nvim --headless --clean -n -u NONE -c "luafile $root/tests/clients/nvim.lua" >"$out/nvim.log" 2>&1 || {
      echo "FAILED: nvim exited with $?"; cat "$out/nvim.log"; cat "$out/nvim.txt" 2>/dev/null; exit 1; }
  [ -f "$out/nvim.txt" ] || { echo "FAILED: nvim wrote nothing"; cat "$out/nvim.log"; exit 1; }
  expect "$out/nvim.txt" 'diagnostic 13:[0-9]* error unknown-term' "nvim: the misspelt term, as an error on its line"
  expect "$out/nvim.txt" 'fix: Replace with `ukraine.western_arms_and_training`' "nvim: the quick fix"
  expect "$out/nvim.txt" 'diagnostic 8:[0-9]* warning veto russia vetoes clause `1`' "nvim: Russia's veto, as a warning on clause 1"
  expect "$out/nvim.txt" 'hover \*\*troops.western_timing\*\*' "nvim: hover on a term"
  expect "$out/nvim.txt" 'done' "nvim: the session ended"
else
  missing "Neovim (nvim)" "redline lsp"
fi
