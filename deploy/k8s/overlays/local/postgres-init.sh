#!/bin/sh
# Used by docker-compose.yml and by the local Kubernetes overlay (its ConfigMap), so it lives here.
# One database per service, each owned by a role of its own that can reach no other database
# (shared/design.md: a service reads only its own database). Passwords come from the environment.
set -eu
for service in auth audio messaging diary; do
  password=$(printenv "$(echo "$service" | tr a-z A-Z)_DB_PASSWORD")
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
      -v role="$service" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
