#!/usr/bin/env bash
# Runs one hostile-input case against the real heaviside binary and checks every expectation.
# Usage: run_case.sh <heaviside> <case file> <inputs dir> <scratch dir>
# A case file holds `key: value` lines (`#` lines are comments):
#   files: a.csv b.hnet   inputs copied from the inputs dir into the (fresh) scratch dir
#   setup: <shell>        run in the scratch dir before heaviside (e.g. mkdir, chmod); $HV is the
#                         heaviside binary (e.g. to compile a model first)
#   run: <arguments>      heaviside's arguments, as shell words, run in the scratch dir
#   exit: <code>          expected exit status
#   stderr: <line>        expected standard error, exactly, one key per line (none: empty)
#   stdout-has: <text>    text that must occur in standard output (any number)
#   absent: <path>...     paths that must not exist afterwards (no partial output)
#   as: nobody            run setup and heaviside as an unprivileged user (for permission cases:
#                         as root, through setpriv as uid/gid 65534 in a private copy under /tmp)
# Every case also checks that no temporary (*.tmp.*) is left anywhere in the scratch dir.
set -uo pipefail
hv=$(realpath "$1") case_file=$(realpath "$2") inputs=$(realpath "$3") scratch=$4

files=() setup=() run="" want_exit="" stderr_lines=() stdout_has=() absent=() as_user=""
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    ''|'#'*) continue ;;
  esac
  key=${line%%:*}
  value=${line#*:}
  value=${value# }
  case "$key" in
    files) read -r -a more <<<"$value"; files+=("${more[@]}") ;;
    setup) setup+=("$value") ;;
    run) run=$value ;;
    exit) want_exit=$value ;;
    stderr) stderr_lines+=("$value") ;;
    stdout-has) stdout_has+=("$value") ;;
    absent) read -r -a more <<<"$value"; absent+=("${more[@]}") ;;
    as) as_user=$value ;;
    *) echo "run_case: $case_file: unknown key '$key'"; exit 2 ;;
  esac
done <"$case_file"
[ -n "$want_exit" ] || { echo "run_case: $case_file: no 'exit:' line"; exit 2; }
drop=()
if [ -n "$as_user" ]; then
  [ "$as_user" = nobody ] || { echo "run_case: $case_file: 'as:' takes only 'nobody'"; exit 2; }
  if [ "$(id -u)" -eq 0 ]; then
    # Permissions do not bind root: run as uid/gid 65534, in a private directory it can reach
    # whatever the permissions on the path to the build tree.
    private=$(mktemp -d /tmp/hv-hostile.XXXXXX) || exit 2
    trap 'rm -rf "$private"' EXIT
    chmod 755 "$private"
    cp "$hv" "$private/heaviside" || exit 2
    hv=$private/heaviside
    scratch=$private/scratch
    drop=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
  fi
fi

rm -rf "$scratch"
mkdir -p "$scratch"
for f in "${files[@]}"; do cp "$inputs/$f" "$scratch/" || exit 2; done
[ ${#drop[@]} -eq 0 ] || chown -R 65534:65534 "$scratch" || exit 2
cd "$scratch" || exit 2
export HV="$hv"
for s in "${setup[@]}"; do "${drop[@]}" bash -c "$s" || { echo "run_case: setup failed: $s"; exit 2; }; done

eval "set -- $run"
"${drop[@]}" "$hv" "$@" >.stdout 2>.stderr
got_exit=$?

fail=0
if [ "$got_exit" != "$want_exit" ]; then
  echo "FAIL: exit status $got_exit, expected $want_exit"
  fail=1
fi
if [ ${#stderr_lines[@]} -gt 0 ]; then printf '%s\n' "${stderr_lines[@]}" >.stderr.want; else : >.stderr.want; fi
if ! cmp -s .stderr .stderr.want; then
  echo "FAIL: standard error differs (--- expected, +++ actual):"
  diff -u .stderr.want .stderr | tail -n +3
  fail=1
fi
for t in "${stdout_has[@]}"; do
  if ! grep -qF -- "$t" .stdout; then
    echo "FAIL: standard output lacks '$t'"
    fail=1
  fi
done
for p in "${absent[@]}"; do
  if [ -e "$p" ]; then
    echo "FAIL: '$p' exists; a failed run must leave no output"
    fail=1
  fi
done
litter=$(find . -name '*.tmp.*' -print)
if [ -n "$litter" ]; then
  echo "FAIL: temporaries left behind: $litter"
  fail=1
fi
if [ $fail -ne 0 ]; then
  echo "--- command: heaviside $run"
  echo "--- stdout:"; cat .stdout
  echo "--- stderr:"; cat .stderr
  exit 1
fi
echo "ok: heaviside $run -> exit $got_exit"
