# Production-like image of the app. docker-compose.yml runs it with PostgreSQL and a mail catcher.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/AnxiousToSecure.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY course-content /app/course-content
COPY scripts/docker-entrypoint.sh /app/docker-entrypoint.sh
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["sh", "/app/docker-entrypoint.sh"]
