#!/bin/sh
# The identity page of the non-IIS test server: {"user": REMOTE_USER, "authType": AUTH_TYPE}, the
# answer authreplay reads the authenticated user from (docs/non-iis-servers.md). Backslashes and
# quotes are escaped for JSON; control characters cannot occur in a principal name mod_auth_gssapi
# accepted.
json() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }
printf 'Content-Type: application/json\r\n\r\n'
printf '{"user": "%s", "authType": "%s"}\n' "$(json "${REMOTE_USER:-}")" "$(json "${AUTH_TYPE:-}")"
