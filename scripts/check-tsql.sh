#!/usr/bin/env bash
# Proves every T-SQL text Hearth ships parses as T-SQL (sqlfluff, dialect tsql):
#   - Migrations/sqlserver/*.sql
#   - every statement the SQL Server backend issues (`hearth db statements`)
#   - `hearth db script --idempotent` and `hearth db script` output
#   - `hearth db worker-role` (the hearth_worker database role)
# Installs sqlfluff (PyPI) into .build/tsql-venv on first use (gitignored with .build/).
# Exits non-zero on any parse error. Usage: scripts/check-tsql.sh [path/to/hearth]
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.build/tsql-venv
if [ ! -x "$VENV/bin/sqlfluff" ]; then
    echo "check-tsql: installing sqlfluff into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet sqlfluff
fi

HEARTH=${1:-}
if [ -z "$HEARTH" ]; then
    swift build --product hearth >/dev/null
    HEARTH=$(swift build --show-bin-path)/hearth
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$HEARTH" db statements > "$OUT/statements.sql"
"$HEARTH" db script --idempotent > "$OUT/script-idempotent.sql"
"$HEARTH" db script > "$OUT/script-plain.sql"
"$HEARTH" db worker-role > "$OUT/worker-role.sql"

status=0
for file in Migrations/sqlserver/*.sql "$OUT"/*.sql; do
    if "$VENV/bin/sqlfluff" parse --dialect tsql "$file" > "$OUT/parse.log" 2>&1; then
        echo "check-tsql: ok      $file"
    else
        echo "check-tsql: FAILED  $file"
        grep -n -B3 -A3 -i "unparsable\|error" "$OUT/parse.log" | head -40 || true
        status=1
    fi
done
exit $status
