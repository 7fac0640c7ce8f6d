#!/usr/bin/env bash
# Smoke test of the BUILT program (not the sources), headless:
#   packaging/smoke_test.sh [dist/dnevnik]
# --version; demo, info --json, export and its import at an office (when the program has
# those commands: `--help` decides), every report as PDF and XLSX, all in a temporary data
# folder; the PostgreSQL driver (an address where no server listens must be refused with the
# program's own message, which needs psycopg2 in the bundle); then `selftest` (the window
# offscreen, every page of both modes). Works on Linux and, under Git Bash, on Windows (there
# it runs dnevnik-cli.exe; .github/workflows/windows.yml does so).
set -euo pipefail

folder=${1:-dist/dnevnik}
program=""
for candidate in dnevnik-cli.exe dnevnik-cli dnevnik; do
  if [ -x "$folder/$candidate" ] || [ -f "$folder/$candidate" ]; then
    program="$folder/$candidate"
    break
  fi
done
if [ -z "$program" ]; then
  echo "smoke: no built program in $folder — run \`make build\` first" >&2
  exit 2
fi

export QT_QPA_PLATFORM=offscreen
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dnevnik-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The program must never reach the user's own data folder, whatever happens below.
export DNEVNIK_DATA_DIR="$tmp/default-data"
data="$tmp/data"
# Started from elsewhere, so nothing can come from a checkout in the working directory.
cd "$tmp"
case "$program" in /*) ;; *) program="$OLDPWD/$program" ;; esac

checks=0
step() { checks=$((checks + 1)); printf '\n== smoke: %s\n' "$*"; }
fail() { printf 'smoke: FAILED — %s\n' "$*" >&2; exit 1; }
run() { "$program" "$@" || fail "$program $* (exit $?)"; }

step "--version"
version=$(run --version)
echo "$version"
case "$version" in *"Дневник школы"*) ;; *) fail "--version printed «$version»" ;; esac

step "demo"
run --data-dir "$data" demo

step "info --json"
info=$(run --data-dir "$data" info --json)
echo "$info" | head -n 12
echo "$info" | grep -q '"mode": "school"' || fail "info --json does not say the mode is school"

commands=$(run --help | tr -s ' \n' ' ')
if echo "$commands" | grep -qw export; then
  step "export"
  mkdir -p "$tmp/packages"
  run --data-dir "$data" export --out "$tmp/packages"
  ls "$tmp"/packages/*.dnevnik >/dev/null 2>&1 || fail "export wrote no .dnevnik file into $tmp/packages"
  ls -l "$tmp"/packages
  if echo "$commands" | grep -qw import; then
    step "import at a municipal office"
    run --data-dir "$tmp/office" init --mode municipality --name "Отдел образования (проверка)"
    imported=$(run --data-dir "$tmp/office" import "$tmp"/packages/*.dnevnik --json)
    echo "$imported" | head -n 8
    echo "$imported" | grep -q '"status": "imported"' || fail "the office did not import the school's package"
  fi
else
  step "export: skipped — this build has no export command yet"
fi

step "report plan --format pdf"
run --data-dir "$data" report plan --format pdf --out "$tmp/plan.pdf"
head -c 5 "$tmp/plan.pdf" | grep -q '%PDF-' || fail "plan.pdf is not a PDF"

# Every other report the program lists, in both formats: each pulls in its own modules. A
# report the school's database refuses («Отказано: …», e.g. the district report) is made
# from the office's, which has imported the school's package.
# The kinds are listed under «команды и аргументы», before the options («параметры:»).
kinds=$(run report --help | sed -n '/^команды и аргументы/,/^параметры/p' | tr -s ' \n' ' ' \
  | grep -oE '[a-z][a-z-]* — ' | cut -d' ' -f1 | sort -u)
for kind in $kinds; do
  for format in pdf xlsx; do
    step "report $kind --format $format"
    out="$tmp/$kind.$format"
    if "$program" --data-dir "$data" report "$kind" --format "$format" --out "$out" 2>"$tmp/report.err"; then
      :
    elif [ -s "$tmp/office/dnevnik.db" ] && grep -q '^Отказано' "$tmp/report.err"; then
      cat "$tmp/report.err"
      echo "(refused at the school: made from the office's database)"
      run --data-dir "$tmp/office" report "$kind" --format "$format" --out "$out"
    else
      cat "$tmp/report.err" >&2
      fail "$program --data-dir $data report $kind --format $format --out $out"
    fi
    [ -s "$out" ] || fail "report $kind wrote nothing"
  done
done

# Port 1 on this machine: refused at once (connect_timeout in case a firewall drops it).
step "--db postgresql://… with no server there: the bundled driver answers"
pg_url="postgresql://nobody@127.0.0.1:1/dnevnik?connect_timeout=5"
pg_status=0
# (Git Bash on Windows: hand the address over as it is, no path conversion.)
pg_out=$(MSYS2_ARG_CONV_EXCL='*' "$program" --db "$pg_url" info 2>&1) || pg_status=$?
echo "$pg_out"
case "$pg_out" in
  *"нет драйвера"* | *"No module named"*)
    fail "the built program cannot reach PostgreSQL: psycopg2 is missing from the bundle" ;;
  *"Traceback"*) fail "--db $pg_url crashed instead of being refused" ;;
esac
case "$pg_out" in
  *"Не удалось открыть базу данных"*"127.0.0.1"*) ;;
  *) fail "--db $pg_url did not end with the program's message about the database it could not open" ;;
esac
[ "$pg_status" -eq 1 ] || fail "--db $pg_url ended with exit $pg_status, not 1 (refused)"

step "selftest"
run selftest

printf '\nsmoke test of the built program %s: all checks passed\n' "$program"
# A failed check has already ended the script, so reaching here means none failed.
printf 'smoke: %d passed, 0 failed\n' "$checks"
