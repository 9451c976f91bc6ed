#!/usr/bin/env bash
# Mutation testing of the code that decides pass or fail: the checking core (Assertions), Api, Scenarios,
# Conformance, Config and the YAML reading, each against its specs. HTML reports in StrykerOutput/NAME/.../reports.
# Usage from the repository root: bash stryker/run.sh [NAME...]   (names: the .json files here; default: all)
# Needs: dotnet tool restore (dotnet-stryker is pinned in .config/dotnet-tools.json). About 50 minutes on 2 cores.
set -uo pipefail
cd "$(dirname "$0")"
dotnet tool restore > /dev/null
names=("$@"); [ ${#names[@]} -eq 0 ] && names=(assertions api scenarios conformance config yaml)
mkdir -p ../StrykerOutput
for name in "${names[@]}"; do
  dotnet stryker -f "$name.json" -O "../StrykerOutput/$name" > "../StrykerOutput/$name.log" 2>&1
  echo "$name: $(grep -o 'The final mutation score is [0-9.]* %' "../StrykerOutput/$name.log" || echo 'no score: see StrykerOutput/'"$name"'.log')"
done
