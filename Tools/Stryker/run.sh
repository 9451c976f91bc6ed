#!/usr/bin/env bash
# Mutation testing of the code that decides pass or fail, each part against its specs in Specs/: the checking core in
# TestKit (assertions: Assertions/, scenarios: Scenarios/), Api, Foundation's contract check (conformance: Conformance/)
# and YAML reading (yaml: Yaml/), and Config. HTML reports in StrykerOutput/NAME/.../reports at the repository root.
# Usage from anywhere: bash Tools/Stryker/run.sh [NAME...]   (names: the .json files here; default: all)
# Needs: dotnet tool restore (dotnet-stryker is pinned in .config/dotnet-tools.json). About 50 minutes on 2 cores.
set -uo pipefail
# Stryker runs from this folder (the configs' paths are relative to it; no solution file here, so it does not switch
# to solution mode); its output goes to StrykerOutput/ at the repository root, which git ignores.
cd "$(dirname "$0")"
out=../../StrykerOutput
dotnet tool restore > /dev/null
names=("$@"); [ ${#names[@]} -eq 0 ] && names=(assertions api scenarios conformance config yaml)
mkdir -p "$out"
for name in "${names[@]}"; do
  dotnet stryker -f "$name.json" -O "$out/$name" > "$out/$name.log" 2>&1
  echo "$name: $(grep -o 'The final mutation score is [0-9.]* %' "$out/$name.log" || echo 'no score: see StrykerOutput/'"$name"'.log')"
done
