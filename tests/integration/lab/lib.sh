# Shared by the lab test scripts: TAP-like output (every check prints what it checks) and helpers.
# Sourced, not executed.

checks_run=0
checks_failed=0

# ok DESCRIPTION / not_ok DESCRIPTION [DETAIL...]
ok() {
  checks_run=$((checks_run + 1))
  printf 'ok %d - %s\n' "$checks_run" "$1"
}
not_ok() {
  checks_run=$((checks_run + 1))
  checks_failed=$((checks_failed + 1))
  printf 'not ok %d - %s\n' "$checks_run" "$1"
  shift
  local line
  for line in "$@"; do printf '#   %s\n' "$line"; done
}

# check DESCRIPTION CMD...: runs CMD (output captured), ok when it exits 0.
check() {
  local what=$1 out
  shift
  if out=$("$@" 2>&1); then
    ok "$what"
  else
    not_ok "$what" "command: $*" "${out:0:2000}"
  fi
}

# Prints the summary; the script's exit status.
finish() {
  printf '# %d checks, %d failed\n' "$checks_run" "$checks_failed"
  [ "$checks_failed" -eq 0 ]
}

# The checks talk to loopback only: a proxy from the caller's environment must not get in the way.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

# curl with the lab's defaults: no ~/.curlrc (-q), bounded time. No proxy unless -x is given: the
# proxy variables are unset above (--noproxy '*' would also override -x).
lcurl() { curl -q --max-time 10 -sS "$@"; }

# Writes a curl config file (0600, under $2) holding `user = "DOMAIN\\user:password"` so the
# password never appears on argv; prints its path.
curl_user_config() {
  local user=$1 folder=$2 password_file=$3 cfg password
  cfg=$folder/curl-user.cfg
  password=$(cat "$password_file")
  (umask 077 && printf 'user = "%s:%s"\n' "${user//\\/\\\\}" "$password" >"$cfg")
  printf '%s' "$cfg"
}

# The value KEY in lab.env FILE (parsed the way tests/support/lab_env.cpp does, not sourced, so a
# broken lab.env fails a check instead of the shell).
lab_env_value() {
  local file=$1 key=$2 line value
  line=$(grep -E "^export $key=" "$file" | tail -n 1) || return 1
  value=${line#export "$key"=}
  value=${value#\'}
  value=${value%\'}
  printf '%s' "${value//\'\\\'\'/\'}"
}

# True when no process's command line mentions $1 (a lab folder).
no_process_mentions() {
  local pid cmdline found=0
  for pid in /proc/[0-9]*; do
    cmdline=$(tr '\0' ' ' 2>/dev/null <"$pid/cmdline") || continue
    case $cmdline in
      *"$1"*)
        [ "${pid#/proc/}" = "$$" ] && continue
        echo "still running: ${pid#/proc/} $cmdline"
        found=1
        ;;
    esac
  done
  [ "$found" = 0 ]
}
