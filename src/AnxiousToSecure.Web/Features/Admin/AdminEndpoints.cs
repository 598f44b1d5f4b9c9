using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Web.Features.Author;
using AnxiousToSecure.Web.Features.Checkout;
using AnxiousToSecure.Web.Features.Journal;
using AnxiousToSecure.Web.Features.Settings;
using AnxiousToSecure.Web.Hosting;

namespace AnxiousToSecure.Web.Features.Admin;

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/enrollments.csv", ExportCsvAsync).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        return app;
    }

    /// <summary>Every enrollment matching the same query string as the table, as CSV, streamed.</summary>
    private static async Task ExportCsvAsync(HttpContext http, EnrollmentDirectory directory, TimeProvider time)
    {
        var filter = AdminQuery.Parse(http.Request.Query);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"enrollments-{time.GetUtcNow():yyyy-MM-dd}.csv\"";
        http.Response.Headers.CacheControl = "no-store";
        await directory.WriteCsvAsync(filter, http.Response.Body, http.RequestAborted);
    }
}
