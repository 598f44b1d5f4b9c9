using AnxiousToSecure.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppServices();
if (AppCommands.IsCommand(args))
{
    // A first 'migrate' probes for the history table; that expected failure is not worth a red log line.
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
}
var app = builder.Build();

if (AppCommands.IsCommand(args))
{
    return await AppCommands.RunAsync(app.Services, args);
}

await app.SeedDevAccountsIfEnabledAsync();
app.UseAppPipeline();
app.MapAppEndpoints();
await app.RunAsync();
return 0;
