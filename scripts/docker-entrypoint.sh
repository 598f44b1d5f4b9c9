#!/bin/sh
# Container start: migrate, import the course shipped in the image, then serve.
set -e
status=0
dotnet AnxiousToSecure.Web.dll migrate || status=$?
if [ "$status" -eq 3 ]; then
  # 3: the database was made by the migrations from before they were squashed (see README, Decisions).
  echo "To start over with an empty database (this deletes its data): docker compose down -v, then docker compose up." >&2
fi
[ "$status" -eq 0 ] || exit "$status"
dotnet AnxiousToSecure.Web.dll import-content /app/course-content --keep-app-edits
exec dotnet AnxiousToSecure.Web.dll
