# Sourced by the uniffi scripts: starts target/debug/sentc-server --dev on SQLite in a temporary
# folder on a free loopback port, sets $url and $token (the dev app's public token), and stops
# it when the sourcing script exits.
folder=$(mktemp -d)
target/debug/sentc-server --dev --listen 127.0.0.1:0 --database-url "sqlite://$folder/sentc.db?mode=rwc" \
  >"$folder/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$folder"' EXIT
for _ in $(seq 1 200); do
  grep -q "secret token:" "$folder/server.log" && grep -q "listening on" "$folder/server.log" && break
  sleep 0.1
done
url=$(grep -o "listening on http://[^ ]*" "$folder/server.log" | head -1 | cut -d' ' -f3)
token=$(grep -o "public token: *[^ ]*" "$folder/server.log" | head -1 | awk '{print $3}')
secret=$(grep -o "secret token: *[^ ]*" "$folder/server.log" | head -1 | awk '{print $3}')
[ -n "$url" ] && [ -n "$token" ] || { cat "$folder/server.log" >&2; echo "sentc-server did not start" >&2; exit 1; }
