#!/bin/sh
# Container start: migrate, import the course shipped in the image, then serve.
set -e
dotnet AnxiousToSecure.Web.dll migrate
dotnet AnxiousToSecure.Web.dll import-content /app/course-content --keep-app-edits
exec dotnet AnxiousToSecure.Web.dll
