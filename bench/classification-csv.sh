#!/usr/bin/env bash
# Writes a synthetic classification CSV: ROWS rows of FEATURES numeric columns x1..xN and a label
# (a, b or c, from a noisy linear score), the same file for the same arguments (fixed seed).
#   bench/classification-csv.sh OUT [ROWS] [FEATURES]
set -euo pipefail
OUT=$1; ROWS=${2:-20000}; FEATURES=${3:-8}
awk -v rows="$ROWS" -v n="$FEATURES" 'BEGIN {
  srand(42)
  for (j = 1; j <= n; j++) { w[j] = rand() * 2 - 1; printf "x%d,", j }
  print "label"
  for (i = 0; i < rows; i++) {
    s = 0
    for (j = 1; j <= n; j++) { x = rand() * 4 - 2; s += w[j] * x; printf "%.4f,", x }
    s += rand() - 0.5
    print (s < -0.4 ? "a" : s < 0.4 ? "b" : "c")
  }
}' > "$OUT"
